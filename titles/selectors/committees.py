"""Reads of committees, judges and meetings — each a fixed number of queries whatever the row count."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count, Q, Window

from titles import committee_rules as rules
from titles.models import Application, Attendance, Committee, CommitteeSeat, DocketEntry, Judge, Meeting, PanelDraw
from titles.models.applications import ApplicationState
from titles.models.committees import JudgeAvailability
from titles.permissions_committee import committee_scope, meeting_scope


@dataclass
class CommitteeRow:
    committee: Committee
    schedulable: bool
    reasons: list  # findings (CMTE-01) why it cannot be scheduled today
    seats: int
    state: str = ""  # ``committee_display_state``: expired by date shows as expired
    state_label: str = ""


def committee_status(committee: Committee, today: date) -> list:
    """CMTE-01: why the committee cannot be scheduled on ``today`` (empty: it can). No query."""
    if committee.state != Committee.State.APPROVED:
        if committee.state == Committee.State.EXPIRED:
            return [
                rules._finding(
                    "CMTE-01",
                    "expired",
                    f"评委会“{committee.name}”的核准备案已过期（有效期至 {committee.valid_until}），须经市人社局重新"
                    "核准备案后方可组织评审。",
                    f"Committee “{committee.name}”'s filing has expired (valid until {committee.valid_until}); "
                    "city HR must approve it again before it may review.",
                )
            ]
        return [
            rules._finding(
                "CMTE-01",
                "approval",
                f"评委会“{committee.name}”状态为“{committee.get_state_display()}”：未经市人社局核准备案的评委会不得"
                "组织评审。",
                f"Committee “{committee.name}” is {committee.state}: a committee not approved by city HR may not "
                "review.",
            )
        ]
    snapshot = rules.Committee(
        id=committee.key,
        name=committee.name,
        series="",
        levels=frozenset(committee.levels),
        scope="",
        approved_on=committee.approved_on,
        valid_until=committee.valid_until,
    )
    return rules.committee_approval_findings(snapshot, today)


def committee_display_state(committee: Committee, today: date) -> tuple[str, str]:
    """(state key, label) as users should read it: an approved committee whose filing has run out shows as
    已过期 even before the nightly job marks it (CMTE-01/CMTE-04 Art. 8)."""
    if committee.state == Committee.State.APPROVED and any(
        f.scope == "expired" for f in committee_status(committee, today)
    ):
        return Committee.State.EXPIRED, Committee.State.EXPIRED.label
    return committee.state, committee.get_state_display()


def committee_closed_for_cases(committee_key: str, on: date):
    """CMTE-01: the finding why the committee ``committee_key`` may not receive or review cases on ``on`` — it is
    not approved or its filing has expired — or None (it may, or the key names no committee: an organiser's code or
    a region key). 1 query."""
    committee = Committee.objects.filter(key=committee_key).first() if committee_key else None
    if committee is None:
        return None
    reasons = committee_status(committee, on)
    return reasons[0] if reasons else None


def committees_for(user, today: date) -> list[CommitteeRow]:
    """Committees the user reaches, with their CMTE-01 status (1 query after the permission lookups)."""
    qs = (
        Committee.objects.filter(committee_scope(user))
        .distinct()
        .select_related("organiser", "series")
        .annotate(seat_count=Count("seats", filter=Q(seats__year=today.year, seats__alternate=False), distinct=True))
        .order_by("name", "pk")
    )
    rows = []
    for c in qs:
        reasons = committee_status(c, today)
        state, label = committee_display_state(c, today)
        rows.append(
            CommitteeRow(
                committee=c,
                schedulable=not reasons,
                reasons=reasons,
                seats=c.seat_count,
                state=state,
                state_label=label,
            )
        )
    return rows


def committee_panel(committee: Committee, year: int) -> tuple[list[CommitteeSeat], list[PanelDraw]]:
    seats = list(
        CommitteeSeat.objects.filter(committee=committee, year=year)
        .select_related("judge", "judge__unit")
        .order_by("alternate", "judge__name", "judge_id")
    )
    draws = list(PanelDraw.objects.filter(committee=committee).select_related("drawn_by").order_by("-year", "-id"))
    return seats, draws


@dataclass
class PoolRow:
    """An expert of the pool with their term history: the years they sat (panel) or stood by (alternate)."""

    judge: Judge
    served: list  # years on a panel, ascending
    alternate: list  # years as an alternate only
    today: date | None = None

    @property
    def years_served(self) -> int:
        return len(self.served)

    @property
    def in_term(self) -> bool:
        j = self.judge
        return (
            self.today is not None
            and j.term_start is not None
            and j.term_end is not None
            and j.term_start <= self.today <= j.term_end
        )


def judge_pool(series=None, today: date | None = None) -> list[PoolRow]:
    """The expert pool (expertise, title level, unit, contact, term) with each expert's years served (2 queries)."""
    qs = Judge.objects.select_related("series", "unit").order_by("name", "pk")
    if series is not None:
        qs = qs.filter(Q(series=series) | Q(series__parent=series))
    judges = list(qs)
    panel: dict[int, set[int]] = {}
    standby: dict[int, set[int]] = {}
    for judge_id, year, alternate in CommitteeSeat.objects.filter(judge__in=judges).values_list(
        "judge_id", "year", "alternate"
    ):
        (standby if alternate else panel).setdefault(judge_id, set()).add(year)
    return [
        PoolRow(
            judge=j,
            served=sorted(panel.get(j.pk, ())),
            alternate=sorted(standby.get(j.pk, set()) - panel.get(j.pk, set())),
            today=today,
        )
        for j in judges
    ]


def meetings_for(user, *, states=None) -> list[Meeting]:
    qs = (
        Meeting.objects.filter(meeting_scope(user))
        .distinct()
        .select_related("committee", "committee__organiser")
        .annotate(docket_size=Count("docket", distinct=True))
        .order_by("meets_on", "pk")
    )
    if states:
        qs = qs.filter(state__in=states)
    return list(qs)


def _hr_pending_committees():
    # CMTE-01: proposed committees, and expired ones waiting to be approved again.
    return Committee.objects.filter(state__in=[Committee.State.PROPOSED, Committee.State.EXPIRED]).order_by("pk")


def _hr_pending_meetings():
    return Meeting.objects.filter(state=Meeting.State.PLAN_FILED).order_by("meets_on", "pk")


def hr_pending() -> tuple[list[Committee], list[Meeting]]:
    """City HR's approvals page: every committee and every review plan waiting for it (2 queries)."""
    committees = list(_hr_pending_committees().select_related("organiser", "series"))
    meetings = list(
        _hr_pending_meetings().select_related("committee", "committee__organiser").annotate(docket_size=Count("docket"))
    )
    return committees, meetings


@dataclass(frozen=True)
class HrPendingPage:
    committees: list[Committee]
    committees_total: int
    meetings: list[Meeting]
    meetings_total: int


def hr_pending_page(limit: int) -> HrPendingPage:
    """The inbox's part of ``hr_pending``: the first ``limit`` of each, ordered and cut in the database, with the
    totals counted by a window over the same rows (2 queries whatever the number waiting)."""
    total = Window(Count("pk"))
    committees = list(_hr_pending_committees().annotate(total=total)[:limit])
    meetings = list(_hr_pending_meetings().select_related("committee").annotate(total=total)[:limit])
    return HrPendingPage(
        committees=committees,
        committees_total=committees[0].total if committees else 0,
        meetings=meetings,
        meetings_total=meetings[0].total if meetings else 0,
    )


def docket_candidates(committee: Committee, year: int) -> list[tuple[int, str]]:
    """The manual docket form of a planned meeting: (id, applicant's name) of each of the committee's accepted
    cases of ``year`` — the cases ``services.committees.accepted_applications`` would schedule — as plain values
    (one query; a committee can have hundreds, and the form shows only the name)."""
    return list(
        Application.objects.filter(
            committee_key=committee.key, evaluation_year__year=year, state=ApplicationState.ACCEPTED
        )
        .order_by("pk")
        .values_list("pk", "applicant__first_name")
    )


# ------------------------------------------------------------------------------------------------ the meeting sheet


@dataclass
class DocketRow:
    entry: DocketEntry
    application: Application
    recused: list  # Recusal rows
    outcome: rules.VoteOutcome | None = None
    # CMTE-04: why no valid vote is possible on this applicant with the recorded attendance (recusals leave fewer
    # than 2/3 of the members), or None. The meeting screen then offers to defer the applicant.
    blocked: object = None

    @property
    def open(self) -> bool:
        """Still to be voted on: not tallied and not deferred."""
        return self.entry.agree is None and not self.entry.deferred

    @property
    def recused_present(self) -> int:
        return self.entry.recused if self.entry.recused is not None else len(self.recused)


@dataclass
class MeetingSheet:
    meeting: Meeting
    committee: Committee
    rows: list[DocketRow]
    panel: list[CommitteeSeat]
    alternates: list[CommitteeSeat]
    attendance: dict = field(default_factory=dict)  # judge id → present
    quorum: rules.QuorumResult | None = None
    level_counts: dict = field(default_factory=dict)
    unavailable: list = field(default_factory=list)  # JudgeAvailability rows (available=False) on the meeting day

    # The sheet is a read model built once by ``meeting_sheet``; the page asks these per judge and per docket row,
    # so each is computed once (a property here made the 60-row docket ask ``next_row`` 60 × 60 times).
    @cached_property
    def unavailable_ids(self) -> set[int]:
        return {row.judge_id for row in self.unavailable}

    @property
    def members(self) -> int:
        return len(self.panel)

    @cached_property
    def present_ids(self) -> set[int]:
        return {judge_id for judge_id, present in self.attendance.items() if present}

    @cached_property
    def next_row(self) -> DocketRow | None:
        return next((r for r in self.rows if r.open), None)

    @property
    def passed(self) -> list[DocketRow]:
        return [r for r in self.rows if r.entry.passed]

    @property
    def reviewed(self) -> list[DocketRow]:
        return [r for r in self.rows if not r.entry.deferred]

    @property
    def deferred(self) -> list[DocketRow]:
        return [r for r in self.rows if r.entry.deferred]

    @property
    def all_tallied(self) -> bool:
        """Every applicant voted on or deferred (CMTE-04): the meeting can close."""
        return all(not r.open for r in self.rows)


def meeting_sheet(meeting: Meeting) -> MeetingSheet:
    """Everything the meeting screen, the plan filing form and the minutes show (6 queries)."""
    meeting = Meeting.objects.select_related("committee", "committee__organiser", "committee__series").get(
        pk=meeting.pk
    )
    entries = list(
        meeting.docket.select_related(
            "application__applicant", "application__unit", "application__series", "application__specialty"
        ).order_by("position")
    )
    seats = list(
        CommitteeSeat.objects.filter(committee=meeting.committee_id, year=meeting.meets_on.year)
        .select_related("judge", "judge__unit")
        .order_by("alternate", "judge__name", "judge_id")
    )
    recusals: dict[int, list] = {}
    for r in meeting.recusals.select_related("judge").order_by("judge__name"):
        recusals.setdefault(r.application_id, []).append(r)
    attendance = dict(Attendance.objects.filter(meeting=meeting).values_list("judge_id", "present"))
    unavailable = list(
        JudgeAvailability.objects.filter(
            judge__in=[s.judge_id for s in seats], day=meeting.meets_on, available=False
        ).order_by("judge__name", "judge_id")
    )
    by_judge = {s.judge_id: s.judge for s in seats}
    for row in unavailable:
        row.judge = by_judge[row.judge_id]
    panel = [s for s in seats if not s.alternate]
    sheet = MeetingSheet(
        meeting=meeting,
        committee=meeting.committee,
        rows=[
            DocketRow(entry=e, application=e.application, recused=recusals.get(e.application_id, [])) for e in entries
        ],
        panel=panel,
        alternates=[s for s in seats if s.alternate],
        attendance=attendance,
        unavailable=unavailable,
    )
    from titles.services.committees import committee_settings

    cs = committee_settings()
    if attendance:
        sheet.quorum = rules.quorum(len(panel), len(sheet.present_ids), settings=cs)
    present = sheet.present_ids
    for row in sheet.rows:
        if sheet.quorum is not None and sheet.quorum.quorate and row.open:
            recused_here = len(present & {r.judge_id for r in row.recused})
            voters = len(present) - recused_here
            probe = rules.vote_outcome(len(present), recused_here, voters, 0, 0, members=len(panel), settings=cs)
            row.blocked = next((f for f in probe.findings if f.scope == "recusal_quorum"), None)
        label = row.application.get_level_display()
        sheet.level_counts[label] = sheet.level_counts.get(label, 0) + 1
        if row.entry.agree is not None:
            row.outcome = rules.vote_outcome(
                row.entry.present or 0,
                row.entry.recused or 0,
                row.entry.agree,
                row.entry.disagree or 0,
                row.entry.abstain or 0,
                settings=cs,
            )
    return sheet


# ------------------------------------------------------------------------------------------------ availability


def judge_availability(judge: Judge, since: date) -> list[JudgeAvailability]:
    """The judge's own declarations from ``since`` on (1 query)."""
    return list(JudgeAvailability.objects.filter(judge=judge, day__gte=since).order_by("day"))


def committee_availability(committee: Committee, year: int, since: date) -> tuple[list[CommitteeSeat], list]:
    """The year's seats (panel and alternates) and their judges' declarations from ``since`` on (2 queries)."""
    seats = list(
        CommitteeSeat.objects.filter(committee=committee, year=year)
        .select_related("judge")
        .order_by("alternate", "judge__name", "judge_id")
    )
    by_judge = {s.judge_id: s.judge for s in seats}
    rows = list(
        JudgeAvailability.objects.filter(judge__in=list(by_judge), day__gte=since)
        .select_related("entered_by")
        .order_by("day", "judge__name", "judge_id")
    )
    for row in rows:
        row.judge = by_judge[row.judge_id]
    return seats, rows


@dataclass
class OfferedDay:
    """One date the office offered to ``meeting_plan``: how many panel members can sit (CMTE-04 quorum)."""

    day: date
    members: int
    available: int
    required: int
    unavailable: list  # (judge name, note)

    @property
    def quorate(self) -> bool:
        return self.available >= self.required


def offered_days(committee: Committee, year: int, days, *, settings=rules.DEFAULT_SETTINGS) -> list[OfferedDay]:
    """Per offered date, the panel members (non-alternate seats of ``year``) left after the declared
    unavailability, against the CMTE-04 quorum (2 queries). Explains a plan whose dates lack judges."""
    seats = list(
        CommitteeSeat.objects.filter(committee=committee, year=year, alternate=False)
        .select_related("judge")
        .order_by("judge__name", "judge_id")
    )
    days = sorted(set(days))
    away: dict[date, list] = {}
    for judge_name, day, note in (
        JudgeAvailability.objects.filter(judge__in=[s.judge_id for s in seats], day__in=days, available=False)
        .values_list("judge__name", "day", "note")
        .order_by("day", "judge__name", "judge_id")
    ):
        away.setdefault(day, []).append((judge_name, note))
    members = len(seats)
    required = rules.required_count(settings.quorum_share, members)
    return [
        OfferedDay(
            day=d,
            members=members,
            available=members - len(away.get(d, [])),
            required=required,
            unavailable=away.get(d, []),
        )
        for d in days
    ]


# ------------------------------------------------------------------------------------------------ calendar


@dataclass
class CalendarDay:
    day: date | None
    meetings: list = field(default_factory=list)
    in_month: bool = True


def month_grid(meetings, year: int, month: int) -> list[list[CalendarDay]]:
    """A Monday-first month grid with the meetings of each day (no query: takes the meetings)."""
    by_day: dict[date, list] = {}
    for m in meetings:
        by_day.setdefault(m.meets_on, []).append(m)
    weeks = []
    for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([CalendarDay(day=d, meetings=by_day.get(d, []), in_month=d.month == month) for d in week])
    return weeks


def judge_meetings(user) -> list[Meeting]:
    from titles.permissions_committee import judge_profile

    judge = judge_profile(user)
    if judge is None:
        return []
    seats = CommitteeSeat.objects.filter(judge=judge).values_list("committee_id", "year")
    q = Q(pk__in=[])
    for committee_id, year in seats:
        q |= Q(committee_id=committee_id, meets_on__year=year)
    return list(
        Meeting.objects.filter(q)
        .select_related("committee")
        .annotate(docket_size=Count("docket"))
        .order_by("meets_on", "pk")
    )


def office_or_hr(user) -> bool:
    from titles.permissions_committee import works_with_committees

    return works_with_committees(user)
