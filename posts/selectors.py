"""Reads of post-setting, each a fixed number of queries whatever the number of rows.

Selectors turn rows into the engine's frozen dataclasses (``posts.rules``): ``unit_scheme`` for a scheme,
``ratio_profile_for`` / ``profiles_for_units`` / ``profiles_for_keys`` for ratio profiles (POST-03, with the
POST-02 defaults when HR has stored none — INTERFACES.md §1).
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Iterable
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from posts import rules
from posts.models import FilingReport, RatioProfile, Scheme, SchemeReview, SpecialPost
from workflow import clock
from workflow.models import Membership, Organisation, Role

ProfileKey = tuple[str, str]  # (jurisdiction, sector)


def _year(year: int | None) -> int:
    return year if year is not None else clock.today().year


def _fallback_sectors(jurisdiction: str, sector: str) -> tuple[str, ...]:
    """Which stored rows may stand for (jurisdiction, sector), best first.

    A sector's own row first. A sector whose POST-02 default is the jurisdiction's general one (e.g. "culture" in a
    district) follows the jurisdiction's stored general row, so HR edits its general standard once; a sector with its
    own default (district knowledge-intensive sectors, 20 %) never inherits the general row — it falls back to its
    own default instead.
    """
    if sector == "general":
        return ("general",)
    own, general = rules.default_profile(jurisdiction, sector), rules.default_profile(jurisdiction, "general")
    same = (own.senior_cap, own.senior_intermediate_cap) == (general.senior_cap, general.senior_intermediate_cap)
    return (sector, "general") if same else (sector,)


def to_engine_profile(row: RatioProfile | None, jurisdiction: str, sector: str) -> rules.RatioProfile:
    """A stored row → the engine's profile: the row's caps, rounding, label and year over the defaults."""
    base = rules.default_profile(jurisdiction, sector)
    if row is None:
        return base
    return dataclasses.replace(
        base,
        senior_cap=row.senior_share,
        senior_intermediate_cap=row.senior_intermediate_share,
        rounding=row.rounding,
        label=row.label or base.label,
        effective_year=row.effective_year,
    )


def profiles_for_keys(keys: Iterable[ProfileKey], *, year: int | None = None) -> dict[ProfileKey, rules.RatioProfile]:
    """POST-03: the profile in force in ``year`` for each (jurisdiction, sector) — one query for any number of keys.

    In force = the stored row with the latest ``effective_year`` ≤ ``year``; none → ``rules.default_profile``.
    """
    keys = {(j, s or "general") for j, s in keys}
    if not keys:
        return {}
    wanted: dict[str, set[str]] = {}
    for jurisdiction, sector in keys:
        wanted.setdefault(jurisdiction, set()).update(_fallback_sectors(jurisdiction, sector))
    condition = Q()
    for jurisdiction, sectors in wanted.items():
        condition |= Q(jurisdiction=jurisdiction, sector__in=sorted(sectors))
    latest: dict[ProfileKey, RatioProfile] = {}
    rows = RatioProfile.objects.filter(condition, effective_year__lte=_year(year)).order_by("effective_year")
    for row in rows:
        latest[(row.jurisdiction, row.sector)] = row  # ascending year: the last one wins
    result = {}
    for jurisdiction, sector in keys:
        row = next((latest[(jurisdiction, s)] for s in _fallback_sectors(jurisdiction, sector)
                    if (jurisdiction, s) in latest), None)  # fmt: skip
        result[(jurisdiction, sector)] = to_engine_profile(row, jurisdiction, sector)
    return result


def profiles_for_units(units: Iterable[Organisation], *, year: int | None = None) -> dict[int, rules.RatioProfile]:
    """Profiles of many units keyed by unit id, in one query (batch checks never query per unit)."""
    units = list(units)
    by_key = profiles_for_keys(((u.jurisdiction, u.sector) for u in units), year=year)
    return {u.pk: by_key[(u.jurisdiction, u.sector or "general")] for u in units}


def ratio_profile_for(unit: Organisation, *, year: int | None = None) -> rules.RatioProfile:
    """The profile a unit's scheme is checked against (POST-03). One query."""
    return profiles_for_units([unit], year=year)[unit.pk]


def profiles_for_schemes(schemes: Iterable[rules.UnitScheme], *, year: int | None = None) -> list[rules.RatioProfile]:
    """For the check_scheme command and API: one profile per input scheme, in order, in one query."""
    schemes = list(schemes)
    by_key = profiles_for_keys(((s.jurisdiction, s.sector) for s in schemes), year=year)
    return [by_key[(s.jurisdiction, s.sector or "general")] for s in schemes]


def scheme_profiles(units, *, year: int | None = None):
    """Drop-in DB-backed replacement of ``posts.scheme_io.profiles_for(units)`` (same signature and result type,
    ``SchemeProfiles``): each unit's stored profile and each jurisdiction's overall (general) profile, one query."""
    from posts.scheme_io import SchemeProfiles

    units = list(units)
    jurisdictions = {u.jurisdiction for u in units}
    keys = [(u.jurisdiction, u.sector or "general") for u in units] + [(j, "general") for j in jurisdictions]
    by_key = profiles_for_keys(keys, year=year)
    return SchemeProfiles(
        units=tuple(by_key[key] for key in keys[: len(units)]),
        jurisdictions={j: by_key[(j, "general")] for j in jurisdictions},
    )


def profile_sectors() -> frozenset[str]:
    """The sector keys a scheme file or API body may name (INTERFACES §1 "a sector key of the ratio profiles"): the
    built-in ones (general and the knowledge-intensive sectors), those of the stored profiles, and those of the units
    (a unit's sector without a profile of its own is checked against its jurisdiction's general one, so its own export
    reads back). Anything else — a typo such as ``educaton`` — is an input error, not silently "general". 2 queries."""
    from posts.scheme_io import DEFAULT_SECTORS

    stored = set(RatioProfile.objects.values_list("sector", flat=True).distinct())
    units = Organisation.objects.filter(kind=Organisation.Kind.UNIT).values_list("sector", flat=True).distinct()
    return DEFAULT_SECTORS | stored | {s for s in units if s}


def jurisdiction_profiles(jurisdictions: Iterable[str], *, year: int | None = None) -> dict[str, rules.RatioProfile]:
    """The overall (general) profile of each jurisdiction, for ``rules.check_jurisdictions`` (POST-02). One query."""
    by_key = profiles_for_keys(((j, "general") for j in jurisdictions), year=year)
    return {j: profile for (j, _s), profile in by_key.items()}


# ------------------------------------------------------------------------------------------------------- schemes


def _int_keys(counts: dict | None) -> dict[int, int]:
    return {int(k): v for k, v in (counts or {}).items()}


def unit_scheme(scheme: Scheme, *, special: Iterable[SpecialPost] = ()) -> rules.UnitScheme:
    """A scheme row (with its unit) → the engine's ``UnitScheme``. No query beyond ``scheme.unit`` when loaded."""
    unit = scheme.unit
    return rules.UnitScheme(
        name=unit.name,
        jurisdiction=unit.jurisdiction,
        affiliation=unit.affiliation or ("district" if unit.jurisdiction != rules.CITY else "city_direct"),
        sector=unit.sector or "general",
        public_service_professional=unit.public_service_professional,
        senior_grade_exempt=unit.senior_grade_exempt,
        management=_int_keys(scheme.management),
        professional=_int_keys(scheme.professional),
        worker={str(k): v for k, v in (scheme.worker or {}).items()},
        directional=_int_keys(scheme.directional),
        quota_full_senior=scheme.quota_full_senior,
        special=tuple(rules.SpecialPost(category=p.category, grade=p.grade, count=p.count) for p in special),
    )


COUNTED_SPECIAL_STATES = (
    SpecialPost.State.REQUESTED,
    SpecialPost.State.DEPT_APPROVED,
    SpecialPost.State.HR_APPROVED,
    SpecialPost.State.REGION_APPROVED,
    SpecialPost.State.ACTIVE,
)


def unit_special_posts(unit: Organisation) -> list[SpecialPost]:
    """The unit's special posts that exist or are on their way (checked with the scheme, POST-09)."""
    return list(SpecialPost.objects.filter(unit=unit, state__in=COUNTED_SPECIAL_STATES).order_by("grade", "id"))


def scheme_findings(scheme: Scheme, *, year: int | None = None):
    """Run the engine on one scheme with its unit's profile and special posts (2 queries)."""
    profile = ratio_profile_for(scheme.unit, year=year)
    return rules.check_unit(unit_scheme(scheme, special=unit_special_posts(scheme.unit)), profile)


def current_filed_scheme(unit: Organisation) -> Scheme | None:
    """POST-11: the filed scheme in force — the basis of appointments, title applications and wages."""
    return Scheme.objects.filter(unit=unit, state=Scheme.State.FILED).select_related("unit").first()


def filed_schemes_by_unit(units: Iterable[Organisation]) -> dict[int, Scheme]:
    """The filed scheme of each unit, one query (for title quota checks, TITLE-10)."""
    ids = [u.pk for u in units]
    return {s.unit_id: s for s in Scheme.objects.filter(unit_id__in=ids, state=Scheme.State.FILED)}


def scheme_history(unit: Organisation) -> QuerySet[Scheme]:
    return Scheme.objects.filter(unit=unit).select_related("unit", "previous").order_by("-version")


def scheme_reviews(scheme: Scheme) -> QuerySet[SchemeReview]:
    """FLOW-06 signatures of every review decision on the scheme."""
    return scheme.reviews.select_related("organisation", "reviewer").order_by("created_at", "id")


def jurisdiction_check(jurisdiction: str, *, year: int | None = None) -> dict:
    """HR's batch check of all filed schemes of a jurisdiction: per-unit findings and the POST-02/05/08 aggregate.

    Three queries whatever the number of units (schemes+units, profiles, special posts).
    """
    schemes = list(
        Scheme.objects.filter(state=Scheme.State.FILED, unit__jurisdiction=jurisdiction)
        .select_related("unit")
        .order_by("unit__name")
    )
    profiles = profiles_for_units([s.unit for s in schemes], year=year)
    special: dict[int, list[SpecialPost]] = {}
    for post in SpecialPost.objects.filter(
        unit_id__in=[s.unit_id for s in schemes], state__in=COUNTED_SPECIAL_STATES
    ).order_by("grade", "id"):
        special.setdefault(post.unit_id, []).append(post)
    engine_schemes = [unit_scheme(s, special=special.get(s.unit_id, ())) for s in schemes]
    units = [
        {"scheme": s, "findings": rules.check_unit(es, profiles[s.unit_id])}
        for s, es in zip(schemes, engine_schemes, strict=True)
    ]
    aggregate = rules.check_jurisdictions(engine_schemes, jurisdiction_profiles([jurisdiction], year=year))
    return {"units": units, "aggregate": aggregate}


OPEN_STATES = (Scheme.State.SUBMITTED, Scheme.State.DEPT_REVIEW, Scheme.State.HR_REVIEW)
DASHBOARD_CACHE_SECONDS = 600
_DASHBOARD_MEMO: dict[str, tuple[tuple[str, str], dict]] = {}  # jurisdiction → ((cache key, token), value)


def _dashboard_fingerprint(jurisdiction: str) -> tuple:
    """What the dashboard's numbers depend on, in three aggregate queries: the filed and in-review schemes (a filing,
    superseding, routing or return changes their count or latest ``updated_at``), the jurisdiction's ratio profiles
    and its special posts."""
    schemes = Scheme.objects.filter(
        unit__jurisdiction=jurisdiction, state__in=[Scheme.State.FILED, *OPEN_STATES]
    ).aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    profiles = RatioProfile.objects.filter(jurisdiction=jurisdiction).aggregate(n=Count("id"), last=Max("updated_at"))
    special = SpecialPost.objects.filter(unit__jurisdiction=jurisdiction).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    return tuple(str(part[k]) for part in (schemes, profiles, special) for k in sorted(part))


def jurisdiction_dashboard(jurisdiction: str, *, year: int | None = None) -> dict:
    """The HR dashboard's data for one jurisdiction, cached until something it depends on changes.

    - ``aggregate``: POST-02/05/08 over the filed schemes in force (``jurisdiction_check``), and ``totals``;
    - ``units_with_errors``: every filed scheme, and every scheme waiting in review (the latest version of its unit),
      that has an error finding against the profile in force now — a filed scheme can acquire errors when HR tightens
      a standard, and a scheme in review when the standard changed after it was submitted;
      each ``{"pk", "unit", "version", "state", "rules", "errors"}``, by unit name.

    The result is computed once per fingerprint (``_dashboard_fingerprint``; 3 queries) and kept in the cache for
    ``DASHBOARD_CACHE_SECONDS``: a filing, superseding, review step, profile or special-post change gives a new key,
    so no stale aggregate is ever shown for longer than the cache timeout after a change the fingerprint cannot see
    (a unit's name or sector edited in the admin)."""
    year = _year(year)
    key = (
        "posts:dashboard:"
        + hashlib.sha256(repr((jurisdiction, year, _dashboard_fingerprint(jurisdiction))).encode()).hexdigest()
    )
    # At regional scale the value holds thousands of units with their findings: unpickling it from the cache took
    # longer than the rest of the page. This process keeps the copy it last read and uses it while the shared
    # cache still holds the same key with the same token (a small value; a recomputation, a timeout or a cleared
    # cache gives none or another one). The value is never changed by its readers.
    token = cache.get(key + ":token")
    memo = _DASHBOARD_MEMO.get(jurisdiction)
    if token is not None and memo is not None and memo[0] == (key, token):
        return memo[1]
    cached = cache.get(key) if token is not None else None
    if cached is not None:
        _DASHBOARD_MEMO[jurisdiction] = ((key, token), cached)
        return cached
    result = jurisdiction_check(jurisdiction, year=year)
    open_schemes = list(
        Scheme.objects.filter(unit__jurisdiction=jurisdiction, state__in=OPEN_STATES)
        .select_related("unit")
        .order_by("unit_id", "-version")
    )
    latest_open = list({s.unit_id: s for s in reversed(open_schemes)}.values())  # highest version per unit
    profiles = profiles_for_units([s.unit for s in latest_open], year=year)
    special: dict[int, list[SpecialPost]] = {}
    for post in SpecialPost.objects.filter(
        unit_id__in=[s.unit_id for s in latest_open], state__in=COUNTED_SPECIAL_STATES
    ).order_by("grade", "id"):
        special.setdefault(post.unit_id, []).append(post)
    checked = [(entry["scheme"], entry["findings"]) for entry in result["units"]]
    checked += [
        (s, rules.check_unit(unit_scheme(s, special=special.get(s.unit_id, ())), profiles[s.unit_id]))
        for s in latest_open
    ]
    units = []
    for scheme, findings in checked:
        errors = [f for f in findings if f.is_error]
        if errors:
            units.append({"pk": scheme.pk, "unit": scheme.unit.name, "version": scheme.version,
                          "state": scheme.state, "rules": sorted({f.rule for f in errors}), "errors": errors})  # fmt: skip
    units.sort(key=lambda u: (u["unit"], u["version"]))
    engine = [unit_scheme(entry["scheme"]) for entry in result["units"]]
    totals = rules.jurisdiction_totals(engine).get(jurisdiction)
    value = {"aggregate": list(result["aggregate"]), "totals": totals, "units_with_errors": units}
    token = uuid.uuid4().hex
    cache.set_many({key: value, key + ":token": token}, DASHBOARD_CACHE_SECONDS)
    _DASHBOARD_MEMO[jurisdiction] = ((key, token), value)
    return value


# ------------------------------------------------------------------------------------------- lists for memberships


def schemes_for_membership(membership: Membership, *, states: Iterable[str] | None = None) -> QuerySet[Scheme]:
    """What a membership reaches: unit HR its unit; a department its supervised units; an HR bureau its
    jurisdiction (city HR: city-level units). Joins only; no per-row queries."""
    org = membership.organisation
    qs = Scheme.objects.select_related("unit")
    if membership.role == Role.UNIT_HR:
        qs = qs.filter(unit=org)
    elif membership.role == Role.DEPT_REVIEWER:
        qs = qs.filter(unit__supervisor=org)
    elif membership.role == Role.HR_OFFICER and org.kind in (Organisation.Kind.CITY_HR, Organisation.Kind.DISTRICT_HR):
        qs = qs.filter(unit__jurisdiction="city" if org.kind == Organisation.Kind.CITY_HR else org.jurisdiction)
    else:
        return qs.none()
    if states is not None:
        qs = qs.filter(state__in=list(states))
    return qs.order_by("-updated_at", "-id")


def special_posts_for_membership(
    membership: Membership, *, states: Iterable[str] | None = None
) -> QuerySet[SpecialPost]:
    org = membership.organisation
    qs = SpecialPost.objects.select_related("unit")
    if membership.role == Role.UNIT_HR:
        qs = qs.filter(unit=org)
    elif membership.role == Role.DEPT_REVIEWER:
        qs = qs.filter(unit__supervisor=org)
    elif membership.role == Role.HR_OFFICER and org.kind == Organisation.Kind.CITY_HR:
        # city HR: its own units, plus grade-2 posts of any unit waiting for the region (recorded through city HR)
        qs = qs.filter(Q(unit__jurisdiction="city") | Q(grade=2, category="professional"))
    elif membership.role == Role.HR_OFFICER and org.kind == Organisation.Kind.DISTRICT_HR:
        qs = qs.filter(unit__jurisdiction=org.jurisdiction)
    else:
        return qs.none()
    if states is not None:
        qs = qs.filter(state__in=list(states))
    return qs.order_by("-updated_at", "-id")


def special_posts_waiting_for_hr(membership: Membership) -> QuerySet[SpecialPost]:
    """Special posts an HR bureau has to decide: dept-approved ones, requests of units with no supervising
    department, and (city HR) grade-2 posts waiting for the region's approval to be recorded."""
    qs = special_posts_for_membership(membership)
    waiting = Q(state=SpecialPost.State.DEPT_APPROVED) | Q(
        state=SpecialPost.State.REQUESTED, unit__supervisor__isnull=True
    )
    if membership.organisation.kind == Organisation.Kind.CITY_HR:
        waiting |= Q(state=SpecialPost.State.HR_APPROVED, grade=2, category="professional")
    return qs.filter(waiting)


def filing_reports_for(organisation: Organisation) -> QuerySet[FilingReport]:
    """POST-10: reports received by (city HR) or sent by (district HR) an HR bureau."""
    return (
        FilingReport.objects.filter(Q(to_organisation=organisation) | Q(from_organisation=organisation))
        .select_related("from_organisation", "to_organisation", "unit", "scheme", "special_post")
        .order_by("-reported_at", "-id")
    )


def special_posts_due_to_expire(today: date) -> QuerySet[SpecialPost]:
    """POST-09: active posts whose term (or the holder's run to retirement) ended before ``today``."""
    return SpecialPost.objects.filter(state=SpecialPost.State.ACTIVE, term_end__lt=today).order_by("term_end", "id")


def scheme_vacancies(scheme: Scheme, category: str) -> dict[str, int]:
    """Regular vacancies per grade (set − appointed, never below 0) of a category on a scheme (POST-09, APPT-05)."""
    appointed = (scheme.appointed or {}).get(category, {})
    return {
        grade: max(0, count - appointed.get(grade, 0)) for grade, count in (getattr(scheme, category) or {}).items()
    }
