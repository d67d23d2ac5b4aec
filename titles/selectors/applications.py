"""Reads for applicants and their applications, each in a fixed number of queries.

``applicant_from_profile`` converts a stored profile into the eligibility engine's ``Applicant`` (pure once the
profile's relations are loaded by ``profile_for``). ``unit_quotas`` reads the filed schemes of ``posts`` for TITLE-10
(posts' own ``filed_schemes_by_unit`` and ``scheme_vacancies``) and counts applications in one query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count, Prefetch, Q, QuerySet

from titles.catalogue import LEVEL_RANK, NON_PUBLIC_KINDS, Catalogue, WindowInfo, unit_location_of, window_group
from titles.eligibility import (
    Applicant,
    CurrentTitle,
    Eligibility,
    GreenChannelClaim,
    anniversary,
    eligibility_check,
)
from titles.models import (
    ApplicantProfile,
    Application,
    EvaluationYear,
    HeldTitle,
    Material,
)
from titles.models.applications import ApplicationState
from titles.models.materials import ChecklistEntry, checklist, missing_items
from titles.quota import UnitQuota, teacher_quota_finding, unit_quota_findings
from workflow.models import Organisation

EDU_RANK = {e: i for i, e in enumerate(("below_college", "college", "bachelor", "master", "doctorate"))}
# Applications that count against quotas: everything handed in and not dropped.
NOT_COUNTED = (ApplicationState.DRAFT, ApplicationState.WITHDRAWN, ApplicationState.REJECTED)
GRASSROOTS_DISTRICT = ("district", "township", "village")
GRASSROOTS_TOWNSHIP = ("township", "village")


# --- profile → Applicant --------------------------------------------------------------------------------------


def profile_for(user) -> ApplicantProfile | None:
    """The user's profile with everything the engine reads (5 queries: profile + 4 relations)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ApplicantProfile.objects.select_related("unit")
        .prefetch_related(
            "education", "work", Prefetch("titles", queryset=HeldTitle.objects.select_related("series")), "sanctions"
        )
        .filter(user=user)
        .first()
    )


def service_years(periods, as_of: date) -> int:
    """Whole years of service over ``periods`` ((start, end or None), first and last day worked) before ``as_of``,
    calendar-exact (FLOW-01): one period is "满N年" on its N-th anniversary, as ``eligibility.Duration`` counts.
    Reading for several periods (累计): overlaps count once and the periods are joined end to start, as if the later
    ones followed the first without a break — N years are complete when the days worked reach the length of the N
    calendar years that begin on the first day worked (documented in docs/rules_applications.md)."""
    last_counted = as_of - timedelta(days=1)  # the day of the check is not yet worked (as Duration reads it)
    spans = sorted((start, min(end or last_counted, last_counted)) for start, end in periods)
    merged: list[list[date]] = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return 0
    worked = sum((end - start).days + 1 for start, end in merged)
    first = merged[0][0]
    years = 0
    while worked >= (anniversary(first, years + 1) - first).days:
        years += 1
    return years


def grassroots_years(work, as_of: date) -> tuple[int, int, date | None]:
    """(years in district units incl. townships, years in township/village units, start of the ongoing township
    job) counted up to ``as_of`` (TITLE-19, APPT-07), calendar-exact (``service_years``)."""
    district = [(r.started_on, r.ended_on) for r in work if r.location in GRASSROOTS_DISTRICT]
    township = [(r.started_on, r.ended_on) for r in work if r.location in GRASSROOTS_TOWNSHIP]
    township_since = None
    for record in work:
        if record.location in GRASSROOTS_TOWNSHIP and record.started_on <= as_of:
            if record.ended_on is None or record.ended_on >= as_of:
                township_since = record.started_on
    return service_years(district, as_of), service_years(township, as_of), township_since


def current_title_of(profile: ApplicantProfile) -> HeldTitle | None:
    titles = list(profile.titles.all())
    if not titles:
        return None
    return max(titles, key=lambda t: (LEVEL_RANK[t.level], t.obtained_on))


def applicant_from_profile(
    profile: ApplicantProfile,
    *,
    year: int,
    as_of: date,
    series: str,
    target_level: str | None = None,
    directional: bool = False,
    green: GreenChannelClaim | None = None,
    applied_on: date | None = None,
) -> Applicant:
    """The engine's view of a stored profile (INTERFACES §3 fields). No query when ``profile_for`` loaded it.
    ``applied_on``: the day the application is made when ``as_of`` is the later cut-off day (TITLE-02/03)."""
    education = sorted(profile.education.all(), key=lambda e: (EDU_RANK[e.education], e.graduated_on))
    highest = education[-1] if education else None
    full_time = [e for e in education if e.full_time]
    highest_full_time = full_time[-1] if full_time else None
    degrees = [e.degree for e in education if e.degree]
    work = list(profile.work.all())
    district_years, township_years, township_since = grassroots_years(work, as_of)
    held = current_title_of(profile)
    sanctions = [s for s in profile.sanctions.all() if s.decided_on <= as_of]
    heavy = [s for s in sanctions if s.kind != "warning"]
    sanction = max(heavy or sanctions, key=lambda s: s.ends_on) if sanctions else None
    unit: Organisation | None = profile.unit
    location = unit_location_of(unit.jurisdiction, unit.location) if unit is not None else "city"
    return Applicant(
        year=year,
        as_of=as_of,
        employment=profile.employment,
        unit_location=location,
        education=highest.education if highest else "below_college",
        full_time=highest.full_time if highest else False,
        degree=max(degrees, key=EDU_RANK.__getitem__) if degrees else None,
        graduated_on=highest.graduated_on if highest else None,
        field_matches=profile.field_matches,
        work_started_on=min((w.started_on for w in work), default=None),
        years_in_district=district_years,
        years_in_township=township_years,
        series=series,
        current_title=None
        if held is None
        else CurrentTitle(held.level, held.series.key, held.obtained_on, held.original_obtained_on),
        target_level=target_level,
        name=profile.full_name,
        district=unit.jurisdiction if unit is not None and unit.jurisdiction != "city" else None,
        affiliation=(unit.affiliation or None) if unit is not None else None,
        township_work_started_on=township_since,
        sanction_kind=sanction.kind if sanction else None,
        sanction_ends_on=sanction.ends_on if sanction else None,
        honours=tuple(profile.honours or ()),
        used_exceptional_before=profile.used_exceptional_before,
        civil_service_transfer_on=profile.civil_service_transfer_on,
        first_application=held is None,
        exam_passed=profile.exam_passed,
        green_channel=green,
        used_green_before=profile.used_green_before,
        directional=directional,
        new_post_started_on=profile.new_post_started_on,
        rural_service_years=Fraction(str(profile.rural_service_years)),
        outstanding_contribution=profile.outstanding_contribution,
        applied_on=applied_on,
        full_time_education=highest_full_time.education if highest_full_time else None,
        full_time_graduated_on=highest_full_time.graduated_on if highest_full_time else None,
    )


def window_of(catalogue: Catalogue, year: int, series: str, level: str, directional: bool) -> WindowInfo | None:
    return catalogue.window(year, window_group(catalogue.series[series], level, directional))


def cut_off_day(window: WindowInfo | None, today: date) -> date:
    """TITLE-03: seniority and achievements count up to the window's closing day; once it has passed (or while
    the window has no announced dates), today."""
    if window is not None and window.closes_on is not None and today <= window.closes_on:
        return window.closes_on
    return today


@dataclass(frozen=True)
class LevelEligibility:
    level: str
    window: WindowInfo | None
    as_of: date
    result: Eligibility


def eligibility_by_level(
    profile: ApplicantProfile,
    catalogue: Catalogue,
    *,
    year: int,
    today: date,
    series: str,
    levels: list[str] | None = None,
    directional: bool = False,
    green: GreenChannelClaim | None = None,
) -> list[LevelEligibility]:
    """ "我可以申报什么？": the engine run per level, each as of that level's cut-off day (TITLE-03). No query."""
    info = catalogue.series[series]
    results = []
    for level in levels or list(info.levels):
        window = window_of(catalogue, year, series, level, directional)
        as_of = cut_off_day(window, today)
        applicant = applicant_from_profile(
            profile,
            year=year,
            as_of=as_of,
            series=series,
            target_level=level,
            directional=directional,
            green=green,
            applied_on=today,
        )
        results.append(LevelEligibility(level, window, as_of, eligibility_check(applicant, catalogue)))
    return results


def evaluation_year_for(today: date) -> EvaluationYear | None:
    """The year applications are made for now: this calendar year's if loaded, else the latest loaded. 1 query."""
    years = list(EvaluationYear.objects.filter(year__lte=today.year + 1).order_by("-year")[:2])
    for row in years:
        if row.year == today.year:
            return row
    return years[0] if years else None


# --- applications -----------------------------------------------------------------------------------------------


def applications_of(user) -> QuerySet[Application]:
    """The applicant's own applications with what the list shows — one query, with the material count."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("series", "specialty", "evaluation_year", "unit")
        .annotate(material_count=Count("materials"))
        .order_by("-evaluation_year__year", "-created_at", "-id")
    )


def application_detail(pk: int) -> Application | None:
    return (
        Application.objects.select_related("series", "specialty", "evaluation_year", "unit", "applicant")
        .prefetch_related("materials")
        .filter(pk=pk)
        .first()
    )


# Doc B §四(七) (2023): "对非公有制领域专业技术人才的继续教育不作硬性要求。从 2024 年开始…需按要求逐步参加继续教育学习".
# Reading: the exemption is the 2023 notice's; from 2024 the card is asked for again unless a later notice says
# otherwise (change this year when it does).
NON_PUBLIC_CONTINUING_EDUCATION_EXEMPT_UNTIL = 2023


def continuing_education_required(employment: str, year: int) -> bool:
    """TITLE-05 item 3 (继续教育审验卡): required, except for the non-public sector in the years of the exemption."""
    return not (employment in NON_PUBLIC_KINDS and year <= NON_PUBLIC_CONTINUING_EDUCATION_EXEMPT_UNTIL)


def application_checklist(
    application: Application, catalogue: Catalogue, profile: ApplicantProfile | None
) -> list[ChecklistEntry]:
    """TITLE-05 for this application, from its route and series. No query beyond what the caller loaded."""
    info = catalogue.series.get(application.series.key)
    level = application.level
    green_needs_endorsement = False
    if application.green_category:
        category = catalogue.green_categories.get(application.green_category)
        green_needs_endorsement = bool(
            category and (category.endorsements_all or category.endorsements_any or category.min_peer_letters)
        )
    unit = application.unit
    papers = bool(
        info
        and level in info.paper_levels
        and unit.jurisdiction == "city"
        and (profile is None or profile.employment == "institution")
        and application.route != "recognition"
        and not application.green_category
    )
    return checklist(
        level=level,
        route=application.route,
        series=application.series.key,
        has_current_title=profile is not None and current_title_of(profile) is not None,
        papers_required=papers,
        exam_required=bool(info and level in info.exam_review_levels),
        exceptional=bool(application.exceptional_basis),
        green_category=application.green_category,
        green_needs_endorsement=green_needs_endorsement,
        continuing_education_required=continuing_education_required(
            profile.employment if profile is not None else "", application.evaluation_year.year
        ),
    )


def materials_by_item(application: Application) -> dict[str, list[Material]]:
    grouped: dict[str, list[Material]] = {}
    for material in application.materials.all():
        grouped.setdefault(material.item, []).append(material)
    return grouped


def missing_materials(application: Application, catalogue: Catalogue, profile) -> list[ChecklistEntry]:
    entries = application_checklist(application, catalogue, profile)
    return missing_items(entries, set(materials_by_item(application)))


# --- quota linkage (TITLE-10, TITLE-11) -------------------------------------------------------------------------


def _grade_counts(counts: dict | None) -> dict[int, int]:
    return {int(k): int(v) for k, v in (counts or {}).items() if str(k).isdigit()}


def unit_quotas(units: list[Organisation], year: int, *, extra: Application | None = None) -> dict[int, UnitQuota]:
    """TITLE-10 input for many institutions: filed schemes (posts.selectors, one query) and the non-green
    applications of ``year`` per unit and level (one query). ``extra`` counts one not-yet-counted application
    (the one being recommended). Units that are not institutions are left out (the linkage is 事业单位's)."""
    from posts.selectors import filed_schemes_by_unit, scheme_vacancies

    institutions = [u for u in units if u.ownership in ("institution", "")]
    schemes = filed_schemes_by_unit(institutions)
    rows = (
        Application.objects.filter(unit__in=institutions, evaluation_year__year=year, green_category__isnull=True)
        .exclude(route="green_channel")
        .exclude(state__in=NOT_COUNTED)
        .values_list("unit_id", "level")
        .annotate(n=Count("id"))
    )
    counts: dict[int, Counter] = {}
    for unit_id, level, n in rows:
        counts.setdefault(unit_id, Counter())[level] += n
    if extra is not None and not extra.green_category and extra.route != "green_channel":
        if extra.state in NOT_COUNTED or not extra.pk:
            counts.setdefault(extra.unit_id, Counter())[extra.level] += 1
    result = {}
    for unit in institutions:
        scheme = schemes.get(unit.pk)
        result[unit.pk] = UnitQuota(
            unit=unit.name,
            has_filed_scheme=scheme is not None,
            set_posts=_grade_counts(scheme.professional) if scheme else {},
            vacancies=_grade_counts(scheme_vacancies(scheme, "professional")) if scheme else {},
            applications=dict(counts.get(unit.pk, Counter())),
        )
    return result


def unit_quota_report(unit: Organisation, year: int, *, extra: Application | None = None):
    """TITLE-10 findings of one unit (2 queries)."""
    quota = unit_quotas([unit], year, extra=extra).get(unit.pk)
    return [] if quota is None else unit_quota_findings(quota)


def teacher_quota_report(year: int):
    """TITLE-11 finding for the year, or None (2 queries)."""
    row = EvaluationYear.objects.filter(year=year).only("teacher_full_senior_quota").first()
    if row is None:
        return None
    count = (
        Application.objects.filter(
            evaluation_year=row,
            series__key="primary_secondary_teacher",
            level="full_senior",
            green_category__isnull=True,
        )
        .exclude(state__in=NOT_COUNTED)
        .exclude(route="green_channel")
        .count()
    )
    return teacher_quota_finding(year=year, quota=row.teacher_full_senior_quota, count=count)


def unit_applications(unit: Organisation, year: int) -> QuerySet[Application]:
    """Applications of a unit in a year for rosters (one query)."""
    return (
        Application.objects.filter(unit=unit, evaluation_year__year=year)
        .filter(~Q(state__in=NOT_COUNTED))
        .select_related("applicant__title_profile", "series", "specialty", "unit", "evaluation_year")
    )
