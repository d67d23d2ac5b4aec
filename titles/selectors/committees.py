"""Reads of committees, judges and meetings — each a fixed number of queries whatever the row count."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from titles import committee_rules as rules
from titles.models import Application, Attendance, Committee, CommitteeSeat, DocketEntry, Judge, Meeting, PanelDraw
from titles.models.committees import JudgeAvailability
from titles.permissions_committee import committee_scope, meeting_scope


@dataclass
class CommitteeRow:
    committee: Committee
    schedulable: bool
    reasons: list  # findings (CMTE-01) why it cannot be scheduled today
    seats: int


def committee_status(committee: Committee, today: date) -> list:
    """CMTE-01: why the committee cannot be scheduled on ``today`` (empty: it can). No query."""
    if committee.state != Committee.State.APPROVED:
        return [
            rules._finding(
                "CMTE-01",
                "approval",
                f"评委会状态为“{committee.get_state_display()}”：未经市人社局核准备案的评委会不得组织评审。",
                f"The committee is {committee.state}: a committee not approved by city HR may not review.",
            )
        ]
    snapshot = rules.Committee(
        id=committee.key,
        series="",
        levels=frozenset(committee.levels),
        scope="",
        approved_on=committee.approved_on,
        valid_until=committee.valid_until,
    )
    return rules.committee_approval_findings(snapshot, today)


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
        rows.append(CommitteeRow(committee=c, schedulable=not reasons, reasons=reasons, seats=c.seat_count))
    return rows


def committee_panel(committee: Committee, year: int) -> tuple[list[CommitteeSeat], list[PanelDraw]]:
    seats = list(
        CommitteeSeat.objects.filter(committee=committee, year=year)
        .select_related("judge", "judge__unit")
        .order_by("alternate", "judge__name", "judge_id")
    )
    draws = list(PanelDraw.objects.filter(committee=committee).select_related("drawn_by").order_by("-year", "-id"))
    return seats, draws


def judge_pool(series=None) -> list[Judge]:
    qs = Judge.objects.select_related("series", "unit").order_by("name", "pk")
    if series is not None:
        qs = qs.filter(Q(series=series) | Q(series__parent=series))
    return list(qs)


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


def hr_pending() -> tuple[list[Committee], list[Meeting]]:
    committees = list(
        Committee.objects.filter(state=Committee.State.PROPOSED).select_related("organiser", "series").order_by("pk")
    )
    meetings = list(
        Meeting.objects.filter(state=Meeting.State.PLAN_FILED)
        .select_related("committee", "committee__organiser")
        .annotate(docket_size=Count("docket"))
        .order_by("meets_on", "pk")
    )
    return committees, meetings


# ------------------------------------------------------------------------------------------------ the meeting sheet


@dataclass
class DocketRow:
    entry: DocketEntry
    application: Application
    recused: list  # Recusal rows
    outcome: rules.VoteOutcome | None = None

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

    @property
    def unavailable_ids(self) -> set[int]:
        return {row.judge_id for row in self.unavailable}

    @property
    def members(self) -> int:
        return len(self.panel)

    @property
    def present_ids(self) -> set[int]:
        return {judge_id for judge_id, present in self.attendance.items() if present}

    @property
    def next_row(self) -> DocketRow | None:
        return next((r for r in self.rows if r.entry.agree is None), None)

    @property
    def passed(self) -> list[DocketRow]:
        return [r for r in self.rows if r.entry.passed]

    @property
    def all_tallied(self) -> bool:
        return all(r.entry.passed is not None for r in self.rows)


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
    if attendance:
        sheet.quorum = rules.quorum(len(panel), len(sheet.present_ids))
    for row in sheet.rows:
        label = row.application.get_level_display()
        sheet.level_counts[label] = sheet.level_counts.get(label, 0) + 1
        if row.entry.agree is not None:
            row.outcome = rules.vote_outcome(
                row.entry.present or 0,
                row.entry.recused or 0,
                row.entry.agree,
                row.entry.disagree or 0,
                row.entry.abstain or 0,
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
    from titles.permissions_committee import is_city_hr, office_organisation_ids

    return bool(office_organisation_ids(user)) or is_city_hr(user)
