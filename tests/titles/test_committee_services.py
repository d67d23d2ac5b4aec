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
def w(settings):
    settings.WUHAI_TODAY = TODAY.isoformat()  # the draw takes the current or next evaluation year only
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
    note = AuditRecord.objects.get(transition="panel_draw").note
    assert f"excluded={veteran.name} CMTE-03" in note and two_years.name not in note


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


# ---------------------------------------------------------------------------------------------------- CMTE-01 expiry


def test_CMTE_01_nightly_job_expires_a_committee_only_after_its_last_valid_day(w):
    from titles.tasks import committees_expire

    c = committee(w, state=Committee.State.APPROVED, approved_on=date(2020, 8, 1), valid_until=date(2023, 7, 31))
    assert committees_expire(today="2023-07-31") == 0  # the last valid day
    c.refresh_from_db()
    assert c.state == Committee.State.APPROVED
    assert committees_expire(today="2023-08-01") == 1
    c.refresh_from_db()
    assert c.state == Committee.State.EXPIRED
    record = AuditRecord.objects.get(transition="committee_expire")
    assert record.actor is None and record.actor_name == "系统" and "2023-07-31" in record.note
    assert committees_expire(today="2023-08-02") == 0  # idempotent
    assert AuditRecord.objects.filter(transition="committee_expire").count() == 1


def test_CMTE_01_nightly_job_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "titles.tasks.committees_expire" in tasks


def test_CMTE_01_city_hr_reapproves_an_expired_committee_for_a_new_filing_period(w):
    c, judges = approved_committee_with_panel(w, members=15)
    Committee.objects.filter(pk=c.pk).update(
        state=Committee.State.EXPIRED, approved_on=date(2020, 3, 1), valid_until=date(2023, 3, 1)
    )
    c.refresh_from_db()
    with pytest.raises(CommitteeError, match="3"):  # a new period of more than 3 years is refused (CMTE-04)
        committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 8, 1), valid_until=date(2026, 8, 2))
    c = committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 8, 1), approval_note="乌人社字〔2023〕1号")
    assert (c.state, c.approved_on, c.valid_until) == (Committee.State.APPROVED, date(2023, 8, 1), date(2026, 8, 1))
    assert AuditRecord.objects.filter(transition="committee_approve", from_state="expired").count() == 1


def test_CMTE_04_reapproval_checks_the_composition_of_the_years_panel(w):
    c = committee(w, state=Committee.State.EXPIRED, approved_on=date(2020, 3, 1), valid_until=date(2023, 3, 1))
    seat(c, pool(w, 14), 2023)
    with pytest.raises(CommitteeError, match="单数"):
        committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 8, 1))
    c.refresh_from_db()
    assert c.state == Committee.State.EXPIRED


def test_CMTE_01_approving_a_committee_still_marked_approved_after_its_filing_ran_out_expires_it_first(w):
    c, _ = approved_committee_with_panel(w, members=15)
    Committee.objects.filter(pk=c.pk).update(approved_on=date(2020, 3, 1), valid_until=date(2023, 3, 1))
    c.refresh_from_db()
    c = committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 8, 1))
    assert c.state == Committee.State.APPROVED and c.approved_on == date(2023, 8, 1)
    assert list(
        AuditRecord.objects.filter(subject_id=str(c.pk), transition__startswith="committee_").values_list(
            "transition", flat=True
        )
    ) == ["committee_expire", "committee_approve"]


def test_CMTE_04_approving_without_a_drawn_panel_asks_for_the_draw(w):
    c = committee(w)
    with pytest.raises(CommitteeError) as err:
        committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1))
    assert "请先抽取 2023 年度评审专家" in err.value.message and "0 人" not in err.value.message


def _routed_world():
    from tests.titles.factories import application as factory_application
    from tests.titles.factories import world as factory_world

    fw = factory_world()
    c = Committee.objects.create(
        key="cmte-teachers",  # the organiser's code, which HR routing falls back to
        name="乌海市教育局（市直中、初级评委会）",
        organiser=fw.organiser,
        series=fw.series,
        levels=["intermediate", "assistant", "member"],
        state=Committee.State.APPROVED,
        approved_on=date(2020, 7, 4),
        valid_until=date(2023, 7, 3),
    )
    return fw, c, factory_application(fw, "hr_review")


def test_CMTE_01_hr_route_to_a_committee_on_its_last_valid_day_passes_and_the_day_after_is_refused():
    from titles.services import workflow as wf

    fw, c, app = _routed_world()
    assert wf.hr_route(application=app, actor=fw.hr, today=date(2023, 7, 3)).committee_key == "cmte-teachers"
    with pytest.raises(wf.TitleWorkflowError) as err:
        wf.hr_route(application=app, actor=fw.hr, today=date(2023, 7, 4))
    assert err.value.rule == "CMTE-01"
    assert "乌海市教育局（市直中、初级评委会）" in err.value.message and "重新核准备案" in err.value.message


def test_CMTE_01_committee_office_cannot_accept_a_case_for_an_expired_committee(settings):
    from titles.services import workflow as wf

    fw, c, app = _routed_world()
    settings.WUHAI_TODAY = "2023-07-04"
    with pytest.raises(wf.TitleWorkflowError) as err:
        wf.committee_accept(application=app, actor=fw.office)
    assert err.value.rule == "CMTE-01"
    app.refresh_from_db()
    assert app.state == "hr_review"
    settings.WUHAI_TODAY = "2023-07-03"
    assert wf.committee_accept(application=app, actor=fw.office).state == "accepted"


def test_CMTE_01_committee_office_cannot_accept_a_case_for_an_unapproved_committee(settings):
    from titles.services import workflow as wf

    fw, c, app = _routed_world()
    Committee.objects.filter(pk=c.pk).update(state=Committee.State.PROPOSED, approved_on=None, valid_until=None)
    settings.WUHAI_TODAY = "2023-07-03"
    with pytest.raises(wf.TitleWorkflowError, match="待核准"):
        wf.committee_accept(application=app, actor=fw.office)


# ---------------------------------------------------------------------------------------------------- CMTE-04 at the draw


def test_CMTE_04_draw_of_an_even_panel_is_refused_and_an_odd_one_passes(w):
    c = committee(w, state=Committee.State.APPROVED, approved_on=date(2023, 1, 10))
    pool(w, 40)
    with pytest.raises(CommitteeError, match="单数") as err:
        panel_draw(actor=w.office, committee=c, year=2023, needed=14, seed=1)
    assert err.value.rule == "CMTE-04" and not CommitteeSeat.objects.filter(committee=c).exists()
    assert len(panel_draw(actor=w.office, committee=c, year=2023, needed=15, seed=1).panel) == 15


def test_CMTE_04_draw_of_a_senior_committee_by_series_needs_25_experts(w):
    c = committee(w, key="senior", levels=("deputy_senior",))
    pool(w, 60, term=(date(2022, 1, 1), date(2024, 12, 31)))
    with pytest.raises(CommitteeError, match="不少于 25") as err:
        panel_draw(actor=w.office, committee=c, year=2023, needed=23, seed=1)
    assert err.value.rule == "CMTE-04"
    assert len(panel_draw(actor=w.office, committee=c, year=2023, needed=25, seed=1).panel) == 25


def test_CMTE_04_draw_of_a_senior_committee_by_specialty_needs_11_experts(w):
    c = committee(w, key="senior-sp", levels=("deputy_senior",), formed_by=Committee.FormedBy.SPECIALTY)
    pool(w, 30)
    with pytest.raises(CommitteeError, match="不少于 11"):
        panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=1)
    assert len(panel_draw(actor=w.office, committee=c, year=2023, needed=11, seed=1).panel) == 11


# ---------------------------------------------------------------------------------------------------- CMTE-04 term


def test_CMTE_04_draw_leaves_out_experts_without_a_term_or_out_of_term_for_the_review_period(w):
    c = committee(w)
    in_term = pool(w, 9, prefix="在任")
    no_term = pool(w, 1, prefix="未登记", term=None)[0]
    ends_early = pool(w, 1, prefix="九月底前卸任", term=(date(2021, 1, 1), date(2023, 9, 29)))[0]
    last_day = pool(w, 1, prefix="九月底卸任", term=(date(2021, 1, 1), date(2023, 9, 30)))[0]
    draw = panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=3)
    assert no_term.pk not in draw.eligible and ends_early.pk not in draw.eligible
    assert last_day.pk in draw.eligible and all(j.pk in draw.eligible for j in in_term)
    note = AuditRecord.objects.get(transition="panel_draw").note
    assert f"{no_term.name} CMTE-04" in note and f"{ends_early.name} CMTE-04" in note


def test_CMTE_04_expert_term_of_exactly_three_years_is_recorded_and_one_day_more_refused(w):
    judge = judge_create(
        actor=w.office, name="新专家", series=w.series, title_level="deputy_senior",
        term_start=date(2023, 1, 1), term_end=date(2026, 1, 1),
    )  # fmt: skip
    assert (judge.term_start, judge.term_end) == (date(2023, 1, 1), date(2026, 1, 1))
    with pytest.raises(CommitteeError, match="不得超过 3 年") as err:
        judge_create(
            actor=w.office, name="超期专家", series=w.series, title_level="deputy_senior",
            term_start=date(2023, 1, 1), term_end=date(2026, 1, 2),
        )  # fmt: skip
    assert err.value.rule == "CMTE-04" and not Judge.objects.filter(name="超期专家").exists()


def test_CMTE_04_a_new_term_is_recorded_and_audited(w):
    from titles.services.committees import judge_term_set

    judge = pool(w, 1, term=None)[0]
    with pytest.raises(CommitteeError, match="同时填写"):
        judge_term_set(actor=w.office, judge=judge, term_start=date(2024, 1, 1), term_end=None)
    judge_term_set(actor=w.office, judge=judge, term_start=date(2024, 1, 1), term_end=date(2026, 12, 31))
    judge.refresh_from_db()
    assert judge.term_end == date(2026, 12, 31)
    assert AuditRecord.objects.filter(transition="judge_term_set", subject_id=str(judge.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        judge_term_set(actor=w.unit_hr, judge=judge, term_start=date(2024, 1, 1), term_end=date(2026, 12, 31))


# ---------------------------------------------------------------------------------------------------- the draw's year


@pytest.mark.parametrize("year", [99999, 2022, 1999, 2025])
def test_CMTE_03_draw_for_other_than_the_current_or_next_year_is_refused(w, year):
    c = committee(w)
    pool(w, 30)
    with pytest.raises(CommitteeError) as err:
        panel_draw(actor=w.office, committee=c, year=year, needed=9, seed=1)
    assert err.value.rule == "CMTE-03" and "2023" in err.value.message and "2024" in err.value.message
    assert not PanelDraw.objects.exists() and not CommitteeSeat.objects.exists()


@pytest.mark.parametrize("year", [2023, 2024])
def test_CMTE_03_draw_for_the_current_or_next_year_passes(w, year):
    c = committee(w)
    pool(w, 30, term=(date(2022, 1, 1), date(2024, 12, 31)))
    assert panel_draw(actor=w.office, committee=c, year=year, needed=9, seed=1).year == year


def test_CMTE_01_expired_committee_may_draw_the_panel_its_reapproval_needs(w):
    c = committee(w, state=Committee.State.EXPIRED, approved_on=date(2020, 3, 1), valid_until=date(2023, 3, 1))
    pool(w, 30)
    panel_draw(actor=w.office, committee=c, year=2023, needed=9, seed=1)
    assert committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 8, 1)).state == Committee.State.APPROVED


# ---------------------------------------------------------------------------------------------------- CMTE-03 own unit


def test_CMTE_03_own_unit_recusal_for_a_judge_entered_with_the_units_name_only(w):
    """The pool page used to store only the unit's name; _unit_key then compared "name:…" with the unit id."""
    c = committee(w, state=Committee.State.APPROVED, approved_on=date(2023, 1, 1))
    named = Judge.objects.create(
        name="同校专家", series=w.series, title_level="deputy_senior", unit=None, unit_name=w.units[0].name,
        term_start=date(2021, 1, 1), term_end=date(2023, 12, 31),
    )  # fmt: skip
    stranger = Judge.objects.create(
        name="外校专家", series=w.series, title_level="deputy_senior", unit=None, unit_name="内蒙古大学",
        term_start=date(2021, 1, 1), term_end=date(2023, 12, 31),
    )  # fmt: skip
    seat(c, [named, stranger] + pool(w, 13), 2023)
    apps = applications(w, c, 2, units=[w.units[0], w.units[1]])
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    recused = set(Recusal.objects.filter(meeting=meetings[0]).values_list("judge_id", "application_id", "reason"))
    assert recused == {(named.pk, apps[0].pk, "own_unit")}


def test_CMTE_03_judge_created_with_an_organisations_name_is_linked_to_it(w):
    judge = judge_create(actor=w.office, name="专家甲", series=w.series, title_level="deputy_senior",
                         unit_name=f" {w.units[2].name} ")  # fmt: skip
    assert judge.unit_id == w.units[2].pk and judge.unit_name == w.units[2].name
    outside = judge_create(actor=w.office, name="专家乙", series=w.series, title_level="deputy_senior",
                           unit_name="包头设计院")  # fmt: skip
    assert outside.unit_id is None and outside.unit_name == "包头设计院"


# ---------------------------------------------------------------------------------------------------- TITLE-02 review end


def test_TITLE_02_review_end_comes_from_the_years_application_window(w):
    from titles.models import ApplicationWindow
    from titles.services.committees import committee_review_end

    c = committee(w)  # primary/secondary teachers → the teachers' window
    assert committee_review_end(c, 2023) == date(2023, 9, 30)  # seeded 2023 window
    ApplicationWindow.objects.filter(evaluation_year__year=2023, group="teachers").update(
        review_ends_on=date(2023, 9, 15)
    )
    assert committee_review_end(c, 2023) == date(2023, 9, 15)
    assert committee_review_end(c, 2031) == date(2031, 9, 30)  # no window that year: the setting


def test_TITLE_02_plan_uses_the_window_review_end_not_30_september(w):
    from titles.models import ApplicationWindow

    c, _ = approved_committee_with_panel(w, members=15)
    applications(w, c, 1)
    # A meeting on Mon 11 Sep 2023 → publicity 12–18 Sep: fine with 30 Sep, too late for a window ending 15 Sep.
    ApplicationWindow.objects.filter(evaluation_year__year=2023, group="teachers").update(
        review_ends_on=date(2023, 9, 15)
    )
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[date(2023, 9, 11)], today=TODAY)
    assert not meetings and [u.finding.rule for u in schedule.unplaced] == ["TITLE-02"]
    assert "2023-09-15" in schedule.unplaced[0].finding.message
    ApplicationWindow.objects.filter(evaluation_year__year=2023, group="teachers").update(
        review_ends_on=date(2023, 9, 18)
    )
    meetings, schedule = meeting_plan(actor=w.office, committee=c, dates=[date(2023, 9, 11)], today=TODAY)
    assert len(meetings) == 1 and not schedule.unplaced


def test_CMTE_06_plan_keeps_its_unplaced_reasons_on_the_committee_until_the_next_plan(w):
    c, _ = approved_committee_with_panel(w, members=15)
    apps = applications(w, c, 1)
    meeting_plan(actor=w.office, committee=c, dates=[TODAY + timedelta(days=3)], today=TODAY)
    c.refresh_from_db()
    assert [(u["id"], u["rule"]) for u in c.plan_notes["unplaced"]] == [(apps[0].pk, "CMTE-02")]
    assert c.plan_notes["offered"][0]["day"] == (TODAY + timedelta(days=3)).isoformat()
    meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    c.refresh_from_db()
    assert c.plan_notes["unplaced"] == []
