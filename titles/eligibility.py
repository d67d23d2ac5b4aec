"""Title-evaluation eligibility engine (INTERFACES §3). Pure: frozen dataclasses, ``datetime.date``, no ORM.

``eligibility_check(applicant, catalogue)`` lists every route open on ``applicant.as_of`` (each naming its rule of
RULES.md) and every refusal (rule, Chinese and English message and, for a route that is only closed by time, how
much is missing and the day it opens). ``applicant_from_dict`` parses the JSON of INTERFACES §3 and raises
``ApplicantInputError`` naming the field and the accepted values; ``eligibility_as_dict`` renders the result.

Durations (FLOW-01): "满N年" holds on or after the N-th anniversary of the start day (``anniversary``). An
anniversary that does not exist (29 February in a common year) falls on the last day of that month, 28 February —
Civil Code art. 202: "没有对应日的，月末日为期间的最后一日". "N年内" (TITLE-16) includes the anniversary day.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from titles.catalogue import (
    ASSISTANT,
    BELONGS,
    CITY,
    DEPUTY_SENIOR,
    DISTRICTS,
    ENDORSEMENT_NAMES,
    EVIDENCE_NAMES,
    FULL_SENIOR,
    GREEN_DEPUTY_SENIOR_RECOGNITION,
    GREEN_PROGRAMME,
    GREEN_REGION_COMMITTEE_EN,
    GREEN_REGION_COMMITTEE_ZH,
    GREEN_SENIOR,
    GREEN_TARGET,
    HONOUR_FULL_SENIOR,
    HONOUR_FULL_SENIOR_EXAM_EXEMPT,
    INTERMEDIATE,
    LEVEL_NAMES,
    LEVEL_RANK,
    LEVELS,
    NON_PUBLIC_KINDS,
    PROGRAMMES,
    SENIOR_LEVELS,
    SUBMISSION_ROUTES,
    WINDOW_GROUPS,
    Catalogue,
    RoutingRow,
    SeriesInfo,
    belongs_of,
    window_group,
)
from workflow.jsonio import JsonInputError, decode_json

# --- input vocabularies (INTERFACES §3) -------------------------------------------------------------------------

EMPLOYMENTS = ("institution", "enterprise", "social_org", "individual_org", "non_public", "freelancer",
               "civil_servant", "retired")  # fmt: skip
UNIT_LOCATIONS = ("city", "district", "township", "village")
EDUCATIONS = ("below_college", "college", "bachelor", "master", "doctorate")
EDUCATION_RANK = {e: i for i, e in enumerate(EDUCATIONS)}
SANCTION_KINDS = ("warning", "demerit", "demotion", "dismissal")  # 警告、记过、降低岗位等级、开除
AFFILIATIONS = ("city_direct", "city_department", "district")

# TITLE-18 reading: the non-public sector (非公有制领域) is 民营企业、社会团体及其他非公有制经济组织 (Doc B §三(二)4).
NON_PUBLIC_EMPLOYMENTS = NON_PUBLIC_KINDS
# RECOG-01 (Doc A §五(八)) names 全日制高等院校毕业生; RECOG-02 (Doc B §四(六)1) does not.
RECOG_01_REQUIRES_FULL_TIME = True

ROUTE_RECOGNITION = "recognition"
ROUTE_REVIEW = "review"
ROUTE_DIRECT_REVIEW = "direct_review"
ROUTE_GREEN = "green_channel"

# Proposed rule ID for the ordinary step-by-step review (Doc B §四(五) "按照职称管理权限和职称层级逐级申报").
ORDINARY_RULE = "WH-01"


# --- data -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentTitle:
    level: str
    series: str
    obtained_on: date
    # TITLE-17: the day the same-level title was first obtained in the former series, when the current title was
    # obtained by transfer ("资历和任职年限与原职称连续计算").
    original_obtained_on: date | None = None


@dataclass(frozen=True)
class GreenChannelClaim:
    category: int
    evidence: frozenset[str] = frozenset()
    endorsements: frozenset[str] = frozenset()
    peer_letters: int = 0
    programme: str | None = None


@dataclass(frozen=True)
class Applicant:
    year: int
    as_of: date
    employment: str
    unit_location: str
    education: str
    full_time: bool
    degree: str | None
    graduated_on: date | None
    field_matches: bool
    work_started_on: date | None
    years_in_district: int
    years_in_township: int
    series: str
    current_title: CurrentTitle | None
    target_level: str | None
    # optional extras
    name: str | None = None
    district: str | None = None
    affiliation: str | None = None
    township_work_started_on: date | None = None
    sanction_kind: str | None = None
    sanction_ends_on: date | None = None  # last day of the sanction period (inclusive)
    honours: tuple[str, ...] = ()
    used_exceptional_before: bool = False
    civil_service_transfer_on: date | None = None
    first_application: bool = False
    exam_passed: bool = False
    green_channel: GreenChannelClaim | None = None
    used_green_before: bool = False
    directional: bool = False
    other_track_same_year: bool = False  # TITLE-20: applied for the other track (directional/general) this year
    new_post_started_on: date | None = None
    rural_service_years: Fraction = Fraction(0)
    outstanding_contribution: bool = False
    # The day the application is made, when the conditions are counted to a later cut-off (TITLE-03: the page and
    # the services evaluate as of the closing day); TITLE-02's opening day is checked on it. None: ``as_of``.
    applied_on: date | None = None
    # RECOG-01 when the highest education (above) is part-time: the highest full-time education and its date.
    full_time_education: str | None = None
    full_time_graduated_on: date | None = None


@dataclass(frozen=True)
class Text:
    zh: str
    en: str


@dataclass(frozen=True)
class Missing:
    days: int
    met_on: date


@dataclass(frozen=True)
class Route:
    route: str
    level: str
    rule: str
    conditions: tuple[Text, ...]
    committee: Text
    receiving_office: str
    submission_route: str
    directional: bool = False
    papers_required: bool = False
    exam_exempt: bool = False  # Doc A §五(四)1: the 8-kind honours route to 正高 may skip the 考评结合 exam


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str
    message_en: str
    route: str | None = None
    level: str | None = None
    missing: Missing | None = None
    # An exception's "what is missing" that matters only while nothing else opens the level (dropped otherwise).
    only_if_closed: bool = False
    field: str | None = None  # the input field to fill in (CLI/API); messages stay in plain words for the page


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the domain word; shadows the builtin only inside this module
    rule: str
    message: str
    message_en: str


@dataclass(frozen=True)
class Eligibility:
    applicant: Applicant
    routes: tuple[Route, ...]
    refusals: tuple[Refusal, ...]
    warnings: tuple[Warning, ...] = ()


# --- durations --------------------------------------------------------------------------------------------------


def anniversary(start: date, years: int) -> date:
    """The N-th anniversary of ``start``; 29 February → 28 February in a common year (Civil Code art. 202)."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day)


@dataclass(frozen=True)
class Duration:
    """Whether "满 ``years`` 年 since ``start``" holds on ``as_of`` (FLOW-01: the anniversary itself counts)."""

    start: date
    years: int
    as_of: date

    @property
    def met_on(self) -> date:
        return anniversary(self.start, self.years)

    @property
    def ok(self) -> bool:
        return self.as_of >= self.met_on

    @property
    def missing(self) -> Missing | None:
        return None if self.ok else Missing((self.met_on - self.as_of).days, self.met_on)

    def text(self, what_zh: str, what_en: str) -> Text:
        if self.ok:
            return Text(
                f"{what_zh}满 {self.years} 年（{self.met_on.isoformat()} 已满）",
                f"{what_en}: {self.years} year(s) completed on {self.met_on.isoformat()}",
            )
        days = (self.met_on - self.as_of).days
        return Text(
            f"{what_zh}还差 {days} 天满 {self.years} 年（{self.met_on.isoformat()} 满）",
            f"{what_en}: {days} day(s) short of {self.years} year(s) (completed on {self.met_on.isoformat()})",
        )


# --- helpers ----------------------------------------------------------------------------------------------------


def _level_zh(level: str) -> str:
    return LEVEL_NAMES[level][0]


def _level_en(level: str) -> str:
    return LEVEL_NAMES[level][1]


def _belongs(applicant: Applicant) -> str:
    return belongs_of(applicant.employment, applicant.unit_location)


def _work_start(applicant: Applicant) -> date | None:
    """Professional work counts from the later of graduation and the start of work (work before graduating is
    not work "after graduating with" that education)."""
    if applicant.work_started_on is None:
        return None
    if applicant.graduated_on is None:
        return applicant.work_started_on
    return max(applicant.work_started_on, applicant.graduated_on)


def _next_level(series: SeriesInfo, level: str) -> str | None:
    higher = [lv for lv in series.levels if LEVEL_RANK[lv] > LEVEL_RANK[level]]
    return higher[0] if higher else None


def _same_series(catalogue: Catalogue, a: str, b: str) -> bool:
    """A specialty and its own series count as the same series (no transfer between them)."""
    if a == b:
        return True
    sa, sb = catalogue.series.get(a), catalogue.series.get(b)
    return bool(sa and sb and (sa.parent == b or sb.parent == a))


def committee_for(catalogue: Catalogue, series: SeriesInfo, level: str, belongs: str, directional: bool) -> RoutingRow:
    """TITLE-06: the routing row for series × level × where the unit belongs (most specific row wins)."""
    rows = [row for row in catalogue.routing if row.matches(series, level, belongs, directional)]
    if not rows:
        raise LookupError(f"no routing row for {series.key}/{level}/{belongs}/directional={directional}")
    return max(rows, key=lambda row: row.specificity(series))


def _receiving_office(
    catalogue: Catalogue, applicant: Applicant, series: SeriesInfo, belongs: str, directional: bool
) -> str:
    """Doc B attachment 2: 三区人社局 receive every series of their units; city units go to the series' office.
    A directional senior application goes district department → district HR re-check → district department → the
    city department (Doc B §三(二)1), which attachment 2 lists as the office of the "基层…" series (基层中小学教师 →
    教育局, 基层卫生 → 卫健委, 基层药学 → 市场监管局, 基层农牧业 → 农牧局, 基层水利 → 水务局, 基层文博 → 文体旅游广电局)."""
    if belongs != CITY and not directional:
        if applicant.district:
            return f"{DISTRICTS[applicant.district]}人力资源和社会保障局"
        return "所在区人力资源和社会保障局"
    parent = catalogue.series.get(series.parent)
    # Attachment 2's last city row ("经济、电力工程…等") makes the city HR bureau the office for unlisted series.
    return series.receiving_office or (parent.receiving_office if parent else "") or "乌海市人力资源和社会保障局"


@dataclass
class _Collector:
    applicant: Applicant
    catalogue: Catalogue
    series: SeriesInfo
    routes: list[Route] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    def refuse(
        self,
        rule: str,
        zh: str,
        en: str,
        *,
        route: str | None = None,
        level: str | None = None,
        missing: Missing | None = None,
        only_if_closed: bool = False,
        field: str | None = None,
    ) -> None:
        self.refusals.append(Refusal(rule, zh, en, route, level, missing, only_if_closed, field))

    def warn(self, rule: str, zh: str, en: str) -> None:
        self.warnings.append(Warning(rule, zh, en))

    def open(
        self,
        route: str,
        level: str,
        rule: str,
        conditions: list[Text],
        *,
        region_green: bool = False,
        exam_exempt: bool = False,
    ) -> None:
        applicant, series = self.applicant, self.series
        belongs = _belongs(applicant)
        directional = applicant.directional and level in SENIOR_LEVELS
        if directional and rule == ORDINARY_RULE:
            rule = "TITLE-20"  # the directional review: step-by-step conditions plus TITLE-20's
        if region_green:
            committee = Text(GREEN_REGION_COMMITTEE_ZH, GREEN_REGION_COMMITTEE_EN)
            submission = "region_green"
        else:
            row = committee_for(self.catalogue, series, level, belongs, directional)
            committee = Text(row.committee_zh, row.committee_en)
            submission = row.submission_route
        papers = level in series.paper_levels and belongs == CITY and applicant.employment == "institution"
        self.routes.append(
            Route(
                route,
                level,
                rule,
                tuple(conditions),
                committee,
                _receiving_office(self.catalogue, applicant, series, belongs, directional),
                submission,
                directional,
                papers,
                exam_exempt,
            )
        )


# --- rules ------------------------------------------------------------------------------------------------------


def title_01_refusal(c: _Collector) -> bool:
    """TITLE-01: civil servants (incl. 参公) and retirees may not apply for review or recognition."""
    employment = c.applicant.employment
    if employment == "civil_servant":
        c.refuse(
            "TITLE-01",
            "公务员（含参照公务员法管理的人员）不得申报评审或考核认定职称",
            "Civil servants (incl. staff managed as civil servants) may not apply for a title",
        )
        return True
    if employment == "retired":
        c.refuse("TITLE-01", "离退休人员不得申报评审或考核认定职称", "Retirees may not apply for a title")
        return True
    return False


def title_22_refusal(c: _Collector) -> bool:
    """TITLE-22: an institution employee under a sanction of 记过 or heavier may not apply while it lasts. A sanction
    given without its last day is read as still in force (nothing shows that it has ended)."""
    a = c.applicant
    if a.employment != "institution" or a.sanction_kind in (None, "warning"):
        return False
    if a.sanction_ends_on is None:
        c.refuse(
            "TITLE-22",
            "受记过以上处分，未给出处分期满日，视为仍在处分期内，不得申报职称",
            "Under a sanction of demerit or heavier with no end date given: treated as still in force, may not apply",
        )
        return True
    if a.as_of <= a.sanction_ends_on:
        c.refuse(
            "TITLE-22",
            f"受记过以上处分，处分期内（至 {a.sanction_ends_on.isoformat()}）不得申报职称",
            f"Under a sanction of demerit or heavier until {a.sanction_ends_on.isoformat()}: may not apply",
        )
        return True
    return False


def title_12_refusal(c: _Collector, level: str) -> bool:
    """TITLE-12: exam-only (以考代评) series/levels are obtained by the national exam — no review, no recognition."""
    if level not in c.series.exam_only_levels:
        return False
    c.refuse(
        "TITLE-12",
        f"{c.series.name_zh}{_level_zh(level)}职称实行以考代评，通过全国统一考试取得，不进行评审或认定",
        f"{c.series.name_en}, {_level_en(level)}: obtained by national exam (以考代评); no review or recognition",
        level=level,
    )
    return True


def _recognition_level_ok(c: _Collector, level: str) -> bool:
    current = c.applicant.current_title
    return current is None or LEVEL_RANK[level] > LEVEL_RANK[current.level]


def _work_start_after(applicant: Applicant, graduated_on: date | None) -> date | None:
    if applicant.work_started_on is None:
        return None
    return applicant.work_started_on if graduated_on is None else max(applicant.work_started_on, graduated_on)


def recog_01_routes(c: _Collector, level: str) -> None:
    """RECOG-01 (Doc A §五(八)): full-time graduates in their field — college+3y / bachelor+1y → 助理级,
    master+2y / doctorate at once → 中级. A higher education satisfies a clause for a lower one. When the highest
    education is part-time, the highest full-time one (``full_time_education``) is the one that counts."""
    a = c.applicant
    clauses = {ASSISTANT: (("college", 3), ("bachelor", 1)), INTERMEDIATE: (("master", 2), ("doctorate", 0))}
    if level not in clauses or not _recognition_level_ok(c, level):
        return

    def satisfied(education: str | None) -> list[tuple[str, int]]:
        if education is None:
            return []
        return [(edu, years) for edu, years in clauses[level] if EDUCATION_RANK[education] >= EDUCATION_RANK[edu]]

    if not satisfied(a.education):
        return
    education, graduated_on = a.education, a.graduated_on
    if RECOG_01_REQUIRES_FULL_TIME and not a.full_time:
        education, graduated_on = a.full_time_education, a.full_time_graduated_on
    eligible = satisfied(education)
    if not eligible:
        c.refuse(
            "RECOG-01",
            "考核认定限全日制高等院校毕业生",
            "Recognition (RECOG-01) is for full-time graduates only",
            route=ROUTE_RECOGNITION,
            level=level,
        )
        return
    if not a.field_matches:
        c.refuse(
            "RECOG-01",
            "须从事本专业或相近专业技术工作",
            "Must work in the field studied or a related one",
            route=ROUTE_RECOGNITION,
            level=level,
        )
        return
    start = _work_start_after(a, graduated_on)
    if start is None:
        c.refuse(
            "RECOG-01",
            "未参加工作，无法计算工作年限",
            "No work start date: work years cannot be counted",
            route=ROUTE_RECOGNITION,
            level=level,
        )
        return
    best = min((Duration(start, years, a.as_of) for _, years in eligible), key=lambda d: d.met_on)
    edu_zh = {"college": "大学专科", "bachelor": "大学本科", "master": "硕士研究生", "doctorate": "博士研究生"}
    conditions = [Text("全日制高等院校毕业，从事本专业或相近专业", "full-time graduate working in the field")]
    if best.ok:
        conditions.append(best.text(f"{edu_zh[education]}毕业后工作", "work after graduating"))
        c.open(ROUTE_RECOGNITION, level, "RECOG-01", conditions)
    else:
        text = best.text("毕业后工作", "work after graduating")
        c.refuse(
            "RECOG-01",
            f"考核认定{_level_zh(level)}：{text.zh}",
            f"Recognition at {_level_en(level)}: {text.en}",
            route=ROUTE_RECOGNITION,
            level=level,
            missing=best.missing,
        )


def recog_02_routes(c: _Collector, level: str) -> None:
    """RECOG-02 (Doc B §四(六)1): graduates working in township/village units — college+2y → 助理级; bachelor
    education or degree → 助理级 on starting work; master's degree or postgraduate education +1y → 中级;
    doctorate (degree) → 中级 on starting work."""
    a = c.applicant
    if a.unit_location not in ("township", "village") or not _recognition_level_ok(c, level):
        return
    degree_rank = EDUCATION_RANK[a.degree] if a.degree else -1
    edu_rank = EDUCATION_RANK[a.education]
    options: list[tuple[str, int]] = []
    if level == ASSISTANT:
        if edu_rank >= EDUCATION_RANK["bachelor"] or degree_rank >= EDUCATION_RANK["bachelor"]:
            options.append(("具有本科学历或学士学位", 0))
        elif edu_rank >= EDUCATION_RANK["college"]:
            options.append(("具有专科学历", 2))
    elif level == INTERMEDIATE:
        if degree_rank >= EDUCATION_RANK["doctorate"]:
            options.append(("具有博士学位", 0))
        elif degree_rank >= EDUCATION_RANK["master"] or edu_rank >= EDUCATION_RANK["master"]:
            options.append(("具有硕士学位或研究生学历", 1))
    if not options:
        return
    if not a.field_matches:
        c.refuse(
            "RECOG-02",
            "须在乡镇、村基层单位从事本专业或相近专业技术工作",
            "Must work in the field studied or a related one",
            route=ROUTE_RECOGNITION,
            level=level,
        )
        return
    start = a.township_work_started_on or _work_start(a)
    if start is None:
        c.refuse(
            "RECOG-02", "未参加工作，无法认定", "Not yet working: no recognition", route=ROUTE_RECOGNITION, level=level
        )
        return
    what, years = options[0]
    conditions = [Text(f"在乡镇、村基层单位从事本专业工作，{what}", f"working in a township/village unit; {what}")]
    if years == 0:
        if a.as_of >= start:
            conditions.append(Text(f"已参加工作（{start.isoformat()}）", f"working since {start.isoformat()}"))
            c.open(ROUTE_RECOGNITION, level, "RECOG-02", conditions)
        else:
            c.refuse(
                "RECOG-02",
                f"参加工作后方可认定（{start.isoformat()}）",
                f"Only once working ({start.isoformat()})",
                route=ROUTE_RECOGNITION,
                level=level,
                missing=Missing((start - a.as_of).days, start),
            )
        return
    duration = Duration(start, years, a.as_of)
    if duration.ok:
        conditions.append(duration.text("乡镇、村基层工作", "work in a township/village unit"))
        c.open(ROUTE_RECOGNITION, level, "RECOG-02", conditions)
    else:
        text = duration.text("乡镇、村基层工作", "work in a township/village unit")
        c.refuse(
            "RECOG-02",
            f"基层考核认定{_level_zh(level)}：{text.zh}",
            f"Grassroots recognition at {_level_en(level)}: {text.en}",
            route=ROUTE_RECOGNITION,
            level=level,
            missing=duration.missing,
        )


def recognition_more_favourable(c: _Collector) -> None:
    """RECOG-01/02: when both apply the applicant gets the more favourable — an open route of either rule at a
    level makes the other rule's refusal at that level moot."""
    open_levels = {r.level for r in c.routes if r.route == ROUTE_RECOGNITION}
    c.refusals = [
        r
        for r in c.refusals
        if not (r.route == ROUTE_RECOGNITION and r.rule in ("RECOG-01", "RECOG-02") and r.level in open_levels)
    ]
    seen: set[str] = set()
    kept: list[Route] = []
    for route in c.routes:  # RECOG-02 first when both are open at the same level: it needs less
        if route.route == ROUTE_RECOGNITION and route.level in seen:
            continue
        if route.route == ROUTE_RECOGNITION:
            seen.add(route.level)
        kept.append(route)
    c.routes = kept


def ordinary_review_routes(c: _Collector, level: str) -> None:
    """WH-01 (project-local ID): step-by-step review one level above the current title of the same series after
    the series' years in the current title (``SeriesInfo.seniority_years``). TITLE-19: ≥ 3 years cumulative rural
    service since the current title with outstanding contribution → one year earlier."""
    a, series = c.applicant, c.series
    current = a.current_title
    if current is None or not _same_series(c.catalogue, current.series, series.key):
        return
    if current.original_obtained_on is not None:
        return  # a title obtained by transfer: TITLE-17 decides the next step
    if _next_level(series, current.level) != level:
        return
    years = series.seniority_years.get(level)
    if years is None:
        return
    conditions = [Text(f"现任{_level_zh(current.level)}职称", f"holds {_level_en(current.level)} title")]
    duration = Duration(current.obtained_on, years, a.as_of)
    if duration.ok:
        conditions.append(duration.text("取得现职称后", "in the current title"))
        c.open(ROUTE_REVIEW, level, ORDINARY_RULE, conditions)
        return
    early_ok = a.rural_service_years >= 3 and a.outstanding_contribution and years > 1
    early = Duration(current.obtained_on, years - 1, a.as_of) if early_ok else None
    if early is not None and early.ok:
        conditions.append(
            early.text(
                "取得现职称后（服务乡镇、村累计满3年并作出突出贡献，提前1年）",
                "in the current title (3+ years of rural service, one year early)",
            )
        )
        c.open(ROUTE_REVIEW, level, "TITLE-19", conditions)
        return
    nearest, rule = (early, "TITLE-19") if early is not None else (duration, ORDINARY_RULE)
    text = nearest.text("取得现职称后", "in the current title")
    c.refuse(
        rule,
        f"逐级申报{_level_zh(level)}：{text.zh}",
        f"Step-by-step review at {_level_en(level)}: {text.en}",
        route=ROUTE_REVIEW,
        level=level,
        missing=nearest.missing,
    )


def title_16_routes(c: _Collector, level: str) -> None:
    """TITLE-16 (Doc A §五(四)): listed honours → 正高 directly (8 kinds) or one level higher (4 kinds); civil
    servants / army transferees within 5 years of joining → first application not limited by the held title.
    One use per person."""
    a = c.applicant
    honours = [c.catalogue.honours[key] for key in a.honours]
    transferee = a.civil_service_transfer_on is not None
    if not honours and not transferee:
        return
    if a.used_exceptional_before:
        c.refuse(
            "TITLE-16",
            "已享受过一次破格申报政策，原则上只享受一次",
            "Exceptional application already used once",
            route=ROUTE_DIRECT_REVIEW,
            level=level,
        )
        return
    unit = Text("经单位推荐", "recommended by the unit")
    for honour in honours:
        if honour.effect == HONOUR_FULL_SENIOR:
            if level == FULL_SENIOR:
                c.open(
                    ROUTE_DIRECT_REVIEW,
                    level,
                    "TITLE-16",
                    [
                        Text(
                            f"获{honour.name_zh}，可直接破格申报正高级职称",
                            f"{honour.name_en}: may apply for full senior directly",
                        ),
                        unit,
                    ],
                    exam_exempt=HONOUR_FULL_SENIOR_EXAM_EXEMPT,
                )
            continue
        current = a.current_title
        if current is None or _next_level(c.series, current.level) != level:
            continue
        if honour.district_or_below_only and a.unit_location == "city":
            c.refuse(
                "TITLE-16",
                f"{honour.name_zh}：须在各区及以下地区工作",
                f"{honour.name_en}: only for units in a district or below",
                route=ROUTE_DIRECT_REVIEW,
                level=level,
            )
            continue
        c.open(
            ROUTE_DIRECT_REVIEW,
            level,
            "TITLE-16",
            [Text(f"获{honour.name_zh}，可破格申报高一级职称", f"{honour.name_en}: may apply one level higher"), unit],
        )
    if transferee and a.target_level == level:
        within = anniversary(a.civil_service_transfer_on, 5)
        if not a.first_application:
            c.refuse(
                "TITLE-16",
                "公务员、军队转业干部调入后不受任职资格限制仅限初次申报",
                "Transferees are exempt from the held-title condition on their first application only",
                route=ROUTE_DIRECT_REVIEW,
                level=level,
            )
        elif a.as_of > within:
            c.refuse(
                "TITLE-16",
                f"调入企事业单位已超过5年（{within.isoformat()} 届满），不再适用",
                f"More than 5 years since the transfer (ended {within.isoformat()})",
                route=ROUTE_DIRECT_REVIEW,
                level=level,
            )
        else:
            c.open(
                ROUTE_DIRECT_REVIEW,
                level,
                "TITLE-16",
                [
                    Text(
                        f"公务员、军队转业干部调入后5年内（至 {within.isoformat()}）初次申报，不受职称任职资格限制",
                        f"first application within 5 years of the transfer (until {within.isoformat()})",
                    )
                ],
            )


def title_17_routes(c: _Collector, level: str) -> None:
    """TITLE-17 (Doc A §五(七), Doc B §四(十五)): ≥ 1 year in the new post → the same level in the new series
    ("先转后评"); ≥ 1 year after the transferred title → one level higher, seniority counted from the original title."""
    a, series = c.applicant, c.series
    current = a.current_title
    if current is None:
        return
    if not _same_series(c.catalogue, current.series, series.key):
        if level == current.level:
            if a.new_post_started_on is None:
                c.refuse(
                    "TITLE-17",
                    "转系列须在新岗位工作满1年：请填写转岗（转系列）到现岗位的日期",
                    "Transfer of series needs 1 year in the new post: give the day you started in the new post",
                    route=ROUTE_REVIEW,
                    level=level,
                    field="new_post_started_on",
                )
                return
            duration = Duration(a.new_post_started_on, 1, a.as_of)
            text = duration.text("在新工作岗位", "in the new post")
            if duration.ok:
                c.open(
                    ROUTE_REVIEW,
                    level,
                    "TITLE-17",
                    [text, Text("转评新系列（专业）同等级职称", "same level in the new series")],
                )
            else:
                c.refuse(
                    "TITLE-17",
                    f"转系列评审：{text.zh}",
                    f"Transfer of series: {text.en}",
                    route=ROUTE_REVIEW,
                    level=level,
                    missing=duration.missing,
                )
        elif LEVEL_RANK[level] > LEVEL_RANK[current.level] and not a.honours and a.green_channel is None:
            c.refuse(
                "TITLE-17",
                "转系列须“先转后评”：先转评新系列同级职称，满1年后方可申报高一级",
                "Transfer first: the same level in the new series, one level higher a year later",
                route=ROUTE_REVIEW,
                level=level,
            )
        return
    if current.original_obtained_on is None or _next_level(series, current.level) != level:
        return
    after = Duration(current.obtained_on, 1, a.as_of)
    years = series.seniority_years.get(level)
    seniority = Duration(current.original_obtained_on, years, a.as_of) if years else None
    failing = [d for d in (after, seniority) if d is not None and not d.ok]
    conditions = [after.text("转系列后", "since the transfer")]
    if seniority is not None:
        conditions.append(
            seniority.text("任职年限（与原职称连续计算）", "years in the level, counted from the original title")
        )
    if not failing:
        c.open(ROUTE_REVIEW, level, "TITLE-17", conditions)
    else:
        latest = max(failing, key=lambda d: d.met_on)
        c.refuse(
            "TITLE-17",
            "转系列后申报高一级：" + "；".join(t.zh for t in conditions),
            "One level higher after transfer: " + "; ".join(t.en for t in conditions),
            route=ROUTE_REVIEW,
            level=level,
            missing=latest.missing,
        )


def title_18_routes(c: _Collector, level: str) -> None:
    """TITLE-18 (Doc B §四(七)): non-public sector, no step-by-step — bachelor+5y or college+8y → 中级 directly;
    bachelor+12y → 副高级 directly."""
    a = c.applicant
    if a.employment not in NON_PUBLIC_EMPLOYMENTS or level not in (INTERMEDIATE, DEPUTY_SENIOR):
        return
    if a.current_title is not None and LEVEL_RANK[a.current_title.level] >= LEVEL_RANK[level]:
        return
    start = _work_start(a)
    edu = EDUCATION_RANK[a.education]
    if level == INTERMEDIATE:
        clauses = [
            (y, t)
            for need, y, t in (("bachelor", 5, "大学本科毕业"), ("college", 8, "大学专科毕业"))
            if edu >= EDUCATION_RANK[need]
        ]
    else:
        clauses = [(12, "大学本科毕业")] if edu >= EDUCATION_RANK["bachelor"] else []
    if not clauses:
        return
    if start is None:
        c.refuse(
            "TITLE-18",
            "未填写参加工作时间，无法计算专业技术工作年限",
            "No work start date",
            route=ROUTE_DIRECT_REVIEW,
            level=level,
        )
        return
    best = min((Duration(start, y, a.as_of) for y, _ in clauses), key=lambda d: d.met_on)
    label = dict((y, t) for y, t in clauses)[best.years]
    text = best.text(f"{label}从事专业技术工作", "professional work")
    if best.ok:
        c.open(
            ROUTE_DIRECT_REVIEW,
            level,
            "TITLE-18",
            [
                Text("非公有制领域，不受逐级申报限制", "non-public sector: no step-by-step requirement"),
                text,
                Text("符合相应业绩成果条件", "meets the achievement conditions"),
            ],
        )
    else:
        c.refuse(
            "TITLE-18",
            f"非公有制领域直接申报{_level_zh(level)}：{text.zh}",
            f"Non-public direct application at {_level_en(level)}: {text.en}",
            route=ROUTE_DIRECT_REVIEW,
            level=level,
            missing=best.missing,
        )


def title_19_routes(c: _Collector, level: str) -> None:
    """TITLE-19 (Doc A §五(五), Doc B §四(六)2–3): township institution staff — bachelor 2y / college 4y → 中级
    review directly; 30 years in a district (or below) / 20 years in a township → one level higher, not limited by
    education, specialty or post count."""
    a = c.applicant
    current = a.current_title
    if (
        level == INTERMEDIATE
        and a.employment == "institution"
        and a.unit_location == "township"
        and (current is None or LEVEL_RANK[current.level] < LEVEL_RANK[INTERMEDIATE])
    ):
        edu = EDUCATION_RANK[a.education]
        years = 2 if edu >= EDUCATION_RANK["bachelor"] else 4 if edu >= EDUCATION_RANK["college"] else None
        start = a.township_work_started_on or _work_start(a)
        if years is not None and start is not None:
            duration = Duration(start, years, a.as_of)
            text = duration.text("在乡镇事业单位专业技术岗位工作", "in a township institution's professional post")
            if duration.ok:
                c.open(ROUTE_DIRECT_REVIEW, level, "TITLE-19", [text, Text("经考核合格", "passed the assessment")])
            else:
                c.refuse(
                    "TITLE-19",
                    f"乡镇事业单位直接参加中级评审：{text.zh}",
                    f"Township institution, direct intermediate review: {text.en}",
                    route=ROUTE_DIRECT_REVIEW,
                    level=level,
                    missing=duration.missing,
                )
    if current is None or _next_level(c.series, current.level) != level:
        return
    if a.years_in_district < 30 and a.years_in_township < 20:
        if a.years_in_district or a.years_in_township:
            d, t = a.years_in_district, a.years_in_township
            c.refuse(
                "TITLE-19",
                f"基层破格参加高一级评审：须在各区从事专业工作满30年（现 {d} 年，还差 {30 - d} 年）"
                f"或在乡镇从事专业工作满20年（现 {t} 年，还差 {20 - t} 年）",
                f"Grassroots exception one level up: 30 years in a district ({d}, {30 - d} short) or 20 years in a "
                f"township ({t}, {20 - t} short)",
                route=ROUTE_DIRECT_REVIEW,
                level=level,
                only_if_closed=True,
            )
        return
    if a.years_in_district >= 30 or a.years_in_township >= 20:
        basis = (
            Text(
                f"在各区从事专业工作 {a.years_in_district} 年（满30年）",
                f"{a.years_in_district} years in a district (30 needed)",
            )
            if a.years_in_district >= 30
            else Text(
                f"在乡镇从事专业工作 {a.years_in_township} 年（满20年）",
                f"{a.years_in_township} years in a township (20 needed)",
            )
        )
        c.open(
            ROUTE_DIRECT_REVIEW,
            level,
            "TITLE-19",
            [
                basis,
                Text(
                    "不受学历、专业和单位岗位职数限制，破格参加高一级评审",
                    "not limited by education, specialty or post count",
                ),
                Text("优秀专业技术人才，业绩成果符合条件", "outstanding, meets the achievement conditions"),
            ],
        )


def green_channel_routes(c: _Collector, level: str) -> None:
    """GREEN-01/02/03 (Doc B §四(五)): category, evidence and endorsements; not limited by post quota; one use."""
    a = c.applicant
    claim = a.green_channel
    if claim is None:
        return
    category = c.catalogue.green_categories[claim.category]
    if a.used_green_before:
        c.refuse(
            "GREEN-01",
            "职称评审绿色通道政策原则上只可享受一次，已享受过",
            "The green channel may be used once only",
            route=ROUTE_GREEN,
            level=level,
        )
        return
    missing: list[tuple[str, str]] = [EVIDENCE_NAMES[e] for e in category.evidence_all if e not in claim.evidence]
    if category.evidence_any and not set(category.evidence_any) & claim.evidence:
        names = [EVIDENCE_NAMES[e] for e in category.evidence_any]
        missing.append(("或".join(n[0] for n in names), " or ".join(n[1] for n in names)))
    missing += [ENDORSEMENT_NAMES[e] for e in category.endorsements_all if e not in claim.endorsements]
    if category.endorsements_any and not set(category.endorsements_any) & claim.endorsements:
        names = [ENDORSEMENT_NAMES[e] for e in category.endorsements_any]
        missing.append(("或".join(n[0] for n in names), " or ".join(n[1] for n in names)))
    if claim.peer_letters < category.min_peer_letters:
        missing.append(
            (
                f"{category.min_peer_letters}名以上在职在岗正高级同行专家推荐意见（现有 {claim.peer_letters} 名）",
                f"letters from {category.min_peer_letters}+ in-service full-senior peers ({claim.peer_letters} given)",
            )
        )
    if category.first_application_only and not a.first_application:
        missing.append(("首次申报职称", "a first application"))
    if category.city_institution_only and not (a.employment == "institution" and a.unit_location == "city"):
        missing.append(("市直事业单位", "a city-level institution"))
    levels = _green_levels(c, category, claim)
    if level not in levels:
        if a.target_level == level:
            zh, en = _green_level_reason(c, category, claim)
            c.refuse("GREEN-02", zh, en, route=ROUTE_GREEN, level=level)
        return
    if missing:
        c.refuse(
            "GREEN-02",
            f"绿色通道第{category.number}类（{category.name_zh}）缺少：" + "；".join(m[0] for m in missing),
            f"Green channel category {category.number}: missing " + "; ".join(m[1] for m in missing),
            route=ROUTE_GREEN,
            level=level,
        )
        return
    conditions = [
        Text(
            f"绿色通道第{category.number}类：{category.name_zh}",
            f"green channel category {category.number}: {category.name_en}",
        ),
        Text("不受岗位数额（比例）限制", "not limited by post quota or ratio (GREEN-01)"),
    ]
    conditions += [
        Text(EVIDENCE_NAMES[e][0], EVIDENCE_NAMES[e][1]) for e in sorted(claim.evidence) if e in EVIDENCE_NAMES
    ]
    conditions += [
        Text(ENDORSEMENT_NAMES[e][0], ENDORSEMENT_NAMES[e][1])
        for e in sorted(claim.endorsements)
        if e in ENDORSEMENT_NAMES
    ]
    c.open(ROUTE_GREEN, level, "GREEN-02", conditions, region_green=category.region_committee)


def _green_level_reason(c: _Collector, category, claim: GreenChannelClaim) -> tuple[str, str]:
    """GREEN-02: why the category does not lead to the level asked for (the page and the CLI say what it allows)."""
    a, n = c.applicant, category.number
    if category.level_rule == GREEN_SENIOR:
        return (
            f"绿色通道第{n}类仅可直接申报高级职称（副高级、正高级）",
            f"Green channel category {n}: senior titles only",
        )
    if category.level_rule == GREEN_DEPUTY_SENIOR_RECOGNITION:
        return (
            f"绿色通道第{n}类为直接申报认定副高级职称",
            f"Green channel category {n}: deputy senior recognition only",
        )
    if category.level_rule == GREEN_PROGRAMME:
        programme = PROGRAMMES.get(claim.programme or "")
        if programme is None:
            return (
                f"绿色通道第{n}类须选择所列入的人才培养项目",
                f"Green channel category {n}: name the talent programme",
            )
        name_zh, name_en, effect, district_only = programme
        if district_only and a.unit_location == "city":
            return (f"{name_zh}：须在三区及以下单位工作", f"{name_en}: only for units in a district or below")
        if effect == "full_senior":
            return (f"{name_zh}可直接申报正高级职称", f"{name_en}: full senior directly")
        if effect == "intermediate":
            return (f"{name_zh}可直接申报中级职称", f"{name_en}: intermediate directly")
        if a.current_title is None:
            return (f"{name_zh}可直接申报高一级职称，须已具有职称", f"{name_en}: one level above a held title")
        return (f"{name_zh}可直接申报高一级职称（现职称的上一级）", f"{name_en}: one level above the current title")
    return (f"绿色通道第{n}类不适用于该级别", f"Green channel category {n} does not lead to this level")


def green_channel_target_missing(c: _Collector) -> None:
    """GREEN-02: categories 4, 5, 7 and 8 lead to "相应职称" — the level asked for; without one nothing is decided."""
    a = c.applicant
    claim = a.green_channel
    if claim is None or a.target_level is not None or a.used_green_before:
        return
    category = c.catalogue.green_categories[claim.category]
    if category.level_rule == GREEN_TARGET:
        c.refuse(
            "GREEN-02",
            f"绿色通道第{category.number}类“直接申报相应职称”，须指明申报级别",
            f"Green channel category {category.number} leads to the matching title: give the level applied for",
            route=ROUTE_GREEN,
            field="target_level",
        )


def _green_levels(c: _Collector, category, claim: GreenChannelClaim) -> set[str]:
    a, series = c.applicant, c.series
    if category.level_rule == GREEN_SENIOR:
        return set(SENIOR_LEVELS) & set(series.levels)
    if category.level_rule == GREEN_DEPUTY_SENIOR_RECOGNITION:
        return {DEPUTY_SENIOR} & set(series.levels)
    if category.level_rule == GREEN_PROGRAMME:
        programme = PROGRAMMES.get(claim.programme or "")
        if programme is None:
            return set()
        effect, district_only = programme[2], programme[3]
        if district_only and a.unit_location == "city":
            return set()
        if effect == "full_senior":
            return {FULL_SENIOR} & set(series.levels)
        if effect == "intermediate":
            return {INTERMEDIATE} & set(series.levels)
        nxt = _next_level(series, a.current_title.level) if a.current_title else None
        return {nxt} if nxt else set()
    return {a.target_level} if a.target_level else set()


# --- cross-cutting conditions -----------------------------------------------------------------------------------


def title_20_refusal(c: _Collector) -> bool:
    """TITLE-20 (Doc B §四(九)): 定向评价 only for district grassroots teachers, health, agriculture, water and
    cultural heritage, at senior level, and not together with a general application at the same level this year."""
    a, series = c.applicant, c.series
    if not a.directional:
        return False
    reasons: list[tuple[str, str]] = []
    if a.unit_location == "city":
        reasons.append(
            ("“定向评价、定向使用”仅限各区基层单位", "directional evaluation is for district grassroots units")
        )
    if not series.directional_eligible:
        reasons.append(
            (
                f"{series.name_zh}不属于定向评价领域（中小学教师、卫生、农牧业、水利、文物博物）",
                f"{series.name_en} is not a directional field",
            )
        )
    if a.target_level is not None and a.target_level not in SENIOR_LEVELS:
        reasons.append(("定向评价仅适用于高级职称", "directional evaluation is for senior titles only"))
    if a.other_track_same_year:
        reasons.append(
            (
                "同一年度不得同时申报“定向评价”职称和社会化职称",
                "may not apply for both the directional and the general title in the same year",
            )
        )
    for zh, en in reasons:
        c.refuse("TITLE-20", zh, en)
    return bool(reasons)


def drop_moot_refusals(c: _Collector) -> None:
    """An exception that is not met does not matter at a level another route opens (``only_if_closed``)."""
    open_levels = {r.level for r in c.routes}
    c.refusals = [r for r in c.refusals if not (r.only_if_closed and r.level in open_levels)]


def title_13_filter(c: _Collector) -> None:
    """TITLE-13: 考评结合 series at senior level need a valid passing exam result, on every route."""
    if c.applicant.exam_passed:
        return
    kept = []
    for route in c.routes:
        if route.level in c.series.exam_review_levels and not route.exam_exempt:
            c.refuse(
                "TITLE-13",
                f"{c.series.name_zh}{_level_zh(route.level)}实行考评结合，须参加国家或自治区统一考试且成绩合格并在有效期内",
                f"{c.series.name_en}, {_level_en(route.level)}: exam + review — a valid passing exam result "
                "is required",
                route=route.route,
                level=route.level,
            )
        else:
            kept.append(route)
    c.routes = kept


def _window_refusal(c: _Collector, level: str, directional: bool) -> tuple[str, str, Missing | None] | None:
    """Why the year's window for ``level`` does not take an application on the applicant's day, or None."""
    a, series = c.applicant, c.series
    group = window_group(series, level, directional)
    window = c.catalogue.window(a.year, group)
    name_zh, name_en = WINDOW_GROUPS.get(group, (group, group))
    if window is None:
        return (
            f"{a.year} 年度{name_zh}申报时间尚未载入，暂不能申报",
            f"No application window loaded for {a.year} ({name_en})",
            None,
        )
    if window.closes_on is None:
        # Doc B §二(一)2 "另行安排": no application outside its window, and this one has no dates yet.
        return (
            f"{series.name_zh}{_level_zh(level)}申报时间另行安排，{a.year} 年度尚未公布，公布后方可申报",
            f"{series.name_en}, {_level_en(level)}: application dates for {a.year} are announced separately "
            "and not yet published",
            None,
        )
    applied_on = a.applied_on or a.as_of
    if window.opens_on is not None and applied_on < window.opens_on:
        return (
            f"{a.year} 年度{_level_zh(level)}申报自 {window.opens_on.isoformat()} 开始，"
            f"还差 {(window.opens_on - applied_on).days} 天",
            f"Applications for {_level_en(level)} in {a.year} open on {window.opens_on.isoformat()}",
            Missing((window.opens_on - applied_on).days, window.opens_on),
        )
    if a.as_of > window.closes_on:
        return (
            f"{a.year} 年度{_level_zh(level)}申报已于 {window.closes_on.isoformat()} 截止",
            f"Applications for {_level_en(level)} in {a.year} closed on {window.closes_on.isoformat()}",
            None,
        )
    return None


def title_02_filter(c: _Collector) -> None:
    """TITLE-02: a route is open only while the year's window for its level group takes applications — announced,
    opened (``opens_on``, on the day the application is made) and not closed (``closes_on`` inclusive)."""
    a = c.applicant
    kept = []
    for route in c.routes:
        refusal = _window_refusal(c, route.level, route.directional)
        if refusal is None:
            kept.append(route)
            continue
        zh, en, missing = refusal
        c.refuse("TITLE-02", zh, en, route=route.route, level=route.level, missing=missing)
    c.routes = kept
    for refusal in c.refusals:
        if refusal.missing is None or refusal.level is None or refusal.route is None or refusal.rule == "TITLE-02":
            continue
        window = c.catalogue.window(a.year, window_group(c.series, refusal.level, a.directional))
        if window is not None and window.closes_on is not None and refusal.missing.met_on > window.closes_on:
            c.warn(
                "TITLE-03",
                f"{refusal.rule}：条件在 {refusal.missing.met_on.isoformat()} 满足，晚于本年度申报截止日 "
                f"{window.closes_on.isoformat()}，本年度不能申报",
                f"{refusal.rule}: the condition is met on "
                f"{refusal.missing.met_on.isoformat()}, after this year's deadline {window.closes_on.isoformat()}",
            )


def title_19_rural_warning(c: _Collector, levels: list[str]) -> None:
    """TITLE-19: city school teachers and doctors applying for a senior title "原则上" need ≥ 1 year of rural
    service — a warning, because "in principle" admits approved exceptions."""
    a = c.applicant
    if (
        a.unit_location == "city"
        and c.series.key in ("primary_secondary_teacher", "health")
        and any(level in SENIOR_LEVELS for level in levels)
        and a.rural_service_years < 1
    ):
        c.warn(
            "TITLE-19",
            "市直中小学教师、医生晋升高级职称，原则上要有1年以上涉农镇办基层工作服务经历",
            "City school teachers and doctors applying for a senior title should have 1+ year of rural service",
        )


def title_11_note(c: _Collector) -> None:
    """TITLE-11: the yearly region-allotted total of primary/secondary 正高 titles."""
    if c.series.key != "primary_secondary_teacher":
        return
    quota = c.catalogue.teacher_full_senior_quotas.get(c.applicant.year)
    if quota is not None and any(r.level == FULL_SENIOR for r in c.routes):
        c.warn(
            "TITLE-11",
            f"{c.applicant.year} 年全市中小学正高级教师职称评审总数控制在 {quota} 人",
            f"{c.applicant.year}: at most {quota} primary/secondary full-senior titles city-wide",
        )


# --- entry point ------------------------------------------------------------------------------------------------


def eligibility_check(applicant: Applicant, catalogue: Catalogue) -> Eligibility:
    """Every route open to ``applicant`` on ``applicant.as_of`` and every refusal, each naming its rule."""
    series = catalogue.series[applicant.series]
    c = _Collector(applicant, catalogue, series)
    if title_01_refusal(c) or title_22_refusal(c):
        return Eligibility(applicant, (), tuple(c.refusals))
    levels = [applicant.target_level] if applicant.target_level else list(series.levels)
    if applicant.directional:
        if title_20_refusal(c):
            return Eligibility(applicant, (), tuple(c.refusals))
        levels = [lv for lv in levels if lv in SENIOR_LEVELS]
    for level in levels:
        if title_12_refusal(c, level):
            continue
        recog_02_routes(c, level)
        recog_01_routes(c, level)
        ordinary_review_routes(c, level)
        title_17_routes(c, level)
        title_18_routes(c, level)
        title_19_routes(c, level)
        title_16_routes(c, level)
        green_channel_routes(c, level)
    green_channel_target_missing(c)
    recognition_more_favourable(c)
    title_13_filter(c)
    title_02_filter(c)
    drop_moot_refusals(c)
    title_19_rural_warning(c, levels)
    title_11_note(c)
    if not c.routes and not c.refusals and applicant.target_level:
        level = applicant.target_level
        current = applicant.current_title
        if (
            current is not None
            and LEVEL_RANK[current.level] >= LEVEL_RANK[level]
            and _same_series(catalogue, current.series, series.key)
        ):
            zh, en = (
                f"已具有{_level_zh(current.level)}职称，不能申报{_level_zh(level)}",
                "already holds that level or higher",
            )
        else:
            zh = (
                f"没有可申报{_level_zh(level)}的途径：须按职称层级逐级申报"
                "（现职称不符合，或无适用的认定、破格、绿色通道条件）"
            )
            en = f"No route to {_level_en(level)}: titles are applied for level by level and no exception applies"
        c.refuse(ORDINARY_RULE, zh, en, level=level)
    return Eligibility(applicant, tuple(c.routes), tuple(c.refusals), tuple(c.warnings))


# --- input ------------------------------------------------------------------------------------------------------


class ApplicantInputError(ValueError):
    """Bad input: names the field and what would be accepted."""

    def __init__(self, field_name: str, problem_zh: str, problem_en: str, accepted: str = ""):
        self.field = field_name
        self.accepted = accepted
        self.message = f"字段 {field_name}：{problem_zh}" + (f"（可接受：{accepted}）" if accepted else "")
        self.message_en = f"field {field_name}: {problem_en}" + (f" (accepted: {accepted})" if accepted else "")
        super().__init__(f"{self.message} / {self.message_en}")


_REQUIRED = ("year", "as_of", "employment", "unit_location", "education", "full_time", "degree", "graduated_on",
             "field_matches", "work_started_on", "years_in_district", "years_in_township", "series",
             "current_title", "target_level")  # fmt: skip
_OPTIONAL = {
    "name",
    "id",
    "district",
    "affiliation",
    "township_work_started_on",
    "sanction_kind",
    "sanction_ends_on",
    "honours",
    "used_exceptional_before",
    "civil_service_transfer_on",
    "first_application",
    "exam_passed",
    "green_channel",
    "used_green_before",
    "directional",
    "other_track_same_year",
    "new_post_started_on",
    "rural_service_years",
    "outstanding_contribution",
    "full_time_education",
    "full_time_graduated_on",
}


# The keys of one applicant (INTERFACES §3 and the documented extras), read by the API's JSON Schema too.
REQUIRED_FIELDS: tuple[str, ...] = _REQUIRED
OPTIONAL_FIELDS: frozenset[str] = frozenset(_OPTIONAL)


def _choice(data: dict, key: str, choices, *, prefix: str = "", nullable: bool = False) -> Any:
    value = data.get(key)
    if value is None and nullable:
        return None
    if not isinstance(value, str) or value not in choices:
        raise ApplicantInputError(prefix + key, f"取值 {value!r} 无效", f"invalid value {value!r}", ", ".join(choices))
    return value


DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)


def _date(data: dict, key: str, *, prefix: str = "", nullable: bool = False) -> date | None:
    value = data.get(key)
    if value is None and nullable:
        return None
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            # A career lies within these years; later dates would also overflow the anniversary arithmetic.
            if DATE_MIN <= parsed <= DATE_MAX:
                return parsed
            raise ApplicantInputError(
                prefix + key,
                f"日期 {value} 超出合理范围",
                f"date {value} is out of range",
                f"{DATE_MIN.isoformat()} – {DATE_MAX.isoformat()}",
            )
    raise ApplicantInputError(
        prefix + key, f"日期 {value!r} 无效", f"invalid date {value!r}", "YYYY-MM-DD" + (", null" if nullable else "")
    )


def _bool(data: dict, key: str, default: bool | None = None, *, prefix: str = "") -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ApplicantInputError(
            prefix + key, f"应为布尔值，收到 {value!r}", f"expected a boolean, got {value!r}", "true, false"
        )
    return value


def _count(data: dict, key: str, default: int | None = None, *, prefix: str = "") -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApplicantInputError(
            prefix + key,
            f"应为非负整数，收到 {value!r}",
            f"expected a non-negative integer, got {value!r}",
            "0, 1, 2, …",
        )
    return value


def _str_list(data: dict, key: str, choices, *, prefix: str = "") -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or any(not isinstance(v, str) or v not in choices for v in value):
        raise ApplicantInputError(
            prefix + key, f"取值 {value!r} 无效", f"invalid value {value!r}", "list of: " + ", ".join(choices)
        )
    return tuple(value)


def applicant_from_dict(data: Any, catalogue: Catalogue) -> Applicant:
    """Parse one applicant of INTERFACES §3; raise ``ApplicantInputError`` naming the first bad field."""
    if not isinstance(data, dict):
        raise ApplicantInputError("applicant", "应为 JSON 对象", "expected a JSON object")
    for key in _REQUIRED:
        if key not in data:
            raise ApplicantInputError(key, "缺少必填字段", "required field is missing")
    unknown = sorted(set(data) - set(_REQUIRED) - _OPTIONAL)
    if unknown:
        raise ApplicantInputError(
            unknown[0], "未知字段", "unknown field", ", ".join(_REQUIRED + tuple(sorted(_OPTIONAL)))
        )
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicantInputError("year", f"年度 {year!r} 无效", f"invalid year {year!r}", "2000–2100")
    series_key = _choice(data, "series", sorted(catalogue.series))
    series = catalogue.series[series_key]
    target = _choice(data, "target_level", LEVELS, nullable=True)
    if target is not None and target not in series.levels:
        raise ApplicantInputError(
            "target_level",
            f"{series.name_zh}没有{_level_zh(target)}",
            f"{series.name_en} has no {target} level",
            ", ".join(series.levels),
        )
    current = data["current_title"]
    current_title = None
    if current is not None:
        if not isinstance(current, dict):
            raise ApplicantInputError(
                "current_title",
                "应为对象或 null",
                "expected an object or null",
                '{"level", "series", "obtained_on"} or null',
            )
        extra = sorted(set(current) - {"level", "series", "obtained_on", "original_obtained_on"})
        if extra:
            raise ApplicantInputError(
                f"current_title.{extra[0]}",
                "未知字段",
                "unknown field",
                "level, series, obtained_on, original_obtained_on",
            )
        current_title = CurrentTitle(
            level=_choice(current, "level", LEVELS, prefix="current_title."),
            series=_choice(current, "series", sorted(catalogue.series), prefix="current_title."),
            obtained_on=_date(current, "obtained_on", prefix="current_title."),
            original_obtained_on=_date(current, "original_obtained_on", prefix="current_title.", nullable=True),
        )
    green = data.get("green_channel")
    claim = None
    if green is not None:
        if not isinstance(green, dict):
            raise ApplicantInputError("green_channel", "应为对象或 null", "expected an object or null")
        extra = sorted(set(green) - {"category", "evidence", "endorsements", "peer_letters", "programme"})
        if extra:
            raise ApplicantInputError(
                f"green_channel.{extra[0]}",
                "未知字段",
                "unknown field",
                "category, evidence, endorsements, peer_letters, programme",
            )
        category = green.get("category")
        if category not in catalogue.green_categories or isinstance(category, bool):
            raise ApplicantInputError(
                "green_channel.category",
                f"类别 {category!r} 无效",
                f"invalid category {category!r}",
                ", ".join(str(n) for n in sorted(catalogue.green_categories)),
            )
        claim = GreenChannelClaim(
            category=category,
            evidence=frozenset(_str_list(green, "evidence", sorted(EVIDENCE_NAMES), prefix="green_channel.")),
            endorsements=frozenset(
                _str_list(green, "endorsements", sorted(ENDORSEMENT_NAMES), prefix="green_channel.")
            ),
            peer_letters=_count(green, "peer_letters", 0, prefix="green_channel."),
            programme=_choice(green, "programme", sorted(PROGRAMMES), prefix="green_channel.", nullable=True),
        )
    rural = data.get("rural_service_years", 0)
    if isinstance(rural, bool) or not isinstance(rural, int | float | str):
        raise ApplicantInputError(
            "rural_service_years",
            f"应为非负数，收到 {rural!r}",
            f"expected a non-negative number, got {rural!r}",
            "0, 1, 1.5, …",
        )
    try:
        rural_years = Fraction(str(rural))
    except (ValueError, ZeroDivisionError):
        raise ApplicantInputError(
            "rural_service_years",
            f"应为非负数，收到 {rural!r}",
            f"expected a non-negative number, got {rural!r}",
            "0, 1, 1.5, …",
        ) from None
    if rural_years < 0:
        raise ApplicantInputError("rural_service_years", "不能为负数", "must not be negative", "0, 1, 1.5, …")
    name = data.get("name", data.get("id"))
    applicant = Applicant(
        year=year,
        as_of=_date(data, "as_of"),
        employment=_choice(data, "employment", EMPLOYMENTS),
        unit_location=_choice(data, "unit_location", UNIT_LOCATIONS),
        education=_choice(data, "education", EDUCATIONS),
        full_time=_bool(data, "full_time"),
        degree=_choice(data, "degree", EDUCATIONS, nullable=True),
        graduated_on=_date(data, "graduated_on", nullable=True),
        field_matches=_bool(data, "field_matches"),
        work_started_on=_date(data, "work_started_on", nullable=True),
        years_in_district=_count(data, "years_in_district"),
        years_in_township=_count(data, "years_in_township"),
        series=series_key,
        current_title=current_title,
        target_level=target,
        name=None if name is None else str(name),
        district=_choice(data, "district", sorted(DISTRICTS), nullable=True),
        affiliation=_choice(data, "affiliation", AFFILIATIONS, nullable=True),
        township_work_started_on=_date(data, "township_work_started_on", nullable=True),
        sanction_kind=_choice(data, "sanction_kind", SANCTION_KINDS, nullable=True),
        sanction_ends_on=_date(data, "sanction_ends_on", nullable=True),
        honours=_str_list(data, "honours", sorted(catalogue.honours)),
        used_exceptional_before=_bool(data, "used_exceptional_before", False),
        civil_service_transfer_on=_date(data, "civil_service_transfer_on", nullable=True),
        first_application=_bool(data, "first_application", False),
        exam_passed=_bool(data, "exam_passed", False),
        green_channel=claim,
        used_green_before=_bool(data, "used_green_before", False),
        directional=_bool(data, "directional", False),
        other_track_same_year=_bool(data, "other_track_same_year", False),
        new_post_started_on=_date(data, "new_post_started_on", nullable=True),
        rural_service_years=rural_years,
        outstanding_contribution=_bool(data, "outstanding_contribution", False),
        full_time_education=_choice(data, "full_time_education", EDUCATIONS, nullable=True),
        full_time_graduated_on=_date(data, "full_time_graduated_on", nullable=True),
    )
    _not_after_as_of(applicant)
    return applicant


# Facts of the applicant's past: none may lie after the day the conditions are checked (``as_of``).
_PAST_DATES = (
    ("graduated_on", "毕业时间", "graduation"),
    ("full_time_graduated_on", "全日制学历毕业时间", "full-time graduation"),
    ("work_started_on", "参加工作时间", "start of work"),
    ("township_work_started_on", "乡镇工作起始日", "start of township work"),
    ("new_post_started_on", "新岗位起始日", "start in the new post"),
    ("civil_service_transfer_on", "转入企事业单位日期", "transfer from the civil service or army"),
)


def _not_after_as_of(applicant: Applicant) -> None:
    """Refuse a past fact dated after ``as_of`` (a typo such as 2029 would otherwise read "还差 3459 天")."""
    as_of = applicant.as_of
    dated = [(key, zh, en, getattr(applicant, key)) for key, zh, en in _PAST_DATES]
    current = applicant.current_title
    if current is not None:
        dated.append(("current_title.obtained_on", "现职称取得时间", "date the current title was obtained",
                      current.obtained_on))  # fmt: skip
        dated.append(("current_title.original_obtained_on", "原系列同级职称取得时间",
                      "date the same level was first obtained", current.original_obtained_on))  # fmt: skip
    for key, zh, en, value in dated:
        if value is not None and value > as_of:
            raise ApplicantInputError(
                key,
                f"{zh} {value.isoformat()} 晚于检查日 as_of（{as_of.isoformat()}）",
                f"{en} {value.isoformat()} is after as_of ({as_of.isoformat()})",
                f"YYYY-MM-DD ≤ {as_of.isoformat()}",
            )
    if current is not None and current.original_obtained_on and current.original_obtained_on > current.obtained_on:
        raise ApplicantInputError(
            "current_title.original_obtained_on",
            "原系列同级职称取得时间不能晚于转系列后的取得时间（TITLE-17）",
            "the original title cannot be later than the transferred one (TITLE-17)",
            f"YYYY-MM-DD ≤ {current.obtained_on.isoformat()}",
        )


def applicants_from_payload(payload: Any, catalogue: Catalogue) -> list[Applicant]:
    """One applicant, or ``{"applicants": [...]}``; errors name the applicant's index in a batch."""
    if isinstance(payload, dict) and "applicants" in payload:
        extra = sorted(set(payload) - {"applicants"})
        if extra:  # a typo such as a top-level "as_of" next to the batch must not pass silently
            raise ApplicantInputError(
                extra[0], "批量输入只能包含 applicants 一个键", "a batch holds only the key applicants", "applicants"
            )
        items = payload["applicants"]
        if not isinstance(items, list) or not items:
            raise ApplicantInputError("applicants", "应为非空数组", "expected a non-empty list")
        result = []
        for index, item in enumerate(items):
            try:
                result.append(applicant_from_dict(item, catalogue))
            except ApplicantInputError as error:
                raise ApplicantInputError(
                    f"applicants[{index}].{error.field}",
                    _strip(error.message),
                    _strip(error.message_en, en=True),
                    error.accepted,
                ) from None
        return result
    return [applicant_from_dict(payload, catalogue)]


def _strip(message: str, en: bool = False) -> str:
    """Drop the "字段 X：" prefix and the accepted-values suffix so a batch error can re-prefix the field."""
    head = "field " if en else "字段 "
    sep = ": " if en else "："
    body = message[len(head) :].split(sep, 1)[1] if message.startswith(head) else message
    for marker in (" (accepted:", "（可接受："):
        body = body.split(marker)[0]
    return body


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    keys = [key for key, _value in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:  # json.loads would keep the last value silently: a typo must not decide the answer
        raise ApplicantInputError(repeated[0], "字段重复出现", "the key appears more than once", "each key once")
    return dict(pairs)


def parse_json_text(text: str | bytes, *, source: str = "(file)") -> Any:
    """The JSON of a file (``source="(file)"``) or a request body (``"(body)"``): UTF-8 with or without a BOM; bad
    encoding or syntax and a key given twice are input errors naming where."""
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")
    try:
        decode_json(text)  # every way the text can be unreadable, with its reason
    except JsonInputError as error:
        raise ApplicantInputError(source, error.message, error.message_en) from None
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8-sig")
    return json.loads(text, object_pairs_hook=_no_duplicate_keys)


# --- output -----------------------------------------------------------------------------------------------------


def _route_dict(route: Route) -> dict:
    return {
        "route": route.route,
        "level": route.level,
        "rule": route.rule,
        "conditions": [t.zh for t in route.conditions],
        "conditions_en": [t.en for t in route.conditions],
        "committee": route.committee.zh,
        "committee_en": route.committee.en,
        "receiving_office": route.receiving_office,
        "submission_route": route.submission_route,
        "submission_steps": list(SUBMISSION_ROUTES[route.submission_route].steps_zh),
        "directional": route.directional,
        "papers_required": route.papers_required,
    }


def _refusal_dict(refusal: Refusal) -> dict:
    result: dict[str, Any] = {"rule": refusal.rule, "message": refusal.message, "message_en": refusal.message_en}
    if refusal.route is not None:
        result["route"] = refusal.route
    if refusal.level is not None:
        result["level"] = refusal.level
    if refusal.missing is not None:
        result["missing_days"] = refusal.missing.days
        result["met_on"] = refusal.missing.met_on.isoformat()
    if refusal.field is not None:
        result["field"] = refusal.field
    return result


def eligibility_as_dict(result: Eligibility) -> dict:
    """One applicant's entry of the INTERFACES §3 output (``routes`` and ``refusals`` plus documented extras)."""
    entry: dict[str, Any] = {}
    if result.applicant.name is not None:
        entry["name"] = result.applicant.name
    entry["routes"] = [_route_dict(r) for r in result.routes]
    entry["refusals"] = [_refusal_dict(r) for r in result.refusals]
    entry["warnings"] = [{"rule": w.rule, "message": w.message, "message_en": w.message_en} for w in result.warnings]
    return entry


def eligibility_report(results: list[Eligibility]) -> dict:
    """The INTERFACES §3 JSON document: ``{"applicants": [...]}``."""
    return {"applicants": [eligibility_as_dict(r) for r in results]}


def eligibility_text(results: list[Eligibility], language: str = "zh") -> str:
    lines: list[str] = []
    en = language.startswith("en")
    for index, result in enumerate(results, 1):
        title = result.applicant.name or f"#{index}"
        lines.append(f"{'Applicant' if en else '申报人'} {title}")
        if not result.routes:
            lines.append("  " + ("no open route" if en else "没有可申报的途径"))
        for route in result.routes:
            conditions = "; ".join(t.en if en else t.zh for t in route.conditions)
            committee = route.committee.en if en else route.committee.zh
            lines.append(f"  [{route.rule}] {route.route} → {route.level}: {committee} — {conditions}")
        for refusal in result.refusals:
            field = f" ({refusal.field})" if refusal.field else ""
            lines.append(f"  ✗ [{refusal.rule}] {refusal.message_en if en else refusal.message}{field}")
        for warning in result.warnings:
            lines.append(f"  ! [{warning.rule}] {warning.message_en if en else warning.message}")
    return "\n".join(lines) + "\n"


__all__ = [
    "AFFILIATIONS", "BELONGS", "Applicant", "ApplicantInputError", "CurrentTitle", "Eligibility",
    "GreenChannelClaim", "Missing", "Refusal", "Route", "Warning", "anniversary", "applicant_from_dict",
    "applicants_from_payload", "committee_for", "eligibility_as_dict", "eligibility_check", "eligibility_report",
    "eligibility_text",
]  # fmt: skip
