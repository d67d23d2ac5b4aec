"""Committee, judge-pool, draw and recusal services: CMTE-01, CMTE-03, CMTE-04 on both sides of each boundary."""

from datetime import date, timedelta

import pytest

from titles.models import Committee, CommitteeSeat, Judge, Meeting, PanelDraw, Recusal
from titles.models.committees import JudgeAvailability
from titles.selectors.committees import offered_days
from titles.services.committees import (
    CommitteeError,
    availability_declare,
    availability_withdraw,
    committee_approve,
    committee_expire,
    committee_propose,
    judge_create,
    judge_set_active,
    meeting_plan,
    panel_draw,
    recusal_declare,
)
from workflow.models import AuditRecord
from workflow.permissions import PermissionDenied

from .committee_world import (
    MEETS_ON,
    TODAY,
    applications,
    approved_committee_with_panel,
    committee,
    meeting,
    person,
    pool,
    seat,
    unavailable,
    world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def senior_committee(w, experts: int, *, formed_by=Committee.FormedBy.SERIES):
    c = committee(w, key="teachers-senior", levels=("deputy_senior",), formed_by=formed_by)
    seat(c, pool(w, experts), 2023)
    return c


# ---------------------------------------------------------------------------------------------------- CMTE-01


def test_CMTE_01_office_proposes_and_city_hr_approves(w):
    c = committee_propose(
        actor=w.office, organiser=w.organiser, key="t-ij", name="中级评委会", series=w.series, levels=["intermediate"]
    )
    assert c.state == Committee.State.PROPOSED
    seat(c, pool(w, 9), 2023)
    c = committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1))
    assert c.state == Committee.State.APPROVED
    assert c.valid_until == date(2026, 3, 1)
    assert AuditRecord.objects.filter(transition="committee_approve", to_state="approved").count() == 1


def test_CMTE_01_another_office_cannot_propose_for_an_organiser(w):
    with pytest.raises(PermissionDenied):
        committee_propose(
            actor=w.other_office, organiser=w.organiser, key="x", name="x", series=w.series, levels=["intermediate"]
        )


@pytest.mark.parametrize("who", ["district_officer", "office", "unit_hr"])
def test_CMTE_01_only_city_hr_approves(w, who):
    c = committee(w)
    seat(c, pool(w, 9), 2023)
    with pytest.raises(PermissionDenied):
        committee_approve(actor=getattr(w, who), committee=c, approved_on=date(2023, 3, 1))


def test_CMTE_01_unapproved_committee_cannot_be_scheduled(w):
    c = committee(w)
    seat(c, pool(w, 9), 2023)
    applications(w, c, 2)
    with pytest.raises(CommitteeError) as err:
        meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    assert err.value.rule == "CMTE-01"
    assert not Meeting.objects.exists()


def test_CMTE_01_expired_filing_cannot_be_scheduled(w):
    c, _ = approved_committee_with_panel(w)
    Committee.objects.filter(pk=c.pk).update(approved_on=date(2020, 8, 1), valid_until=date(2023, 8, 1))
    c.refresh_from_db()
    applications(w, c, 2)
    with pytest.raises(CommitteeError) as err:
        meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    assert err.value.rule == "CMTE-01"
    assert "到期" in err.value.message


def test_CMTE_01_expire_refused_on_the_last_valid_day_and_done_the_day_after(w):
    c, _ = approved_committee_with_panel(w)
    Committee.objects.filter(pk=c.pk).update(approved_on=date(2020, 8, 1), valid_until=date(2023, 8, 1))
    c.refresh_from_db()
    with pytest.raises(CommitteeError):
        committee_expire(committee=c, today=date(2023, 8, 1))
    c = committee_expire(committee=c, today=date(2023, 8, 2))
    assert c.state == Committee.State.EXPIRED


# ---------------------------------------------------------------------------------------------------- CMTE-04


def test_CMTE_04_senior_committee_by_series_with_25_experts_is_approved(w):
    c = committee_approve(actor=w.hr, committee=senior_committee(w, 25), approved_on=date(2023, 3, 1))
    assert c.state == Committee.State.APPROVED


def test_CMTE_04_senior_committee_by_series_with_24_experts_is_refused(w):
    with pytest.raises(CommitteeError) as err:
        committee_approve(actor=w.hr, committee=senior_committee(w, 24), approved_on=date(2023, 3, 1))
    assert err.value.rule == "CMTE-04"
    assert {f.scope for f in err.value.findings} == {"odd_membership", "senior_minimum"}
    assert Committee.objects.get(key="teachers-senior").state == Committee.State.PROPOSED


def test_CMTE_04_senior_committee_by_specialty_11_is_enough_and_9_too_few(w):
    c = senior_committee(w, 11, formed_by=Committee.FormedBy.SPECIALTY)
    assert committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1)).state == "approved"
    c2 = committee(w, key="s2", levels=("deputy_senior",), formed_by=Committee.FormedBy.SPECIALTY)
    seat(c2, pool(w, 9, prefix="s2-"), 2023)
    with pytest.raises(CommitteeError, match="11"):
        committee_approve(actor=w.hr, committee=c2, approved_on=date(2023, 3, 1))


def test_CMTE_04_filing_valid_exactly_three_years_passes_one_day_more_is_refused(w):
    c = committee(w)
    seat(c, pool(w, 9), 2023)
    with pytest.raises(CommitteeError) as err:
        committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1), valid_until=date(2026, 3, 2))
    assert err.value.findings[0].scope == "filing_validity"
    c = committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1), valid_until=date(2026, 3, 1))
    assert c.valid_until == date(2026, 3, 1)


def test_CMTE_04_even_membership_is_refused(w):
    c = committee(w)
    seat(c, pool(w, 8), 2023)
    with pytest.raises(CommitteeError, match="单数"):
        committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1))


# ---------------------------------------------------------------------------------------------------- CMTE-03


def test_CMTE_03_draw_records_seed_panel_alternates_and_seats(w):
    c = committee(w)
    pool(w, 30)
    draw = panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=42)
    assert draw.seed == 42 and len(draw.panel) == 9 and len(draw.alternates) == 9
    assert CommitteeSeat.objects.filter(committee=c, year=2023, alternate=False).count() == 9
    assert CommitteeSeat.objects.filter(committee=c, year=2023, alternate=True).count() == 9
    assert len(draw.eligible) == 30


def test_CMTE_03_same_seed_same_pool_gives_the_same_panel(w):
    c1 = committee(w, key="a")
    c2 = committee(w, key="b")
    pool(w, 30)
    d1 = panel_draw(actor=w.office, committee=c1, year=2023, needed=9, seed=7)
    d2 = panel_draw(actor=w.office, committee=c2, year=2023, needed=9, seed=7)
    assert d1.panel == d2.panel


def test_CMTE_03_second_draw_for_the_same_year_is_refused(w):
    c = committee(w)
    pool(w, 30)
    panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=1)
    with pytest.raises(CommitteeError, match="已抽取"):
        panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=2)
    assert PanelDraw.objects.count() == 1


def test_CMTE_03_judge_in_the_third_consecutive_year_is_not_drawn(w):
    c = committee(w)
    old = committee(w, key="old")
    judges = pool(w, 10)
    veteran, two_years = judges[0], judges[1]
    for year in (2020, 2021, 2022):
        seat(old, [veteran], year)
    for year in (2021, 2022):
        seat(old, [two_years], year)
    draw = panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=3)
    assert veteran.pk not in draw.eligible
    assert two_years.pk in draw.eligible
    assert veteran.pk not in draw.panel
    assert "excluded(CMTE-03)" in AuditRecord.objects.get(transition="panel_draw").note


def test_CMTE_03_pool_too_small_is_refused(w):
    c = committee(w)
    pool(w, 8)
    with pytest.raises(CommitteeError) as err:
        panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=3)
    assert err.value.rule == "CMTE-03"
    assert not CommitteeSeat.objects.exists()


def test_CMTE_03_self_reviewing_panel_keeps_outside_experts(w):
    college = w.units[0]
    college.self_reviewing = True
    college.save()
    c = committee(w, scope=Committee.Scope.SELF_REVIEWING, scope_unit=college)
    pool(w, 20, unit_cycle=[college], prefix="内")
    pool(w, 4, prefix="外")
    draw = panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=5)
    outside = Judge.objects.filter(pk__in=draw.panel).exclude(unit=college).count()
    assert outside >= 3  # ⌈9/3⌉


def test_CMTE_03_self_reviewing_panel_without_enough_outsiders_is_refused(w):
    college = w.units[0]
    c = committee(w, scope=Committee.Scope.SELF_REVIEWING, scope_unit=college)
    pool(w, 20, unit_cycle=[college], prefix="内")
    pool(w, 2, prefix="外")
    with pytest.raises(CommitteeError) as err:
        panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=5)
    assert "external_experts" in {f.scope for f in err.value.findings}


def test_CMTE_03_own_unit_recusal_is_automatic(w):
    c = committee(w, state=Committee.State.APPROVED, approved_on=date(2023, 1, 1))
    insiders = pool(w, 2, unit_cycle=[w.units[0]], prefix="本")
    outsiders = pool(w, 13, prefix="外")
    seat(c, insiders + outsiders, 2023)
    apps = applications(w, c, 2, units=[w.units[0], w.units[1]])
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    recused = set(Recusal.objects.values_list("judge_id", "application_id", "reason"))
    assert recused == {(j.pk, apps[0].pk, "own_unit") for j in insiders}


def test_CMTE_03_judge_declares_a_conflict(w):
    c, judges = approved_committee_with_panel(w)
    app = applications(w, c, 1)[0]
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    judge_user = person("judge1")
    Judge.objects.filter(pk=judges[0].pk).update(user=judge_user)
    r = recusal_declare(
        actor=judge_user, meeting=meetings[0], judge=judges[0], application=app, reason=Recusal.Reason.RELATIVE
    )
    assert r.declared and r.reason == "relative"


def test_CMTE_03_judge_cannot_declare_for_another_judge(w):
    c, judges = approved_committee_with_panel(w)
    app = applications(w, c, 1)[0]
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    judge_user = person("judge1")
    Judge.objects.filter(pk=judges[0].pk).update(user=judge_user)
    with pytest.raises(PermissionDenied):
        recusal_declare(
            actor=judge_user, meeting=meetings[0], judge=judges[1], application=app, reason=Recusal.Reason.OTHER
        )


# ---------------------------------------------------------------------------------------------------- pool


def test_judge_pool_edits_are_audited_and_limited_to_offices_and_city_hr(w):
    j = judge_create(actor=w.office, name="张三", series=w.series, title_level="full_senior", unit=w.units[0])
    assert j.unit_name == w.units[0].name
    judge_set_active(actor=w.hr, judge=j, active=False)
    assert not Judge.objects.get(pk=j.pk).active
    with pytest.raises(PermissionDenied):
        judge_create(actor=w.unit_hr, name="李四", series=w.series, title_level="full_senior")
    assert AuditRecord.objects.filter(transition__startswith="judge_").count() == 2


# ---------------------------------------------------------------------------------------------------- CMTE-06


def test_CMTE_06_plan_places_applications_and_explains_the_rest(w):
    c, _ = approved_committee_with_panel(w)
    apps = applications(w, c, 5)
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY, capacity=3)
    assert len(meetings) == 1 and meetings[0].docket.count() == 3
    assert {u.finding.rule for u in schedule.unplaced} == {"CMTE-06"}
    states = sorted(a.state for a in type(apps[0]).objects.filter(pk__in=[a.pk for a in apps]))
    assert states == ["accepted", "accepted", "scheduled", "scheduled", "scheduled"]


def test_CMTE_06_plan_needs_a_drawn_panel(w):
    c = committee(w, state=Committee.State.APPROVED, approved_on=date(2023, 1, 1))
    applications(w, c, 1)
    with pytest.raises(CommitteeError) as err:
        meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    assert err.value.rule == "CMTE-03"


def test_CMTE_02_plan_cannot_propose_a_date_within_seven_days(w):
    c, _ = approved_committee_with_panel(w)
    applications(w, c, 2)
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[TODAY + timedelta(days=6)], today=TODAY)
    assert meetings == []
    assert {u.finding.rule for u in schedule.unplaced} == {"CMTE-02"}
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[TODAY + timedelta(days=7)], today=TODAY)
    assert len(meetings) == 1 and not schedule.unplaced


def test_other_office_cannot_plan(w):
    c, _ = approved_committee_with_panel(w)
    with pytest.raises(PermissionDenied):
        meeting_plan(actor=w.other_office, committee=c, dates=[MEETS_ON], today=TODAY)


def test_meeting_rows_start_planned(w):
    c, _ = approved_committee_with_panel(w)
    m = meeting(c)
    assert m.state == Meeting.State.PLANNED


# ---------------------------------------------------------------------------------------------------- CMTE-06 availability

LATER = MEETS_ON + timedelta(days=7)


def test_CMTE_06_unavailable_judges_move_the_proposed_date_to_a_quorate_one(w):
    """15 members need 10: with 6 away on the first offered date the scheduler takes the second one."""
    c, judges = approved_committee_with_panel(w)
    applications(w, c, 2)
    unavailable(judges[:6], MEETS_ON)
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON, LATER], today=TODAY)
    assert [m.meets_on for m in meetings] == [LATER] and not schedule.unplaced


def test_CMTE_06_unavailable_judges_exactly_two_thirds_left_keeps_the_first_date(w):
    c, judges = approved_committee_with_panel(w)
    applications(w, c, 2)
    unavailable(judges[:5], MEETS_ON)  # 10 of 15 left = exactly two thirds
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON, LATER], today=TODAY)
    assert [m.meets_on for m in meetings] == [MEETS_ON]


def test_CMTE_06_unavailable_judges_no_row_and_an_available_row_count_alike(w):
    c, judges = approved_committee_with_panel(w)
    applications(w, c, 1)
    JudgeAvailability.objects.bulk_create(
        [JudgeAvailability(judge=j, day=MEETS_ON, available=True) for j in judges[:10]]
    )
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    assert [m.meets_on for m in meetings] == [MEETS_ON]


def test_CMTE_04_unavailable_judges_break_the_quorum_and_the_docket_is_explained(w):
    c, judges = approved_committee_with_panel(w)
    apps = applications(w, c, 3)
    unavailable(judges[:6], MEETS_ON)
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    assert meetings == []
    assert sorted(u.application_id for u in schedule.unplaced) == sorted(str(a.pk) for a in apps)
    assert {(u.finding.rule, u.finding.scope) for u in schedule.unplaced} == {("CMTE-04", "quorum")}
    finding = schedule.unplaced[0].finding
    assert (finding.actual, finding.limit) == (9, 10)
    (day,) = offered_days(c, 2023, [MEETS_ON])
    assert (day.available, day.required, day.quorate) == (9, 10, False)
    assert sorted(name for name, _ in day.unavailable) == sorted(j.name for j in judges[:6])
    assert {a.state for a in type(apps[0]).objects.filter(pk__in=[a.pk for a in apps])} == {"accepted"}


def test_CMTE_06_unavailable_judges_declared_by_themself_or_by_their_office(w):
    c, judges = approved_committee_with_panel(w)
    me = person("judge_me")
    Judge.objects.filter(pk=judges[0].pk).update(user=me)
    row = availability_declare(actor=me, judge=judges[0], day=MEETS_ON, available=False, today=TODAY, note="出差")
    assert (row.available, row.entered_by) == (False, me)
    row = availability_declare(actor=w.office, judge=judges[0], day=MEETS_ON, available=True, today=TODAY)
    assert JudgeAvailability.objects.get(judge=judges[0], day=MEETS_ON).available is True  # one row per day
    assert AuditRecord.objects.filter(transition="availability_declare").count() == 2
    availability_withdraw(actor=me, row=row, today=TODAY)
    assert not JudgeAvailability.objects.filter(judge=judges[0]).exists()


def test_CMTE_06_judge_cannot_declare_or_withdraw_for_another_judge(w):
    c, judges = approved_committee_with_panel(w)
    me = person("judge_me")
    Judge.objects.filter(pk=judges[0].pk).update(user=me)
    with pytest.raises(PermissionDenied):
        availability_declare(actor=me, judge=judges[1], day=MEETS_ON, available=False, today=TODAY)
    other = JudgeAvailability.objects.create(judge=judges[1], day=MEETS_ON, available=False)
    with pytest.raises(PermissionDenied):
        availability_withdraw(actor=me, row=other, today=TODAY)
    with pytest.raises(PermissionDenied):  # another committee's office
        availability_declare(actor=w.other_office, judge=judges[1], day=MEETS_ON, available=False, today=TODAY)
    assert JudgeAvailability.objects.filter(judge=judges[1]).count() == 1


def test_CMTE_06_availability_for_a_past_day_is_refused(w):
    c, judges = approved_committee_with_panel(w)
    with pytest.raises(CommitteeError) as err:
        availability_declare(
            actor=w.office, judge=judges[0], day=TODAY - timedelta(days=1), available=False, today=TODAY
        )
    assert err.value.rule == "CMTE-06"
    availability_declare(actor=w.office, judge=judges[0], day=TODAY, available=False, today=TODAY)
