"""Meeting scheduler for committee offices (CMTE-06). Pure: no ORM; deterministic for the same input.

Given the committees (with their judges' availability), the accepted applications, the working-day calendar and
today's date, ``schedule_meetings`` proposes meeting dates, an ordered docket and the panel of each meeting, and for
every application it cannot place the reason with its rule ID. ``check_schedule`` re-runs every check on a schedule
a person adjusted by hand.

A date D is usable by a committee when (in this order; the first that rules out every date is the reason given):

1. the committee is approved on D and its filing has not expired (CMTE-01), D is in the evaluation year (CMTE-05);
2. the review plan can still be filed in time: D ≥ today + 7 days (CMTE-02; a plan is filed today at the earliest);
3. the result publicity — 5 working days (FLOW-03), starting the working day after the meeting
   (``CommitteeSettings.result_publicity_offset_workdays``) — ends on or before 30 September (TITLE-02);
4. a self-reviewing unit's panel keeps enough outside experts (CMTE-03);
5. the judges available on D (in term, not excluded by the three-consecutive-years rule, CMTE-03) are a quorum,
   ≥ 2/3 of the members (CMTE-04).

An application fits a usable date when the judges left after its recusals (CMTE-03) are still a quorum — the
project's reading is that the docket must stay quorate *for every applicant* (a recused expert is not counted as
present for that applicant, CMTE-04; configurable with ``recused_count_as_present``).

Applications whose recusals are the same are interchangeable, so the scheduler groups them into classes and solves
a small transportation problem (classes → dates, meeting capacity per date) as a min-cost max-flow: the most
applications placed, then the earliest dates — a reviewed title takes effect on the day the committee passes it
(Doc B §六(一)8), so earlier is better for the applicant, and filling early days first also keeps the number of
meetings low. The graph has one node per class and per date, not per application, which keeps 10,000 applications
well under a second.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from titles.committee_rules import (
    DEFAULT_SETTINGS,
    Applicant,
    Committee,
    CommitteeSettings,
    Judge,
    committee_approval_findings,
    committee_case_findings,
    eligible_judges,
    external_expert_findings,
    level_rank,
    min_external_experts,
    plan_filing_findings,
    quorum,
    recusals,
    required_count,
    review_within_year,
    scope_label,
)
from workflow.calendar import WorkCalendar
from workflow.findings import ERROR, WARNING, Finding


@dataclass(frozen=True, kw_only=True)
class Application(Applicant):
    """An accepted application that reached ``committee_id`` (TITLE-04, TITLE-06)."""

    committee_id: str
    series: str
    level: str
    scope: str
    specialty: str | None = None
    scope_name: str = ""  # the scope as users read it (市直, 海勃湾区, the unit's name)


@dataclass(frozen=True)
class DocketEntry:
    application_id: str
    recused: tuple[str, ...]  # judge ids who step out for this applicant (CMTE-03)
    voting: int  # experts counted as present for this applicant (CMTE-04)


@dataclass(frozen=True)
class Meeting:
    committee_id: str
    on: date
    docket: tuple[DocketEntry, ...]
    panel: tuple[str, ...]
    plan_file_by: date | None = None  # CMTE-02: last day to file the plan
    publicity_start: date | None = None
    publicity_end: date | None = None
    # Filled in once known; ``check_schedule`` then checks them with CMTE-02 instead of "today + 7".
    plan_filed_on: date | None = None
    plan_approved_on: date | None = None


@dataclass(frozen=True)
class Unplaced:
    application_id: str
    finding: Finding


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    unplaced: tuple[Unplaced, ...]
    findings: tuple[Finding, ...] = ()  # about committees rather than one application (e.g. excluded judges)

    @property
    def placed(self) -> int:
        return sum(len(m.docket) for m in self.meetings)


# --------------------------------------------------------------------------------------------------------------
# Shared date checks


class _Publicity:
    """FLOW-03 result publicity of a meeting on a given day, cached (the same days recur across committees)."""

    def __init__(self, calendar: WorkCalendar, settings: CommitteeSettings):
        self.calendar = calendar
        self.settings = settings
        self._cache: dict[date, tuple[date, date]] = {}

    def period(self, meeting_on: date) -> tuple[date, date]:
        cached = self._cache.get(meeting_on)
        if cached is None:
            offset = self.settings.result_publicity_offset_workdays
            if offset <= 0:
                start = self.calendar.next_workday(meeting_on)
            else:
                start = self.calendar.add_workdays(meeting_on, offset)
            end = self.calendar.publicity_end(start, self.settings.result_publicity_workdays)
            cached = self._cache[meeting_on] = (start, end)
        return cached


def _error(rule: str, scope: str, zh: str, en: str, **numbers) -> Finding:
    return Finding(rule=rule, severity=ERROR, scope=scope, message=zh, message_en=en, **numbers)


def _voting(available: frozenset[str], recused: frozenset[str], settings: CommitteeSettings) -> int:
    return len(available) if settings.recused_count_as_present else len(available - recused)


# --------------------------------------------------------------------------------------------------------------
# The scheduler


def schedule_meetings(
    committees: Iterable[Committee],
    applications: Iterable[Application],
    calendar: WorkCalendar,
    today: date,
    *,
    review_end: date | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> Schedule:
    """CMTE-06: propose meetings for ``applications`` (see the module docstring for the checks and their order).

    ``review_end`` defaults to 30 September of ``today``'s year (TITLE-02); the evaluation year is its year.
    Raises ``workflow.calendar.YearNotLoaded`` when the calendar lacks the year (FLOW-02).
    """
    review_end = review_end or settings.review_end(today.year)
    publicity = _Publicity(calendar, settings)
    by_committee: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        by_committee[application.committee_id].append(application)
    committees_by_id = {c.id: c for c in committees}

    meetings: list[Meeting] = []
    unplaced: list[Unplaced] = []
    findings: list[Finding] = []
    for committee_id in sorted(by_committee):
        apps = sorted(by_committee[committee_id], key=lambda a: a.id)
        committee = committees_by_id.get(committee_id)
        if committee is None:
            finding = _error(
                "CMTE-01",
                "committee",
                f"评委会 {committee_id} 不存在或未核准备案。",
                f"Committee {committee_id} does not exist or is not approved.",
            )
            unplaced.extend(Unplaced(a.id, finding) for a in apps)
            continue
        result = _schedule_committee(committee, apps, today, review_end, publicity, settings)
        meetings.extend(result.meetings)
        unplaced.extend(result.unplaced)
        findings.extend(result.findings)
    meetings.sort(key=lambda m: (m.on, m.committee_id))
    return Schedule(meetings=tuple(meetings), unplaced=tuple(unplaced), findings=tuple(findings))


def _schedule_committee(
    committee: Committee,
    apps: list[Application],
    today: date,
    review_end: date,
    publicity: _Publicity,
    settings: CommitteeSettings,
) -> Schedule:
    year = review_end.year
    unplaced: list[Unplaced] = []

    # Per-application CMTE-01 (series, specialty, level, scope): no date can fix these.
    in_scope: list[Application] = []
    for app in apps:
        case = committee_case_findings(
            committee, app.series, app.level, app.scope, specialty=app.specialty, scope_name=app.scope_name
        )
        if case:
            unplaced.append(Unplaced(app.id, case[0]))
        else:
            in_scope.append(app)
    if not in_scope:
        return Schedule((), tuple(unplaced))

    selection = eligible_judges(committee.judges, year, settings=settings)
    committee_findings = [finding for _, finding in selection.excluded]
    members = len(committee.judges)
    required = required_count(settings.quorum_share, members)
    home_unit = committee.self_review_unit

    # Who can sit on each day (CMTE-03 eligibility, in term).
    judges_by_id = {j.id: j for j in selection.eligible}
    days: dict[date, list[str]] = defaultdict(list)
    for judge in selection.eligible:
        for day in judge.available_on:
            if judge.in_term(day):
                days[day].append(judge.id)
    seated_on: dict[date, frozenset[str]] = {day: frozenset(ids) for day, ids in days.items()}

    def reject_all(finding: Finding) -> Schedule:
        return Schedule((), tuple(unplaced + [Unplaced(a.id, finding) for a in in_scope]), tuple(committee_findings))

    if committee.meeting_capacity <= 0:
        return reject_all(
            _error(
                "CMTE-06",
                "capacity",
                f"评委会“{committee.label}”未设定每个评审日可评审的材料数。",
                f"Committee “{committee.label}” has no meeting capacity set.",
            )
        )
    candidates = sorted(seated_on)
    if not candidates:
        return reject_all(
            _error(
                "CMTE-06",
                "availability",
                f"评委会“{committee.label}”的评审专家没有登记可参会日期。",
                f"No judge of committee “{committee.label}” has entered an available date.",
            )
        )
    # 1. CMTE-01 approval and expiry, CMTE-05 evaluation year.
    stage = [
        d for d in candidates if d.year == year and not committee_approval_findings(committee, d, settings=settings)
    ]
    if not stage:
        approval = committee_approval_findings(committee, candidates[-1], settings=settings)
        return reject_all(
            approval[0]
            if approval
            else _error(
                "CMTE-05",
                "calendar_year",
                f"评审专家可参会日期均不在 {year} 评审年度内。",
                f"No available date lies in the {year} evaluation year.",
            )
        )
    # 2. CMTE-02 lead time.
    earliest = today + timedelta(days=settings.plan_filing_lead_days)
    stage = [d for d in stage if d >= earliest]
    if not stage:
        return reject_all(
            _error(
                "CMTE-02",
                "plan_lead",
                f"评审实施方案须在会议召开 {settings.plan_filing_lead_days} 日前备案，今天（{today}）起最早可在 "
                f"{earliest} 开会，此后没有可用的评审日。",
                f"The plan must be filed {settings.plan_filing_lead_days} days ahead; from today ({today}) the "
                f"earliest meeting is {earliest}, and no available date is left after it.",
            )
        )
    # 3. TITLE-02 / FLOW-03 result publicity ends by review_end.
    stage = [d for d in stage if d < review_end and publicity.period(d)[1] <= review_end]
    if not stage:
        return reject_all(
            _error(
                "TITLE-02",
                "publicity",
                f"可用评审日召开会议后，{settings.result_publicity_workdays} 个工作日的结果公示（FLOW-03）"
                f"都会超过 {review_end}。",
                f"After any available date the {settings.result_publicity_workdays}-working-day result publicity "
                f"(FLOW-03) would end after {review_end}.",
            )
        )
    # 4. CMTE-03 outside experts of a self-reviewing unit.
    if home_unit is not None:
        stage = [
            d
            for d in stage
            if sum(1 for j in seated_on[d] if judges_by_id[j].unit != home_unit)
            >= min_external_experts(len(seated_on[d]), settings)
        ]
        if not stage:
            return reject_all(
                _error(
                    "CMTE-03",
                    "external_experts",
                    f"{committee.scope_name or scope_label(committee.scope)}在可用评审日均没有足够的非本单位专家。",
                    f"On no available date does the self-reviewing unit {home_unit} have enough outside experts.",
                )
            )
    # 5. CMTE-04 quorum of the day.
    usable = [d for d in stage if len(seated_on[d]) >= required]
    if not usable:
        best = max(len(seated_on[d]) for d in stage)
        return reject_all(
            _error(
                "CMTE-04",
                "quorum",
                f"评委会“{committee.label}”共 {members} 人，每个可用评审日到会专家最多 {best} 人，不足 {required} 人"
                "（三分之二）。",
                f"Committee “{committee.label}” has {members} members; at most {best} can attend on any usable date, "
                f"fewer than the {required} (two thirds) required.",
                actual=best,
                limit=required,
            )
        )

    # Applications with the same recusals are interchangeable: group them.
    recused_by_app = recusals(selection.eligible, in_scope, self_review_unit=home_unit)
    classes: dict[frozenset[str], list[Application]] = defaultdict(list)
    for app in in_scope:
        classes[frozenset(r.judge_id for r in recused_by_app[app.id])].append(app)
    # For the flow, what matters is only on which dates a class fits: merge classes with the same dates (their
    # applications are interchangeable there), which keeps the graph small even with many declared conflicts.
    groups: dict[tuple[int, ...], list[tuple[Application, frozenset[str]]]] = defaultdict(list)
    for key in sorted(classes, key=lambda k: (len(k), sorted(k))):
        dates = tuple(i for i, d in enumerate(usable) if _voting(seated_on[d], key, settings) >= required)
        if dates:
            groups[dates].extend((a, key) for a in classes[key])
            continue
        best = max(_voting(seated_on[d], key, settings) for d in usable)
        finding = _error(
            "CMTE-03",
            "recusal_quorum",
            f"{len(key)} 名评审专家回避后，任何可用评审日参加表决的专家最多 {best} 人，"
            f"不足评委会人数的三分之二（{required} 人，CMTE-04）。",
            f"After {len(key)} experts recuse themselves, at most {best} experts could vote on any usable "
            f"date, fewer than two thirds of the members ({required}, CMTE-04).",
            actual=best,
            limit=required,
        )
        unplaced.extend(Unplaced(a.id, finding) for a in classes[key])

    feasible = sorted(groups, key=lambda dates: (len(dates), dates))
    queues = [
        sorted(groups[dates], key=lambda pair: (level_rank(pair[0].level), pair[0].unit, pair[0].id))
        for dates in feasible
    ]
    costs = [(d - usable[0]).days for d in usable]
    flows = _min_cost_transport([len(q) for q in queues], [committee.meeting_capacity] * len(usable), costs, feasible)

    dockets: dict[int, list[tuple[Application, frozenset[str]]]] = defaultdict(list)
    for k, queue in enumerate(queues):
        taken = 0
        for date_index in sorted(flows[k]):
            amount = flows[k][date_index]
            dockets[date_index].extend(queue[taken : taken + amount])
            taken += amount
        if taken < len(queue):
            finding = _error(
                "CMTE-06",
                "capacity",
                f"评委会“{committee.label}”可用的 {len(feasible[k])} 个评审日（每日 {committee.meeting_capacity} 件）"
                "已排满。",
                f"Committee “{committee.label}”'s {len(feasible[k])} possible dates ({committee.meeting_capacity} "
                "dossiers a day) are full.",
                limit=committee.meeting_capacity,
            )
            unplaced.extend(Unplaced(app.id, finding) for app, _ in queue[taken:])

    meetings = []
    for date_index in sorted(dockets):
        day = usable[date_index]
        seated = seated_on[day]
        entries = sorted(
            dockets[date_index],
            key=lambda pair: (level_rank(pair[0].level), len(pair[1]), sorted(pair[1]), pair[0].unit, pair[0].id),
        )
        start, end = publicity.period(day)
        meetings.append(
            Meeting(
                committee_id=committee.id,
                on=day,
                docket=tuple(
                    DocketEntry(
                        application_id=app.id,
                        recused=tuple(sorted(key)),
                        voting=_voting(seated, key, settings),
                    )
                    for app, key in entries
                ),
                panel=tuple(sorted(seated)),
                plan_file_by=day - timedelta(days=settings.plan_filing_lead_days),
                publicity_start=start,
                publicity_end=end,
            )
        )
    return Schedule(tuple(meetings), tuple(unplaced), tuple(committee_findings))


def _min_cost_transport(
    supply: Sequence[int], capacity: Sequence[int], cost: Sequence[int], feasible: Sequence[Sequence[int]]
) -> list[dict[int, int]]:
    """Classes → dates: most units shipped, then least total cost. Successive shortest paths (Dijkstra with
    potentials) on source → class → date → sink; returns, per class, {date index: amount}."""
    n_classes, n_dates = len(supply), len(capacity)
    source, sink = 0, 1 + n_classes + n_dates
    size = sink + 1
    to: list[int] = []
    cap: list[int] = []
    wt: list[int] = []
    graph: list[list[int]] = [[] for _ in range(size)]

    def edge(u: int, v: int, c: int, w: int) -> int:
        forward = len(to)
        graph[u].append(forward)
        graph[v].append(forward + 1)
        to.extend((v, u))
        cap.extend((c, 0))
        wt.extend((w, -w))
        return forward

    for k, amount in enumerate(supply):
        edge(source, 1 + k, amount, 0)
    class_edges: list[list[tuple[int, int]]] = []
    for k, dates in enumerate(feasible):
        class_edges.append([(i, edge(1 + k, 1 + n_classes + i, supply[k], cost[i])) for i in dates])
    for i, c in enumerate(capacity):
        edge(1 + n_classes + i, sink, c, 0)

    potential = [0] * size
    infinity = float("inf")
    while True:
        dist = [infinity] * size
        via = [-1] * size
        dist[source] = 0
        heap = [(0, source)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for e in graph[u]:
                if cap[e] <= 0:
                    continue
                v = to[e]
                nd = d + wt[e] + potential[u] - potential[v]
                if nd < dist[v]:
                    dist[v] = nd
                    via[v] = e
                    heapq.heappush(heap, (nd, v))
        if dist[sink] == infinity:
            break
        for v in range(size):
            if dist[v] < infinity:
                potential[v] += dist[v]
        push = None
        v = sink
        while v != source:
            e = via[v]
            push = cap[e] if push is None else min(push, cap[e])
            v = to[e ^ 1]
        v = sink
        while v != source:
            e = via[v]
            cap[e] -= push
            cap[e ^ 1] += push
            v = to[e ^ 1]

    flows: list[dict[int, int]] = []
    for edges in class_edges:
        shipped = {}
        for i, e in edges:
            if cap[e ^ 1] > 0:
                shipped[i] = cap[e ^ 1]
        flows.append(shipped)
    return flows


# --------------------------------------------------------------------------------------------------------------
# Checking a (hand-adjusted) schedule


def check_schedule(
    meetings: Iterable[Meeting],
    committees: Iterable[Committee],
    applications: Iterable[Application],
    calendar: WorkCalendar,
    today: date,
    *,
    review_end: date | None = None,
    settings: CommitteeSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """Every check of ``schedule_meetings`` on a given schedule; an empty list means it is sound.

    Scopes name the meeting (``<committee>@<date>``) and, for one applicant, ``…:<application id>``.
    Applications not on any docket get a CMTE-06 warning.
    """
    review_end = review_end or settings.review_end(today.year)
    year = review_end.year
    publicity = _Publicity(calendar, settings)
    committees_by_id = {c.id: c for c in committees}
    apps_by_id = {a.id: a for a in applications}
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    load: dict[tuple[str, date], int] = defaultdict(int)
    eligibility_cache: dict[str, frozenset[str]] = {}

    def scoped(finding: Finding, scope: str) -> Finding:
        return replace(finding, scope=f"{scope}:{finding.scope}")

    for meeting in sorted(meetings, key=lambda m: (m.on, m.committee_id)):
        where = f"{meeting.committee_id}@{meeting.on.isoformat()}"
        committee = committees_by_id.get(meeting.committee_id)
        if committee is None:
            findings.append(
                _error(
                    "CMTE-01",
                    f"{where}:committee",
                    f"评委会 {meeting.committee_id} 不存在或未核准备案。",
                    f"Committee {meeting.committee_id} does not exist or is not approved.",
                )
            )
            continue
        findings.extend(scoped(f, where) for f in committee_approval_findings(committee, meeting.on, settings=settings))

        # CMTE-02: recorded filing, else the earliest possible filing is today.
        if meeting.plan_filed_on is not None or meeting.plan_approved_on is not None:
            findings.extend(
                scoped(f, where)
                for f in plan_filing_findings(
                    meeting.plan_filed_on, meeting.plan_approved_on, meeting.on, settings=settings
                )
            )
        elif (meeting.on - today).days < settings.plan_filing_lead_days:
            findings.append(
                _error(
                    "CMTE-02",
                    f"{where}:plan_lead",
                    f"会议 {meeting.on} 距今天 {today} 不足 {settings.plan_filing_lead_days} 日，"
                    "评审实施方案已无法按时备案。",
                    f"The meeting on {meeting.on} is less than {settings.plan_filing_lead_days} days after today "
                    f"({today}); the plan cannot be filed in time.",
                    actual=(meeting.on - today).days,
                    limit=settings.plan_filing_lead_days,
                )
            )

        # TITLE-02 / FLOW-03 / CMTE-05.
        if meeting.on.year == year and meeting.on < review_end:
            _, end = publicity.period(meeting.on)
            findings.extend(
                scoped(f, where)
                for f in review_within_year(
                    year, meeting.on, publicity_end=end, review_end=review_end, settings=settings
                )
            )
        else:
            findings.append(
                _error(
                    "TITLE-02" if meeting.on.year == year else "CMTE-05",
                    f"{where}:review_end",
                    f"会议 {meeting.on} 不在 {year} 年 {review_end} 之前，评审和公示须在此前完成且不得跨年度。",
                    f"The meeting on {meeting.on} is not before {review_end} of {year}; review and publicity must "
                    "finish by then and never cross the year.",
                )
            )

        # The panel: members, in term, available, eligible (CMTE-03), quorate (CMTE-04).
        if committee.id not in eligibility_cache:
            eligibility_cache[committee.id] = frozenset(
                j.id for j in eligible_judges(committee.judges, year, settings=settings).eligible
            )
        eligible_ids = eligibility_cache[committee.id]
        judges_by_id = {j.id: j for j in committee.judges}
        seated: list[Judge] = []
        for judge_id in meeting.panel:
            judge = judges_by_id.get(judge_id)
            if judge is None:
                findings.append(
                    _error(
                        "CMTE-04",
                        f"{where}:panel:{judge_id}",
                        f"{judge_id} 不是评委会“{committee.label}”的评审专家。",
                        f"{judge_id} is not a member of committee “{committee.label}”.",
                    )
                )
                continue
            if judge_id not in eligible_ids:
                findings.append(
                    _error(
                        "CMTE-03",
                        f"{where}:panel:{judge_id}",
                        f"评审专家 {judge_id} 已连续 {settings.consecutive_years_limit} 年担任评委，"
                        f"{year} 年不再聘任。",
                        f"Judge {judge_id} served {settings.consecutive_years_limit} consecutive years and may not sit "
                        f"in {year}.",
                    )
                )
                continue
            if not judge.in_term(meeting.on):
                findings.append(
                    _error(
                        "CMTE-04",
                        f"{where}:panel:{judge_id}",
                        f"评审专家 {judge_id} 在 {meeting.on} 不在任期内。",
                        f"Judge {judge_id} is not in term on {meeting.on}.",
                    )
                )
                continue
            if meeting.on not in judge.available_on:
                findings.append(
                    Finding(
                        rule="CMTE-06",
                        severity=WARNING,
                        scope=f"{where}:panel:{judge_id}",
                        message=f"评审专家 {judge_id} 未登记 {meeting.on} 可参会。",
                        message_en=f"Judge {judge_id} has not entered {meeting.on} as available.",
                    )
                )
            seated.append(judge)
        members = len(committee.judges)
        findings.extend(scoped(f, where) for f in quorum(members, len(seated), settings=settings).findings)
        if committee.self_review_unit is not None:
            findings.extend(
                scoped(f, where)
                for f in external_expert_findings(seated, committee.self_review_unit, settings=settings)
            )

        # The docket: each application once, in this committee's scope, quorate after its recusals.
        load[(committee.id, meeting.on)] += len(meeting.docket)
        docket_apps = []
        for entry in meeting.docket:
            app = apps_by_id.get(entry.application_id)
            if app is None:
                findings.append(
                    _error(
                        "CMTE-06",
                        f"{where}:{entry.application_id}",
                        f"申报 {entry.application_id} 不在已受理的申报中。",
                        f"Application {entry.application_id} is not among the accepted applications.",
                    )
                )
                continue
            if entry.application_id in seen:
                findings.append(
                    _error(
                        "CMTE-06",
                        f"{where}:{app.id}:duplicate",
                        f"申报 {app.id} 已排入 {seen[app.id]}，不得重复评审。",
                        f"Application {app.id} is already on the docket of {seen[app.id]}.",
                    )
                )
            seen.setdefault(app.id, where)
            if app.committee_id != committee.id:
                findings.append(
                    _error(
                        "CMTE-01",
                        f"{where}:{app.id}:committee",
                        f"申报 {app.id} 报送的是评委会 {app.committee_id}，不得由“{committee.label}”评审。",
                        f"Application {app.id} was sent to committee {app.committee_id}, not “{committee.label}”.",
                    )
                )
            findings.extend(
                scoped(f, f"{where}:{app.id}")
                for f in committee_case_findings(
                    committee, app.series, app.level, app.scope, specialty=app.specialty, scope_name=app.scope_name
                )
            )
            docket_apps.append((app, entry))
        required_recusals = recusals(
            seated, [app for app, _ in docket_apps], self_review_unit=committee.self_review_unit
        )
        present = frozenset(j.id for j in seated)
        for app, entry in docket_apps:
            must = frozenset(r.judge_id for r in required_recusals[app.id])
            missing = must - set(entry.recused)
            if missing:
                findings.append(
                    _error(
                        "CMTE-03",
                        f"{where}:{app.id}:recusal",
                        f"评审专家 {', '.join(sorted(missing))} 须回避申报 {app.id}。",
                        f"Judges {', '.join(sorted(missing))} must recuse themselves from application {app.id}.",
                    )
                )
            recused = must | (frozenset(entry.recused) & present)
            voting = _voting(present, recused, settings)
            result = quorum(members, voting, settings=settings)
            if not result.quorate and voting <= members:
                findings.append(
                    _error(
                        "CMTE-03",
                        f"{where}:{app.id}:recusal_quorum",
                        f"申报 {app.id} 回避后参加表决的专家 {voting} 人，"
                        f"不足评委会人数的三分之二（{result.required} 人，CMTE-04）。",
                        f"After recusals {voting} experts can vote on application {app.id}, fewer than two thirds of "
                        f"the members ({result.required}, CMTE-04).",
                        actual=voting,
                        limit=result.required,
                    )
                )

    for (committee_id, day), count in sorted(load.items()):
        committee = committees_by_id[committee_id]
        if count > committee.meeting_capacity:
            findings.append(
                _error(
                    "CMTE-06",
                    f"{committee_id}@{day.isoformat()}:capacity",
                    f"评委会“{committee.label}”在 {day} 排入 {count} 件，超过每日 {committee.meeting_capacity} 件。",
                    f"Committee “{committee.label}” has {count} dossiers on {day}, more than its "
                    f"{committee.meeting_capacity} a day.",
                    actual=count,
                    limit=committee.meeting_capacity,
                )
            )
    for app_id in sorted(set(apps_by_id) - set(seen)):
        findings.append(
            Finding(
                rule="CMTE-06",
                severity=WARNING,
                scope=f"unscheduled:{app_id}",
                message=f"申报 {app_id} 尚未排入任何评审会议。",
                message_en=f"Application {app_id} is not on any meeting's docket.",
            )
        )
    return findings


def unplaced_by_rule(schedule: Schedule) -> Mapping[str, int]:
    """How many applications each rule kept off the schedule (for the office's summary)."""
    counts: dict[str, int] = defaultdict(int)
    for item in schedule.unplaced:
        counts[item.finding.rule] += 1
    return dict(sorted(counts.items()))


__all__ = [
    "Application",
    "DocketEntry",
    "Meeting",
    "Schedule",
    "Unplaced",
    "check_schedule",
    "schedule_meetings",
    "unplaced_by_rule",
]
