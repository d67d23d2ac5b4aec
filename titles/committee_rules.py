"""Committees, judges, meetings and votes (评审委员会) — CMTE-01 … CMTE-05. Pure: no ORM, exact arithmetic.

Sources: Doc B §六(一) (《关于做好2023年全市职称评审工作的通知》) and the national 《职称评审管理暂行规定》
(人社部令第40号, "Order No. 40"). Every number is a field of ``CommitteeSettings`` so the HR bureau can change it
without a code change; every ratio is a ``Fraction`` and every "以上/不少于" comparison includes the bound (FLOW-01).

Selectors turn committee, judge and application rows into the frozen dataclasses below; services store what these
functions decide (a draw with its seed, recusals, a vote) and write the audit record.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from titles.catalogue import DISTRICTS, LEVEL_NAMES, SERIES_BY_KEY
from workflow.findings import ERROR, WARNING, Finding

SENIOR_LEVELS = frozenset({"deputy_senior", "full_senior"})
LEVEL_ORDER = ("full_senior", "deputy_senior", "intermediate", "assistant", "member")

FORMED_BY_SERIES = "series"
FORMED_BY_SPECIALTY = "specialty"
SELF_REVIEW_PREFIX = "unit:"

# Conflict kinds a judge or an applicant may declare (CMTE-03: 亲属关系、上下级关系及其他利害关系).
CONFLICT_KINDS = ("relative", "supervisor", "subordinate", "other")
OWN_UNIT = "own_unit"


@dataclass(frozen=True)
class CommitteeSettings:
    """The numbers of CMTE-01 … CMTE-06. Defaults are the 2023 Wuhai reading of Doc B and Order No. 40."""

    # Order No. 40 Art. 8: 核准备案有效期不得超过3年.
    filing_validity_years: int = 3
    # Art. 9: 组成人员应当是单数.
    odd_membership: bool = True
    # Art. 9: senior committee by series ≥ 25 experts, by specialty ≥ 11 (以上/不少于 → inclusive).
    senior_min_experts_by_series: int = 25
    senior_min_experts_by_specialty: int = 11
    # Art. 12: 评审专家每届任期不得超过3年.
    expert_term_years: int = 3
    # Art. 22: at least 2/3 of the members attend.
    quorum_share: Fraction = Fraction(2, 3)
    # Art. 23: agreeing votes ≥ 2/3 of the experts present.
    pass_share: Fraction = Fraction(2, 3)
    # RULES.md CMTE-04: a recused expert is not counted as present for that applicant (configurable).
    recused_count_as_present: bool = False
    # Doc B §六(一)3: 在评审会议召开一周前 … 备案 → 7 calendar days.
    plan_filing_lead_days: int = 7
    # Doc B §六(一)4: 已经连续三年担任 … 原则上不再聘任为本年度评委.
    consecutive_years_limit: int = 3
    # Candidates drawn per seat (1:2 → 2): the first ``needed`` are the panel, the rest alternates in order.
    draw_ratio: Fraction = Fraction(2)
    # Doc B §六(一)4: 自主评审须保证一定数量的非本单位同行专家 — "a certain number"; the project reads it as a share
    # of the panel (rounded up) so that a token single outsider on a 25-seat panel does not satisfy it.
    self_review_min_external_share: Fraction = Fraction(1, 3)
    # FLOW-03 / TITLE-14: result publicity lasts ≥ 5 working days …
    result_publicity_workdays: int = 5
    # … and starts this many working days after the meeting (1 = the next working day; 0 = the meeting day itself
    # when it is a working day). See docs/rules_committees.md.
    result_publicity_offset_workdays: int = 1
    # TITLE-02: reviews and result publicity finish by this month/day of the evaluation year.
    review_end_month: int = 9
    review_end_day: int = 30

    def review_end(self, year: int) -> date:
        return date(year, self.review_end_month, self.review_end_day)


DEFAULT_SETTINGS = CommitteeSettings()


# --------------------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Conflict:
    """A declared conflict of interest with a person (an applicant's ``person``, or a judge's ``id``)."""

    person_id: str
    kind: str = "other"


@dataclass(frozen=True)
class Judge:
    """An expert (评审专家). ``served_years``: evaluation years in which they sat as a judge (any committee)."""

    id: str
    unit: str
    served_years: frozenset[int] = frozenset()
    conflicts: frozenset[Conflict] = frozenset()
    available_on: frozenset[date] = frozenset()
    term_start: date | None = None
    term_end: date | None = None

    def in_term(self, on_date: date) -> bool:
        if self.term_start is not None and on_date < self.term_start:
            return False
        return self.term_end is None or on_date <= self.term_end


@dataclass(frozen=True)
class Applicant:
    """The person behind an application as far as recusal is concerned."""

    id: str
    unit: str
    person_id: str | None = None
    # Conflicts the applicant declared, ``Conflict.person_id`` being a judge id.
    conflicts: frozenset[Conflict] = frozenset()

    @property
    def person(self) -> str:
        return self.person_id or self.id


@dataclass(frozen=True)
class Committee:
    """A 评审委员会. ``scope``: ``city_direct``, ``district:<key>`` or ``unit:<unit id>`` (self-reviewing unit)."""

    id: str
    series: str
    levels: frozenset[str]
    scope: str
    formed_by: str = FORMED_BY_SERIES
    specialties: frozenset[str] = frozenset()
    judges: tuple[Judge, ...] = ()
    approved_on: date | None = None
    # The filing's stated end; ``None`` → approved_on + filing_validity_years.
    valid_until: date | None = None
    # Dossiers one meeting day can review (CMTE-06).
    meeting_capacity: int = 0
    # What users read in messages: the committee's name (not its key) and the name of its scope.
    name: str = ""
    scope_name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def is_senior(self) -> bool:
        return bool(self.levels & SENIOR_LEVELS)

    @property
    def self_review_unit(self) -> str | None:
        return self.scope[len(SELF_REVIEW_PREFIX) :] if self.scope.startswith(SELF_REVIEW_PREFIX) else None

    def expires_on(self, settings: CommitteeSettings = DEFAULT_SETTINGS) -> date | None:
        """Last day the filing is valid: the stated end, never later than the legal maximum (Art. 8)."""
        if self.approved_on is None:
            return None
        legal_end = add_years(self.approved_on, settings.filing_validity_years)
        return legal_end if self.valid_until is None else min(self.valid_until, legal_end)


def add_years(day: date, years: int) -> date:
    """The corresponding day ``years`` later; 29 Feb → 28 Feb (Civil Code art. 202: no such day → month end)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def level_label(level: str, *, en: bool = False) -> str:
    """中级 / intermediate — never the key."""
    names = LEVEL_NAMES.get(level)
    return names[1 if en else 0] if names else level


def levels_label(levels: Iterable[str], *, en: bool = False) -> str:
    ordered = sorted(levels, key=level_rank)
    return (", " if en else "、").join(level_label(level, en=en) for level in ordered)


def series_label(series: str, *, en: bool = False) -> str:
    info = SERIES_BY_KEY.get(series)
    return (info.name_en if en else info.name_zh) if info else series


def scope_label(scope: str, *, en: bool = False) -> str:
    """``city_direct`` → 市直, ``district:haibowan`` → 海勃湾区, ``unit:7`` → 自主评审单位（7）."""
    if scope == "city_direct":
        return "city-direct units" if en else "市直"
    kind, _, key = scope.partition(":")
    if kind == "district":
        return f"{key.capitalize()} district" if en else DISTRICTS.get(key, key)
    if kind == "unit":
        return f"self-reviewing unit {key}" if en else f"自主评审单位（{key}）"
    return scope


def required_count(share: Fraction, base: int) -> int:
    """Smallest whole number ≥ share × base (以上 includes the bound, FLOW-01); exact, never floats."""
    return math.ceil(Fraction(share) * base)


def _finding(rule: str, scope: str, zh: str, en: str, *, severity=ERROR, actual=None, limit=None) -> Finding:
    return Finding(rule=rule, severity=severity, scope=scope, message=zh, message_en=en, actual=actual, limit=limit)


# --------------------------------------------------------------------------------------------------------------
# CMTE-04 composition, CMTE-01 approval and scope


def committee_composition_findings(
    committee: Committee, on_date: date | None = None, *, settings: CommitteeSettings = DEFAULT_SETTINGS
) -> list[Finding]:
    """CMTE-04 (Order No. 40 Art. 8, 9, 12): filing validity, odd membership, senior minimum size, expert terms.

    Members counted are the judges whose term covers ``on_date`` (all judges when no date is given).
    """
    findings: list[Finding] = []
    if committee.approved_on is not None and committee.valid_until is not None:
        legal_end = add_years(committee.approved_on, settings.filing_validity_years)
        if committee.valid_until > legal_end:
            findings.append(
                _finding(
                    "CMTE-04",
                    "filing_validity",
                    f"评委会核准备案有效期至 {committee.valid_until}，超过 {settings.filing_validity_years} 年"
                    f"（最迟 {legal_end}）。",
                    f"The committee's filing runs to {committee.valid_until}, longer than "
                    f"{settings.filing_validity_years} years (latest {legal_end}).",
                    actual=(committee.valid_until - committee.approved_on).days,
                    limit=(legal_end - committee.approved_on).days,
                )
            )
    members = [j for j in committee.judges if on_date is None or j.in_term(on_date)]
    size = len(members)
    if settings.odd_membership and size % 2 == 0:
        findings.append(
            _finding(
                "CMTE-04",
                "odd_membership",
                f"评委会组成人员为 {size} 人，应当是单数。",
                f"The committee has {size} members; the number must be odd.",
                actual=size,
            )
        )
    if committee.is_senior:
        by_specialty = committee.formed_by == FORMED_BY_SPECIALTY
        minimum = settings.senior_min_experts_by_specialty if by_specialty else settings.senior_min_experts_by_series
        if size < minimum:
            how_zh, how_en = ("按专业", "by specialty") if by_specialty else ("按系列", "by series")
            findings.append(
                _finding(
                    "CMTE-04",
                    "senior_minimum",
                    f"{how_zh}组建的高级评委会评审专家 {size} 人，不少于 {minimum} 人。",
                    f"A senior committee formed {how_en} has {size} experts; at least {minimum} are required.",
                    actual=size,
                    limit=minimum,
                )
            )
    for judge in members:
        if judge.term_start is not None and judge.term_end is not None:
            latest = add_years(judge.term_start, settings.expert_term_years)
            if judge.term_end > latest:
                findings.append(
                    _finding(
                        "CMTE-04",
                        f"expert_term:{judge.id}",
                        f"评审专家 {judge.id} 任期 {judge.term_start} 至 {judge.term_end}，"
                        f"每届任期不得超过 {settings.expert_term_years} 年（最迟 {latest}）。",
                        f"Expert {judge.id}'s term {judge.term_start} – {judge.term_end} exceeds "
                        f"{settings.expert_term_years} years (latest {latest}).",
                    )
                )
    return findings


def committee_approval_findings(
    committee: Committee, on_date: date, *, settings: CommitteeSettings = DEFAULT_SETTINGS
) -> list[Finding]:
    """CMTE-01, the date part: approved (核准备案) on or before ``on_date`` and the filing not expired."""
    if committee.approved_on is None or committee.approved_on > on_date:
        return [
            _finding(
                "CMTE-01",
                "approval",
                f"评委会“{committee.label}”在 {on_date} 尚未经人社部门核准备案，不得组织评审（评审结果无效）。",
                f"Committee “{committee.label}” is not approved by HR on {on_date}; it may not review "
                "(its results would be void).",
            )
        ]
    expires = committee.expires_on(settings)
    if expires is not None and on_date > expires:
        return [
            _finding(
                "CMTE-01",
                "expired",
                f"评委会“{committee.label}”的核准备案已于 {expires} 到期，需经市人社局重新核准备案。",
                f"Committee “{committee.label}”'s filing expired on {expires}; city HR must approve it again.",
            )
        ]
    return []


def committee_case_findings(
    committee: Committee,
    series: str,
    level: str,
    scope: str,
    *,
    specialty: str | None = None,
    scope_name: str = "",
) -> list[Finding]:
    """CMTE-01, the case part: 不得超范围、跨专业受理和评审 — series (and specialty), level and scope.
    Messages name the committee, series, level and scope as users know them, never by their keys."""
    findings: list[Finding] = []
    name = committee.label
    if series != committee.series:
        findings.append(
            _finding(
                "CMTE-01",
                "series",
                f"评委会“{name}”只评审{series_label(committee.series)}，不得跨系列评审{series_label(series)}。",
                f"Committee “{name}” reviews the {series_label(committee.series, en=True)} series only, not "
                f"{series_label(series, en=True)}.",
            )
        )
    elif committee.formed_by == FORMED_BY_SPECIALTY and specialty not in committee.specialties:
        shown = series_label(specialty) if specialty else "（未填专业）"
        shown_en = series_label(specialty, en=True) if specialty else "(no specialty)"
        findings.append(
            _finding(
                "CMTE-01",
                "specialty",
                f"评委会“{name}”按专业组建，不得跨专业评审{shown}。",
                f"Committee “{name}” is formed by specialty and may not review {shown_en}.",
            )
        )
    if level not in committee.levels:
        findings.append(
            _finding(
                "CMTE-01",
                "level",
                f"评委会“{name}”评审{levels_label(committee.levels)}，不评审{level_label(level)}。",
                f"Committee “{name}” reviews {levels_label(committee.levels, en=True)}, not "
                f"{level_label(level, en=True)}.",
            )
        )
    if scope != committee.scope:
        own = committee.scope_name or scope_label(committee.scope)
        findings.append(
            _finding(
                "CMTE-01",
                "scope",
                f"评委会“{name}”的评审范围是{own}，不得超范围评审{scope_name or scope_label(scope)}的申报。",
                f"Committee “{name}” covers {scope_label(committee.scope, en=True)}; "
                f"{scope_label(scope, en=True)} is outside its scope.",
            )
        )
    return findings


def committee_may_review(
    committee: Committee,
    on_date: date,
    series: str,
    level: str,
    scope: str,
    *,
    specialty: str | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """CMTE-01: approved by ``on_date``, filing not expired, and the case is in its series, level and scope.

    An empty list means the committee may review the case on that date.
    """
    return committee_approval_findings(committee, on_date, settings=settings) + committee_case_findings(
        committee, series, level, scope, specialty=specialty
    )


# --------------------------------------------------------------------------------------------------------------
# CMTE-02 review plan filing


def plan_filing_findings(
    filed_on: date | None,
    approved_on: date | None,
    meeting_on: date,
    *,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """CMTE-02: the plan is filed ≥ 7 calendar days before the meeting, and HR approved it before the meeting.

    Dates carry no time of day, so an approval dated the meeting day cannot be shown to precede the meeting:
    that is a warning (the officer checks the approval's time), an approval after the meeting an error.
    """
    lead = settings.plan_filing_lead_days
    findings: list[Finding] = []
    if filed_on is None:
        findings.append(
            _finding(
                "CMTE-02",
                "plan_filing",
                f"评审实施方案尚未备案；须在评审会议（{meeting_on}）召开 {lead} 日前报送。",
                f"The review plan is not filed; it must be filed {lead} days before the meeting ({meeting_on}).",
            )
        )
    else:
        days = (meeting_on - filed_on).days
        if days < lead:
            findings.append(
                _finding(
                    "CMTE-02",
                    "plan_lead",
                    f"评审实施方案于 {filed_on} 报送，距评审会议 {meeting_on} 仅 {days} 日，"
                    f"应在会议召开一周（{lead} 日）前报送（最迟 {meeting_on - timedelta(days=lead)}）。",
                    f"The review plan was filed on {filed_on}, {days} days before the meeting on {meeting_on}; "
                    f"it must be filed at least {lead} days before (by {meeting_on - timedelta(days=lead)}).",
                    actual=days,
                    limit=lead,
                )
            )
    if approved_on is None:
        findings.append(
            _finding(
                "CMTE-02",
                "plan_approval",
                "评审实施方案尚未经人社部门备案同意，不得开展评审。",
                "HR has not approved the review plan; the meeting may not start.",
            )
        )
    elif approved_on > meeting_on:
        findings.append(
            _finding(
                "CMTE-02",
                "plan_approval",
                f"评审实施方案于 {approved_on} 才备案同意，晚于评审会议 {meeting_on}。",
                f"The review plan was approved on {approved_on}, after the meeting on {meeting_on}.",
            )
        )
    elif approved_on == meeting_on:
        findings.append(
            _finding(
                "CMTE-02",
                "plan_approval",
                f"评审实施方案备案同意日期与评审会议同日（{meeting_on}），请核实同意在会议开始之前。",
                f"The review plan was approved on the meeting day ({meeting_on}); check the approval preceded "
                "the meeting.",
                severity=WARNING,
            )
        )
    if filed_on is not None and approved_on is not None and approved_on < filed_on:
        findings.append(
            _finding(
                "CMTE-02",
                "plan_approval",
                f"备案同意日期 {approved_on} 早于报送日期 {filed_on}。",
                f"The approval date {approved_on} is before the filing date {filed_on}.",
            )
        )
    return findings


# --------------------------------------------------------------------------------------------------------------
# CMTE-04 meeting and vote


@dataclass(frozen=True)
class QuorumResult:
    quorate: bool
    members: int
    present: int
    required: int
    findings: tuple[Finding, ...] = ()


def quorum(members: int, present: int, *, settings: CommitteeSettings = DEFAULT_SETTINGS) -> QuorumResult:
    """CMTE-04 (Art. 22): a meeting is quorate when ≥ 2/3 of the members attend (inclusive, FLOW-01)."""
    required = required_count(settings.quorum_share, members)
    findings: list[Finding] = []
    if present > members:
        findings.append(
            _finding(
                "CMTE-04",
                "attendance",
                f"出席 {present} 人，多于评委会组成人员 {members} 人。",
                f"{present} present is more than the committee's {members} members.",
                actual=present,
                limit=members,
            )
        )
    elif present < required:
        findings.append(
            _finding(
                "CMTE-04",
                "quorum",
                f"出席评审专家 {present} 人，不足评委会人数 {members} 人的 {_share(settings.quorum_share)}"
                f"（至少 {required} 人），不得开会。",
                f"{present} experts present, fewer than {_share(settings.quorum_share)} of {members} members "
                f"(at least {required}); the meeting may not proceed.",
                actual=present,
                limit=required,
            )
        )
    return QuorumResult(
        quorate=not findings and members > 0,
        members=members,
        present=present,
        required=required,
        findings=tuple(findings),
    )


@dataclass(frozen=True)
class VoteOutcome:
    passed: bool
    valid: bool
    base: int  # experts counted as present for this applicant
    voters: int  # experts who cast a ballot (present − recused)
    agree: int
    required: int
    findings: tuple[Finding, ...] = ()


def vote_outcome(
    present: int,
    recused: int,
    agree: int,
    disagree: int,
    abstain: int,
    *,
    members: int | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> VoteOutcome:
    """CMTE-04 (Art. 23): passes with agreeing votes ≥ 2/3 of the experts present for this applicant.

    Secret ballot, no proxy and no later votes: every expert present and not recused casts exactly one ballot
    (blank → ``abstain``), so the tallies must add up to ``present − recused``; any other total is an invalid vote
    (a proxy or a missing ballot) and the applicant does not pass. With ``members`` the per-applicant quorum is
    checked too (the experts counted as present must still be ≥ 2/3 of the members).
    """
    findings: list[Finding] = []
    voters = present - recused
    base = present if settings.recused_count_as_present else voters
    required = required_count(settings.pass_share, base)
    cast = agree + disagree + abstain
    if min(present, recused, agree, disagree, abstain) < 0 or recused > present:
        findings.append(
            _finding(
                "CMTE-04",
                "tally",
                "票数不能为负，回避人数不能多于出席人数。",
                "Counts cannot be negative and recused experts cannot outnumber those present.",
            )
        )
    elif cast != voters:
        findings.append(
            _finding(
                "CMTE-04",
                "tally",
                f"投票 {cast} 张（同意 {agree}、不同意 {disagree}、弃权 {abstain}），应等于参加表决的专家 {voters} 人"
                "（出席减回避）；不得委托投票或补充投票。",
                f"{cast} ballots (agree {agree}, disagree {disagree}, abstain {abstain}) must equal the {voters} "
                "voting experts (present minus recused); no proxy or later votes.",
                actual=cast,
                limit=voters,
            )
        )
    if voters <= 0 and not findings:
        findings.append(
            _finding(
                "CMTE-04",
                "tally",
                "全部出席专家均回避，无法表决。",
                "Every expert present is recused; no vote is possible.",
            )
        )
    if members is not None and not findings:
        # The project's reading of CMTE-04 (see docs/rules_committees.md): the experts counted as present for this
        # applicant must still be ≥ 2/3 of the members. The meeting itself is quorate; this applicant is not.
        required_here = required_count(settings.quorum_share, members)
        if base < required_here:
            findings.append(
                _finding(
                    "CMTE-04",
                    "recusal_quorum",
                    f"出席 {present} 人，回避 {recused} 人，计入该申报人表决的专家 {base} 人，不足评委会人数 {members} 人的"
                    f" {_share(settings.quorum_share)}（至少 {required_here} 人），不能对该申报人表决；"
                    "可暂缓评审该申报人（退回待安排，另行安排会议）。",
                    f"{present} present, {recused} recused: {base} experts count for this applicant, fewer than "
                    f"{_share(settings.quorum_share)} of the {members} members (at least {required_here}); no vote "
                    "on this applicant is possible — defer the applicant to another meeting.",
                    actual=base,
                    limit=required_here,
                )
            )
    valid = not findings
    return VoteOutcome(
        passed=valid and agree >= required,
        valid=valid,
        base=base,
        voters=voters,
        agree=agree,
        required=required,
        findings=tuple(findings),
    )


def _share(value: Fraction) -> str:
    value = Fraction(value)
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)


# --------------------------------------------------------------------------------------------------------------
# CMTE-03 judges: three consecutive years, random draw, external experts, recusal


@dataclass(frozen=True)
class JudgeEligibility:
    eligible: tuple[Judge, ...]
    excluded: tuple[tuple[Judge, Finding], ...]


def expert_term_findings(
    judge: Judge,
    period: tuple[date, date] | None = None,
    *,
    label: str = "",
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """CMTE-04 (Order No. 40 Art. 12, 每届任期不得超过3年): the expert's term is recorded, lasts at most
    ``expert_term_years`` (start + 3 years, the end day included: 2023-03-01 → 2026-03-01 at the latest) and, with
    ``period`` = (first, last day the panel may sit), covers the whole period. An empty list: the expert may sit."""
    who = label or judge.id
    if judge.term_start is None or judge.term_end is None:
        return [
            _finding(
                "CMTE-04",
                f"expert_term_missing:{judge.id}",
                f"评审专家 {who} 未登记任期，不能抽取（每届任期不超过 {settings.expert_term_years} 年）。",
                f"Expert {who} has no recorded term and cannot be drawn (terms are at most "
                f"{settings.expert_term_years} years).",
            )
        ]
    latest = add_years(judge.term_start, settings.expert_term_years)
    if judge.term_end < judge.term_start or judge.term_end > latest:
        return [
            _finding(
                "CMTE-04",
                f"expert_term:{judge.id}",
                f"评审专家 {who} 任期 {judge.term_start} 至 {judge.term_end}，每届任期不得超过 "
                f"{settings.expert_term_years} 年（最迟 {latest}）。",
                f"Expert {who}'s term {judge.term_start} – {judge.term_end} exceeds "
                f"{settings.expert_term_years} years (latest {latest}).",
                actual=(judge.term_end - judge.term_start).days,
                limit=(latest - judge.term_start).days,
            )
        ]
    if period is not None and not (judge.term_start <= period[0] and period[1] <= judge.term_end):
        return [
            _finding(
                "CMTE-04",
                f"expert_term_period:{judge.id}",
                f"评审专家 {who} 任期 {judge.term_start} 至 {judge.term_end}，不覆盖本年度评审期 {period[0]} 至 "
                f"{period[1]}。",
                f"Expert {who}'s term {judge.term_start} – {judge.term_end} does not cover the review period "
                f"{period[0]} – {period[1]}.",
            )
        ]
    return []


def eligible_judges(
    pool: Iterable[Judge],
    year: int,
    *,
    term_period: tuple[date, date] | None = None,
    labels: dict[str, str] | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> JudgeEligibility:
    """CMTE-03: a judge who served each of the ``consecutive_years_limit`` years before ``year`` is not appointed.

    "原则上" — the system excludes; an exception is a documented manual decision outside this engine.
    A gap year resets the count. With ``term_period`` (the draw's review period) CMTE-04's expert term is checked
    too (``expert_term_findings``): no recorded term, a term over three years, or one that does not cover the period
    excludes the judge. ``labels`` (judge id → name) are used in the messages.
    """
    limit = settings.consecutive_years_limit
    previous = range(year - limit, year)
    labels = labels or {}
    eligible: list[Judge] = []
    excluded: list[tuple[Judge, Finding]] = []
    for judge in pool:
        who = labels.get(judge.id, judge.id)
        if term_period is not None:
            term = expert_term_findings(judge, term_period, label=who, settings=settings)
            if term:
                excluded.append((judge, term[0]))
                continue
        if limit > 0 and all(y in judge.served_years for y in previous):
            excluded.append(
                (
                    judge,
                    _finding(
                        "CMTE-03",
                        f"consecutive_years:{judge.id}",
                        f"评审专家 {who} 已连续 {limit} 年（{year - limit}–{year - 1}）担任评委，{year} 年不再聘任。",
                        f"Judge {who} served {limit} consecutive years ({year - limit}–{year - 1}) and is not "
                        f"appointed for {year}.",
                    ),
                )
            )
        else:
            eligible.append(judge)
    return JudgeEligibility(eligible=tuple(eligible), excluded=tuple(excluded))


def min_external_experts(panel_size: int, settings: CommitteeSettings = DEFAULT_SETTINGS) -> int:
    """CMTE-03: outside experts a self-reviewing unit's panel needs (at least one when the panel is not empty)."""
    if panel_size <= 0:
        return 0
    return max(1, required_count(settings.self_review_min_external_share, panel_size))


def external_expert_findings(
    panel: Sequence[Judge], home_unit: str, *, settings: CommitteeSettings = DEFAULT_SETTINGS
) -> list[Finding]:
    """CMTE-03: 自主评审须保证一定数量的非本单位同行专家评委参加."""
    needed = min_external_experts(len(panel), settings)
    external = sum(1 for judge in panel if judge.unit != home_unit)
    if external >= needed:
        return []
    return [
        _finding(
            "CMTE-03",
            "external_experts",
            f"自主评审单位 {home_unit} 的评审专家中非本单位专家 {external} 人，至少应有 {needed} 人。",
            f"The self-reviewing unit {home_unit}'s panel has {external} outside experts; at least {needed} "
            "are required.",
            actual=external,
            limit=needed,
        )
    ]


@dataclass(frozen=True)
class PanelDraw:
    """A reproducible draw: the same ``seed`` and pool give the same panel and alternates (record the seed)."""

    seed: int | str
    panel: tuple[str, ...]
    alternates: tuple[str, ...]
    findings: tuple[Finding, ...] = ()


def draw_panel(
    eligible: Iterable[Judge],
    needed: int,
    ratio: Fraction | int | None = None,
    seed: int | str = 0,
    *,
    home_unit: str | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> PanelDraw:
    """CMTE-03: draw ``needed`` judges at random, plus alternates up to ``needed × ratio`` candidates, in order.

    The pool is sorted by id first, so the result depends on the seed and the pool, never on the input order.
    With ``home_unit`` (a self-reviewing unit) the panel keeps enough outside experts: an insider is skipped when
    taking them would leave too few seats for the outsiders required; skipped judges become alternates in order.
    """
    ratio = Fraction(settings.draw_ratio if ratio is None else ratio)
    pool = sorted({judge.id: judge for judge in eligible}.values(), key=lambda j: j.id)
    order = random.Random(seed).sample(pool, k=len(pool))
    total = min(len(pool), max(needed, math.ceil(ratio * needed)))
    findings: list[Finding] = []

    need_external = min_external_experts(needed, settings) if home_unit is not None else 0
    max_internal = needed - need_external
    panel: list[Judge] = []
    skipped: list[Judge] = []
    internal = 0
    for judge in order:
        if len(panel) == needed:
            skipped.append(judge)
            continue
        is_internal = home_unit is not None and judge.unit == home_unit
        if is_internal and internal >= max_internal:
            skipped.append(judge)
            continue
        panel.append(judge)
        internal += is_internal
    alternates = skipped[: max(0, total - len(panel))]

    if len(panel) < needed:
        findings.append(
            _finding(
                "CMTE-03",
                "draw_pool",
                f"可抽取的评审专家 {len(panel)} 人，少于所需 {needed} 人。",
                f"Only {len(panel)} judges could be drawn; {needed} are needed.",
                actual=len(panel),
                limit=needed,
            )
        )
    if home_unit is not None:
        findings.extend(external_expert_findings(panel, home_unit, settings=settings))
    wanted_alternates = max(0, math.ceil(ratio * needed) - needed)
    if len(alternates) < wanted_alternates:
        findings.append(
            _finding(
                "CMTE-03",
                "draw_alternates",
                f"按 1:{_share(ratio)} 比例应抽取备选专家 {wanted_alternates} 人，实际 {len(alternates)} 人。",
                f"At 1:{_share(ratio)}, {wanted_alternates} alternates are due; only {len(alternates)} drawn.",
                severity=WARNING,
                actual=len(alternates),
                limit=wanted_alternates,
            )
        )
    return PanelDraw(
        seed=seed,
        panel=tuple(j.id for j in panel),
        alternates=tuple(j.id for j in alternates),
        findings=tuple(findings),
    )


@dataclass(frozen=True)
class Recusal:
    applicant_id: str
    judge_id: str
    reason: str  # OWN_UNIT or a conflict kind


def recusals(
    judges: Iterable[Judge],
    applicants: Iterable[Applicant],
    *,
    self_review_unit: str | None = None,
) -> dict[str, tuple[Recusal, ...]]:
    """CMTE-03: for each applicant, the judges who must step out, with the reason, ordered by judge id.

    A judge recuses from applicants of their own unit and where either side declared a conflict (relative,
    supervisor/subordinate, other). In a self-reviewing unit's committee (``self_review_unit``) the own-unit rule
    cannot apply to that unit's own judges — every applicant is from it, which is why outside experts are required
    instead — so there only declared conflicts count.
    """
    judges = sorted(judges, key=lambda j: j.id)
    by_unit: dict[str, list[Judge]] = {}
    by_person: dict[str, list[tuple[Judge, str]]] = {}
    judge_ids = {j.id for j in judges}
    for judge in judges:
        by_unit.setdefault(judge.unit, []).append(judge)
        for conflict in judge.conflicts:
            by_person.setdefault(conflict.person_id, []).append((judge, conflict.kind))
    result: dict[str, tuple[Recusal, ...]] = {}
    for applicant in applicants:
        reasons: dict[str, str] = {}
        if applicant.unit != self_review_unit:
            for judge in by_unit.get(applicant.unit, ()):
                reasons[judge.id] = OWN_UNIT
        for judge, kind in by_person.get(applicant.person, ()):
            reasons.setdefault(judge.id, kind)
        for conflict in applicant.conflicts:
            if conflict.person_id in judge_ids:
                reasons.setdefault(conflict.person_id, conflict.kind)
        result[applicant.id] = tuple(
            Recusal(applicant_id=applicant.id, judge_id=judge_id, reason=reasons[judge_id])
            for judge_id in sorted(reasons)
        )
    return result


# --------------------------------------------------------------------------------------------------------------
# CMTE-05 dates


def review_within_year(
    year: int,
    held_on: date,
    *,
    publicity_end: date | None = None,
    delay_approved_on: date | None = None,
    review_end: date | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """CMTE-05 (with TITLE-02): the review and its result publicity stay inside the evaluation year, and finish by
    30 September unless a written delay was approved in advance (on or before that deadline).

    Crossing the calendar year is never allowed, delay or not ("职称评审不得跨年度进行").
    """
    findings: list[Finding] = []
    last = max(held_on, publicity_end) if publicity_end is not None else held_on
    for label_zh, label_en, day in (("评审会议", "meeting", held_on), ("结果公示", "result publicity", publicity_end)):
        if day is not None and day.year != year:
            findings.append(
                _finding(
                    "CMTE-05",
                    "calendar_year",
                    f"{label_zh}日期 {day} 不在 {year} 评审年度内；职称评审不得跨年度进行。",
                    f"The {label_en} date {day} is outside the {year} evaluation year; reviews may not cross years.",
                )
            )
    deadline = review_end or settings.review_end(year)
    if last > deadline:
        if delay_approved_on is None:
            findings.append(
                _finding(
                    "TITLE-02",
                    "review_end",
                    f"评审和公示须于 {deadline} 前完成（本次至 {last}）；确需延期的须提前提交书面申请并经批准。",
                    f"Review and publicity must finish by {deadline} (this one runs to {last}); a delay needs a "
                    "written request approved in advance.",
                )
            )
        elif delay_approved_on > deadline:
            findings.append(
                _finding(
                    "CMTE-05",
                    "delay_approval",
                    f"延期申请于 {delay_approved_on} 批准，晚于期限 {deadline}；延期须事先批准。",
                    f"The delay was approved on {delay_approved_on}, after the deadline {deadline}; it must be "
                    "approved in advance.",
                )
            )
    return findings


def level_rank(level: str) -> int:
    """Docket order: higher levels first; unknown levels last."""
    try:
        return LEVEL_ORDER.index(level)
    except ValueError:
        return len(LEVEL_ORDER)


__all__ = [
    "Applicant",
    "Committee",
    "CommitteeSettings",
    "Conflict",
    "DEFAULT_SETTINGS",
    "Judge",
    "JudgeEligibility",
    "PanelDraw",
    "QuorumResult",
    "Recusal",
    "VoteOutcome",
    "add_years",
    "committee_approval_findings",
    "committee_case_findings",
    "committee_composition_findings",
    "committee_may_review",
    "draw_panel",
    "eligible_judges",
    "expert_term_findings",
    "external_expert_findings",
    "level_label",
    "level_rank",
    "levels_label",
    "min_external_experts",
    "plan_filing_findings",
    "quorum",
    "recusals",
    "required_count",
    "review_within_year",
    "scope_label",
    "series_label",
    "vote_outcome",
]
