"""CMTE-06 scheduler and schedule checker on the real 2022/2023 working-day calendars (pure, no database).

2023: 29 September (Mid-Autumn) to 6 October are holidays, 7 and 8 October (Sat/Sun) are make-up working days.
2022: 30 September is a Friday and a working day; 1–7 October holidays, 8 and 9 October make-up working days.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import date, timedelta

import pytest

from titles.committee_rules import Committee, CommitteeSettings, Conflict, Judge
from titles.scheduling import (
    Application,
    DocketEntry,
    Meeting,
    check_schedule,
    schedule_meetings,
    unplaced_by_rule,
)
from workflow.calendar import WorkCalendar, YearNotLoaded, calendar_for_years

CALENDAR = calendar_for_years([2022, 2023])
TODAY = date(2023, 8, 1)


def panel(n: int, available: set[date] | frozenset[date], *, start: int = 0, **extra) -> tuple[Judge, ...]:
    return tuple(
        Judge(id=f"j{i:03d}", unit=f"unit-j{i:03d}", available_on=frozenset(available), **extra)
        for i in range(start, start + n)
    )


def make_committee(judges: tuple[Judge, ...], **overrides) -> Committee:
    values = dict(
        id="c-eng",
        series="engineering",
        levels=frozenset({"intermediate", "assistant"}),
        scope="city_direct",
        judges=judges,
        approved_on=date(2023, 1, 10),
        meeting_capacity=50,
    )
    values.update(overrides)
    return Committee(**values)


def app(app_id: str, *, unit: str = "school", level: str = "intermediate", **overrides) -> Application:
    values = dict(
        id=app_id,
        unit=unit,
        committee_id="c-eng",
        series="engineering",
        level=level,
        scope="city_direct",
    )
    values.update(overrides)
    return Application(**values)


def schedule(committees, apps, *, today=TODAY, **kwargs):
    return schedule_meetings(committees, apps, CALENDAR, today, **kwargs)


def only_reason(result):
    assert result.meetings == ()
    return {(u.finding.rule, u.finding.scope) for u in result.unplaced}


# ---------------------------------------------------------------------------------------------- TITLE-02 / FLOW-03


def test_title02_meeting_2023_09_21_publicity_ends_2023_09_28_is_scheduled():
    # Publicity starts Fri 22 Sep; 22, 25, 26, 27, 28 → ends Thu 28 Sep, the last working day before 30 Sep.
    result = schedule([make_committee(panel(25, {date(2023, 9, 21)}))], [app("a1")])
    (meeting,) = result.meetings
    assert meeting.on == date(2023, 9, 21)
    assert (meeting.publicity_start, meeting.publicity_end) == (date(2023, 9, 22), date(2023, 9, 28))
    assert result.unplaced == ()


def test_title02_meeting_2023_09_22_publicity_would_end_on_makeup_day_2023_10_07():
    # Publicity would start Mon 25 Sep; 25–28 Sep, then 29 Sep–6 Oct are holidays → day 5 is Sat 7 Oct (调休).
    result = schedule([make_committee(panel(25, {date(2023, 9, 22)}))], [app("a1")])
    assert only_reason(result) == {("TITLE-02", "publicity")}


def test_title02_publicity_ending_exactly_on_30_september_2022_is_scheduled():
    committee = make_committee(panel(25, {date(2022, 9, 23)}), approved_on=date(2022, 1, 10))
    result = schedule([committee], [app("a1")], today=date(2022, 8, 1))
    (meeting,) = result.meetings
    assert (meeting.publicity_start, meeting.publicity_end) == (date(2022, 9, 26), date(2022, 9, 30))


def test_title02_publicity_one_working_day_after_30_september_2022_is_refused():
    # Meeting Mon 26 Sep: 27, 28, 29, 30 Sep, then the next working day is the make-up Sat 8 Oct.
    committee = make_committee(panel(25, {date(2022, 9, 26)}), approved_on=date(2022, 1, 10))
    result = schedule([committee], [app("a1")], today=date(2022, 8, 1))
    assert only_reason(result) == {("TITLE-02", "publicity")}


def test_flow03_publicity_may_start_on_the_meeting_day_when_configured():
    settings = CommitteeSettings(result_publicity_offset_workdays=0)
    result = schedule([make_committee(panel(25, {date(2023, 9, 22)}))], [app("a1")], settings=settings)
    (meeting,) = result.meetings
    assert (meeting.publicity_start, meeting.publicity_end) == (date(2023, 9, 22), date(2023, 9, 28))


def test_flow02_year_not_in_the_calendar_is_refused():
    calendar = WorkCalendar(years=frozenset({2022}))
    with pytest.raises(YearNotLoaded):
        schedule_meetings([make_committee(panel(25, {date(2023, 9, 1)}))], [app("a1")], calendar, TODAY)


# ---------------------------------------------------------------------------------------------- CMTE-02 lead time


def test_cmte02_meeting_7_days_after_today_is_scheduled():
    result = schedule([make_committee(panel(25, {date(2023, 9, 8)}))], [app("a1")], today=date(2023, 9, 1))
    (meeting,) = result.meetings
    assert meeting.plan_file_by == date(2023, 9, 1)


def test_cmte02_meeting_6_days_after_today_is_refused():
    result = schedule([make_committee(panel(25, {date(2023, 9, 7)}))], [app("a1")], today=date(2023, 9, 1))
    assert only_reason(result) == {("CMTE-02", "plan_lead")}


# ------------------------------------------------------------------------------------ CMTE-01 approval and scope


def test_cmte01_unapproved_committee_schedules_nothing():
    result = schedule([make_committee(panel(25, {date(2023, 9, 8)}), approved_on=None)], [app("a1")])
    assert only_reason(result) == {("CMTE-01", "approval")}


def test_cmte01_committee_expired_before_the_available_dates_schedules_nothing():
    committee = make_committee(panel(25, {date(2023, 9, 8)}), approved_on=date(2020, 9, 1))  # last day 2023-09-01
    assert only_reason(schedule([committee], [app("a1")])) == {("CMTE-01", "expired")}


def test_cmte01_committee_valid_on_its_last_day_is_scheduled():
    committee = make_committee(panel(25, {date(2023, 9, 8)}), approved_on=date(2020, 9, 8))
    assert schedule([committee], [app("a1")]).meetings[0].on == date(2023, 9, 8)


def test_cmte01_application_outside_the_committee_level_is_refused():
    result = schedule([make_committee(panel(25, {date(2023, 9, 8)}))], [app("a1"), app("a2", level="full_senior")])
    assert [e.application_id for e in result.meetings[0].docket] == ["a1"]
    assert [(u.application_id, u.finding.rule, u.finding.scope) for u in result.unplaced] == [
        ("a2", "CMTE-01", "level")
    ]


def test_cmte01_application_for_an_unknown_committee_is_refused():
    result = schedule([make_committee(panel(25, {date(2023, 9, 8)}))], [app("a1", committee_id="nope")])
    assert only_reason(result) == {("CMTE-01", "committee")}


# -------------------------------------------------------------------------------------- CMTE-04 / CMTE-03 quorum


def test_cmte04_day_with_exactly_two_thirds_available_is_used():
    judges = panel(17, {date(2023, 9, 8)}) + panel(8, set(), start=17)
    assert schedule([make_committee(judges)], [app("a1")]).meetings[0].panel == tuple(f"j{i:03d}" for i in range(17))


def test_cmte04_day_with_one_fewer_than_two_thirds_is_refused():
    judges = panel(16, {date(2023, 9, 8)}) + panel(9, set(), start=16)
    assert only_reason(schedule([make_committee(judges)], [app("a1")])) == {("CMTE-04", "quorum")}


def test_cmte03_recusal_that_breaks_the_quorum_refuses_the_applicant():
    judges = panel(17, {date(2023, 9, 8)}) + panel(8, set(), start=17)
    result = schedule([make_committee(judges)], [app("a1"), app("a2", unit="unit-j000")])
    assert [e.application_id for e in result.meetings[0].docket] == ["a1"]
    ((unplaced),) = result.unplaced
    assert (unplaced.application_id, unplaced.finding.rule, unplaced.finding.scope) == (
        "a2",
        "CMTE-03",
        "recusal_quorum",
    )
    assert (unplaced.finding.actual, unplaced.finding.limit) == (16, 17)


def test_cmte03_recused_applicant_moves_to_a_day_that_stays_quorate():
    early, late = date(2023, 9, 8), date(2023, 9, 15)
    judges = panel(17, {early, late}) + panel(1, {late}, start=17) + panel(7, set(), start=18)
    result = schedule([make_committee(judges)], [app("a1"), app("a2", unit="unit-j000")])
    placed = {e.application_id: m.on for m in result.meetings for e in m.docket}
    assert placed == {"a1": early, "a2": late}
    late_meeting = result.meetings[1]
    assert late_meeting.docket == (DocketEntry("a2", ("j000",), 17),)


def test_cmte04_recused_counted_as_present_keeps_the_applicant_when_configured():
    judges = panel(17, {date(2023, 9, 8)}) + panel(8, set(), start=17)
    settings = CommitteeSettings(recused_count_as_present=True)
    result = schedule([make_committee(judges)], [app("a2", unit="unit-j000")], settings=settings)
    assert result.meetings[0].docket == (DocketEntry("a2", ("j000",), 17),)


def test_cmte03_judge_in_the_third_consecutive_year_is_not_seated():
    veteran = Judge(
        id="j999", unit="u-v", available_on=frozenset({date(2023, 9, 8)}), served_years=frozenset({2020, 2021, 2022})
    )
    judges = panel(16, {date(2023, 9, 8)}) + panel(8, set(), start=16) + (veteran,)
    result = schedule([make_committee(judges)], [app("a1")])
    assert only_reason(result) == {("CMTE-04", "quorum")}
    assert [(f.rule, f.scope) for f in result.findings] == [("CMTE-03", "consecutive_years:j999")]


def test_cmte03_judge_after_a_gap_year_is_seated():
    returning = Judge(
        id="j999", unit="u-v", available_on=frozenset({date(2023, 9, 8)}), served_years=frozenset({2019, 2020, 2022})
    )
    judges = panel(16, {date(2023, 9, 8)}) + panel(8, set(), start=16) + (returning,)
    result = schedule([make_committee(judges)], [app("a1")])
    assert "j999" in result.meetings[0].panel and result.findings == ()


def test_cmte03_declared_conflict_recuses_the_judge():
    judges = panel(18, {date(2023, 9, 8)}, conflicts=frozenset({Conflict("p-a1", "relative")}))[:1] + panel(
        24, {date(2023, 9, 8)}, start=1
    )
    result = schedule([make_committee(judges)], [app("a1", person_id="p-a1")])
    assert result.meetings[0].docket[0].recused == ("j000",)


def test_cmte03_self_reviewing_unit_needs_outside_experts_on_the_day():
    day = date(2023, 9, 8)
    insiders = tuple(Judge(id=f"in{i:02d}", unit="college", available_on=frozenset({day})) for i in range(15))
    outsiders = tuple(Judge(id=f"out{i}", unit=f"o{i}", available_on=frozenset({day})) for i in range(2))
    committee = make_committee(insiders + outsiders, scope="unit:college")
    result = schedule([committee], [app("a1", unit="college", scope="unit:college")])
    assert only_reason(result) == {("CMTE-03", "external_experts")}


def test_cmte03_self_reviewing_unit_applicants_are_not_recused_for_their_own_unit():
    day = date(2023, 9, 8)
    insiders = tuple(Judge(id=f"in{i:02d}", unit="college", available_on=frozenset({day})) for i in range(11))
    outsiders = tuple(Judge(id=f"out{i}", unit=f"o{i}", available_on=frozenset({day})) for i in range(6))
    committee = make_committee(insiders + outsiders, scope="unit:college")
    result = schedule([committee], [app("a1", unit="college", scope="unit:college")])
    assert result.meetings[0].docket == (DocketEntry("a1", (), 17),)


# ---------------------------------------------------------------------------------------------- CMTE-06 capacity, order


def test_cmte06_capacity_full_leaves_the_rest_unplaced():
    committee = make_committee(panel(25, {date(2023, 9, 8)}), meeting_capacity=2)
    result = schedule([committee], [app("a1"), app("a2"), app("a3")])
    assert len(result.meetings[0].docket) == 2
    assert [(u.application_id, u.finding.rule, u.finding.scope) for u in result.unplaced] == [
        ("a3", "CMTE-06", "capacity")
    ]
    assert unplaced_by_rule(result) == {"CMTE-06": 1}


def test_cmte06_capacity_not_set_is_refused():
    committee = make_committee(panel(25, {date(2023, 9, 8)}), meeting_capacity=0)
    assert only_reason(schedule([committee], [app("a1")])) == {("CMTE-06", "capacity")}


def test_cmte06_no_judge_availability_is_refused():
    assert only_reason(schedule([make_committee(panel(25, set()))], [app("a1")])) == {("CMTE-06", "availability")}


def test_cmte06_earliest_day_is_filled_first():
    days = {date(2023, 9, 8), date(2023, 9, 11), date(2023, 9, 12)}
    result = schedule([make_committee(panel(25, days), meeting_capacity=3)], [app(f"a{i}") for i in range(5)])
    assert [(m.on, len(m.docket)) for m in result.meetings] == [(date(2023, 9, 8), 3), (date(2023, 9, 11), 2)]


def test_cmte06_constrained_applicant_keeps_its_only_day_where_first_fit_would_lose_it():
    # 8 Sep: 18 judges incl. j000 → an applicant of j000's unit keeps 17 voters there. 11 Sep: 17 judges incl. j000.
    # First fit by date would give 8 Sep to "a0-free" (id first) and lose "a1-recused"; the scheduler places both.
    d1, d2 = date(2023, 9, 8), date(2023, 9, 11)
    judges = panel(17, {d1, d2}) + panel(1, {d1}, start=17) + panel(7, set(), start=18)
    committee = make_committee(judges, meeting_capacity=1)
    result = schedule([committee], [app("a0-free"), app("a1-recused", unit="unit-j000")])
    assert {e.application_id: m.on for m in result.meetings for e in m.docket} == {"a1-recused": d1, "a0-free": d2}
    assert result.unplaced == ()


def test_cmte06_docket_orders_levels_then_recusal_blocks():
    judges = panel(25, {date(2023, 9, 8)})
    apps = [
        app("a1", level="assistant"),
        app("a2", unit="unit-j003"),
        app("a3", unit="zeta"),
        app("a4", unit="unit-j001"),
        app("a5", unit="unit-j003"),
    ]
    docket = schedule([make_committee(judges)], apps).meetings[0].docket
    assert [e.application_id for e in docket] == ["a3", "a4", "a2", "a5", "a1"]


def test_cmte06_schedule_is_deterministic_whatever_the_input_order():
    days = {date(2023, 9, 8) + timedelta(days=i) for i in range(10)}
    judges = panel(25, days)
    apps = [app(f"a{i:03d}", unit=f"unit-j{i % 30:03d}") for i in range(120)]
    committee = make_committee(judges, meeting_capacity=25)
    first = schedule([committee], apps)
    shuffled = apps[:]
    random.Random(5).shuffle(shuffled)
    assert schedule([committee], shuffled) == first


# ---------------------------------------------------------------------------------------------- check_schedule


def _scheduled():
    days = {date(2023, 9, 8), date(2023, 9, 11), date(2023, 9, 21), date(2023, 9, 22)}
    judges = panel(25, days, served_years=frozenset({2022}))
    committee = make_committee(judges, meeting_capacity=3)
    apps = [app("a1"), app("a2", unit="unit-j001"), app("a3")]
    return committee, apps, schedule([committee], apps)


def errors(findings):
    return {(f.rule, f.scope.rsplit(":", 1)[-1]) for f in findings if f.is_error}


def test_cmte06_check_schedule_accepts_the_scheduler_output():
    committee, apps, result = _scheduled()
    assert check_schedule(result.meetings, [committee], apps, CALENDAR, TODAY) == []


def test_cmte06_check_schedule_warns_about_unscheduled_applications():
    committee, apps, result = _scheduled()
    findings = check_schedule(result.meetings, [committee], apps + [app("a9")], CALENDAR, TODAY)
    assert [(f.rule, f.severity, f.scope) for f in findings] == [("CMTE-06", "warning", "unscheduled:a9")]


def test_title02_check_schedule_refuses_a_meeting_moved_to_2023_09_22():
    committee, apps, result = _scheduled()
    moved = [replace(result.meetings[0], on=date(2023, 9, 22))]
    assert errors(check_schedule(moved, [committee], apps, CALENDAR, TODAY)) == {("TITLE-02", "review_end")}


def test_title02_check_schedule_accepts_a_meeting_moved_to_2023_09_21():
    committee, apps, result = _scheduled()
    moved = [replace(result.meetings[0], on=date(2023, 9, 21))]
    assert errors(check_schedule(moved, [committee], apps, CALENDAR, TODAY)) == set()


def test_cmte02_check_schedule_refuses_a_meeting_6_days_after_today():
    committee, apps, result = _scheduled()
    assert errors(check_schedule(result.meetings, [committee], apps, CALENDAR, date(2023, 9, 2))) == {
        ("CMTE-02", "plan_lead")
    }


def test_cmte02_check_schedule_uses_the_recorded_filing_dates():
    committee, apps, result = _scheduled()
    filed = [replace(result.meetings[0], plan_filed_on=date(2023, 9, 2), plan_approved_on=date(2023, 9, 4))]
    late = errors(check_schedule(filed, [committee], apps, CALENDAR, date(2023, 9, 8)))
    assert late == {("CMTE-02", "plan_lead")}
    on_time = [replace(filed[0], plan_filed_on=date(2023, 9, 1))]
    assert errors(check_schedule(on_time, [committee], apps, CALENDAR, date(2023, 9, 8))) == set()


def test_cmte03_check_schedule_refuses_a_dropped_recusal():
    committee, apps, result = _scheduled()
    meeting = result.meetings[0]
    docket = tuple(DocketEntry(e.application_id, (), e.voting) for e in meeting.docket)
    found = errors(check_schedule([replace(meeting, docket=docket)], [committee], apps, CALENDAR, TODAY))
    assert found == {("CMTE-03", "recusal")}


def test_cmte03_check_schedule_refuses_a_panel_that_loses_quorum_after_recusal():
    committee, apps, result = _scheduled()
    meeting = result.meetings[0]
    thin = replace(meeting, panel=tuple(f"j{i:03d}" for i in range(17)))  # j001 recuses for a2 → 16
    assert errors(check_schedule([thin], [committee], apps, CALENDAR, TODAY)) == {("CMTE-03", "recusal_quorum")}


def test_cmte04_check_schedule_refuses_a_panel_below_two_thirds():
    committee, apps, result = _scheduled()
    thin = replace(result.meetings[0], panel=tuple(f"j{i:03d}" for i in range(2, 18)))
    assert ("CMTE-04", "quorum") in errors(check_schedule([thin], [committee], apps, CALENDAR, TODAY))


def test_cmte03_check_schedule_refuses_a_judge_in_the_third_consecutive_year():
    committee, apps, result = _scheduled()
    veteran = replace(committee.judges[0], served_years=frozenset({2020, 2021, 2022}))
    changed = replace(committee, judges=(veteran,) + committee.judges[1:])
    assert ("CMTE-03", "j000") in errors(check_schedule(result.meetings, [changed], apps, CALENDAR, TODAY))


def test_cmte06_check_schedule_refuses_over_capacity_and_duplicates():
    committee, apps, result = _scheduled()
    meeting = result.meetings[0]
    doubled = replace(meeting, docket=meeting.docket + meeting.docket[:1])
    assert errors(check_schedule([doubled], [committee], apps, CALENDAR, TODAY)) == {
        ("CMTE-06", "duplicate"),
        ("CMTE-06", "capacity"),
    }


def test_cmte01_check_schedule_refuses_another_committees_application():
    committee, apps, result = _scheduled()
    other = [replace(a, committee_id="c-other") for a in apps]
    assert errors(check_schedule(result.meetings, [committee], other, CALENDAR, TODAY)) == {("CMTE-01", "committee")}


def test_cmte01_check_schedule_refuses_a_meeting_before_approval():
    committee, apps, result = _scheduled()
    late = replace(committee, approved_on=date(2023, 9, 10))
    assert errors(check_schedule(result.meetings, [late], apps, CALENDAR, TODAY)) == {("CMTE-01", "approval")}


def test_cmte06_check_schedule_handles_a_hand_built_meeting():
    committee, apps, _ = _scheduled()
    meeting = Meeting(
        committee_id="c-eng",
        on=date(2023, 9, 11),
        docket=(DocketEntry("a1", (), 25),),
        panel=tuple(f"j{i:03d}" for i in range(25)),
    )
    findings = check_schedule([meeting], [committee], apps[:1], CALENDAR, TODAY)
    assert findings == []


def _most_placeable(apps, feasible_days, capacity):
    """Brute-force reference: maximum bipartite b-matching of applications to days (Kuhn's augmenting paths).

    With these parameters first-fit by date places fewer than the optimum in 4 of the 40 seeds."""
    slots = [(day, k) for day in sorted({d for days in feasible_days.values() for d in days}) for k in range(capacity)]
    owner: dict[int, str] = {}

    def augment(app_id, seen):
        for s, (day, _) in enumerate(slots):
            if day in feasible_days[app_id] and s not in seen:
                seen.add(s)
                if s not in owner or augment(owner[s], seen):
                    owner[s] = app_id
                    return True
        return False

    return sum(augment(a.id, set()) for a in apps)


@pytest.mark.parametrize("seed", range(40))
def test_cmte06_scheduler_places_as_many_as_the_best_assignment(seed):
    rng = random.Random(seed)
    days = [date(2023, 9, 8), date(2023, 9, 11), date(2023, 9, 12), date(2023, 9, 13)]
    judges = tuple(
        Judge(
            id=f"j{i:02d}", unit=f"u{rng.randrange(3)}", available_on=frozenset(d for d in days if rng.random() < 0.8)
        )
        for i in range(7)
    )
    committee = make_committee(judges, meeting_capacity=rng.randrange(1, 4))
    apps = [app(f"a{i:02d}", unit=f"u{rng.randrange(4)}") for i in range(rng.randrange(4, 13))]
    result = schedule([committee], apps)
    quorum = 5  # ⌈2/3 × 7⌉
    feasible = {
        a.id: {d for d in days if sum(1 for j in judges if d in j.available_on and j.unit != a.unit) >= quorum}
        for a in apps
    }
    assert result.placed == _most_placeable(apps, feasible, committee.meeting_capacity)
    assert [f for f in check_schedule(result.meetings, [committee], apps, CALENDAR, TODAY) if f.is_error] == []


# ---------------------------------------------------------------------------------------------- performance


def _workload(n_committees: int = 20, n_apps: int = 10_000):
    rng = random.Random(2023)
    days = [date(2023, 8, 7) + timedelta(days=i) for i in range(50)]
    workdays = [d for d in days if CALENDAR.is_workday(d)]
    committees = []
    for c in range(n_committees):
        judges = tuple(
            Judge(
                id=f"c{c:02d}-j{j:02d}",
                unit=f"c{c:02d}-u{rng.randrange(40):02d}",
                available_on=frozenset(d for d in workdays if rng.random() < 0.8),
                conflicts=frozenset({Conflict(f"a{rng.randrange(n_apps):05d}", "relative")}),
            )
            for j in range(25)
        )
        committees.append(make_committee(judges, id=f"c{c:02d}", meeting_capacity=80))
    apps = [
        app(
            f"a{i:05d}",
            unit=f"c{i % n_committees:02d}-u{rng.randrange(60):02d}",
            committee_id=f"c{i % n_committees:02d}",
        )
        for i in range(n_apps)
    ]
    return committees, apps


def test_cmte06_ten_thousand_applications_schedule_in_well_under_a_few_seconds():
    committees, apps = _workload()
    started = time.perf_counter()
    result = schedule(committees, apps)
    elapsed = time.perf_counter() - started
    assert result.placed + len(result.unplaced) == len(apps)
    assert result.placed > 9_000
    assert elapsed < 3.0, elapsed
    started = time.perf_counter()
    findings = check_schedule(result.meetings, committees, apps, CALENDAR, TODAY)
    assert time.perf_counter() - started < 3.0
    assert [f for f in findings if f.is_error] == []
