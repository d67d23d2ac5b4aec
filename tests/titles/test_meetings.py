"""Meetings: plan filing and approval (CMTE-02), opening, attendance and quorum, tallies (CMTE-04), closing,
result publicity (TITLE-14) and filing (TITLE-15) — and one complete meeting from the draw to the roster."""

from datetime import date, timedelta

import pytest

from titles.documents_committees import meeting_roster, minutes_pdf, plan_filing_pdf, roster_pdf, roster_xlsx
from titles.models import Application, Committee, CommitteeSeat, Meeting, Recusal, ResultComplaint
from titles.services.committees import (
    CommitteeError,
    attendance_record,
    committee_approve,
    meeting_close,
    meeting_docket_set,
    meeting_open,
    meeting_plan,
    meeting_plan_approve,
    meeting_plan_file,
    meeting_results_file,
    meeting_results_publish,
    panel_draw,
    recusal_declare,
    tally_record,
)
from titles.services.workflow import result_file
from workflow.documents import pdf_text
from workflow.models import AuditRecord, Publicity
from workflow.permissions import PermissionDenied
from workflow.services import publicity_close

from .committee_world import (
    MEETS_ON,
    TODAY,
    applications,
    approved_committee_with_panel,
    committee,
    pool,
    unavailable,
    world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.WUHAI_TODAY = TODAY.isoformat()  # the draw takes the current or next evaluation year only
    return world()


def planned(w, n_apps=3, members=15, **kw):
    c, judges = approved_committee_with_panel(w, members=members, **kw)
    apps = applications(w, c, n_apps)
    meetings, _ = meeting_plan(actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY)
    return c, judges, apps, meetings[0]


def held(w, **kw):
    c, judges, apps, m = planned(w, **kw)
    meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=m, approved_on=MEETS_ON - timedelta(days=3))
    meeting_open(actor=w.office, meeting=m, today=MEETS_ON)
    m.refresh_from_db()
    return c, judges, apps, m


# ---------------------------------------------------------------------------------------------------- CMTE-02


def test_CMTE_02_plan_filed_7_days_before_the_meeting_is_accepted(w):
    _, _, _, m = planned(w)
    m = meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    assert m.state == Meeting.State.PLAN_FILED and m.plan_filed_on == date(2023, 8, 8)


def test_CMTE_02_plan_filed_6_days_before_the_meeting_is_refused(w):
    _, _, _, m = planned(w)
    with pytest.raises(CommitteeError) as err:
        meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=6))
    assert err.value.rule == "CMTE-02"
    m.refresh_from_db()
    assert m.state == Meeting.State.PLANNED


def test_CMTE_02_expired_committee_filing_refuses_the_plan_filing(w):
    c, _, _, m = planned(w)
    Committee.objects.filter(pk=c.pk).update(approved_on=date(2020, 8, 10), valid_until=date(2023, 8, 10))
    with pytest.raises(CommitteeError) as err:
        meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    assert err.value.rule == "CMTE-01"


def test_CMTE_02_meeting_open_before_hr_approval_is_refused(w):
    _, _, _, m = planned(w)
    meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    with pytest.raises(CommitteeError) as err:
        meeting_open(actor=w.office, meeting=m, today=MEETS_ON)
    assert err.value.rule == "CMTE-02"


def test_CMTE_02_approval_after_the_meeting_day_is_refused(w):
    _, _, _, m = planned(w)
    meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    with pytest.raises(CommitteeError):
        meeting_plan_approve(actor=w.hr, meeting=m, approved_on=MEETS_ON + timedelta(days=1))
    with pytest.raises(PermissionDenied):  # only city HR approves
        meeting_plan_approve(actor=w.district_officer, meeting=m, approved_on=MEETS_ON)


def test_CMTE_02_meeting_open_on_another_day_than_filed_is_refused(w):
    _, _, _, m = planned(w)
    meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=m, approved_on=MEETS_ON - timedelta(days=1))
    with pytest.raises(CommitteeError, match="改期"):
        meeting_open(actor=w.office, meeting=m, today=MEETS_ON - timedelta(days=1))
    assert meeting_open(actor=w.office, meeting=m, today=MEETS_ON).state == Meeting.State.HELD


def test_CMTE_06_docket_set_by_hand_rechecks_and_moves_applications(w):
    c, _, apps, m = planned(w, n_apps=3)
    extra = applications(w, c, 1)[0]
    meeting_docket_set(actor=w.office, meeting=m, application_ids=[extra.pk, apps[0].pk], today=TODAY)
    assert list(m.docket.values_list("application_id", flat=True)) == [extra.pk, apps[0].pk]
    states = dict(Application.objects.values_list("pk", "state"))
    assert states[extra.pk] == "scheduled" and states[apps[1].pk] == "accepted"


def test_CMTE_06_docket_set_refuses_another_committees_application(w):
    c, _, apps, m = planned(w)
    other = committee(w, key="other", organiser=w.other_organiser)
    foreign = applications(w, other, 1)[0]
    with pytest.raises(CommitteeError):
        meeting_docket_set(actor=w.office, meeting=m, application_ids=[foreign.pk], today=TODAY)


def test_CMTE_06_docket_set_refuses_a_day_within_seven_days_by_check_schedule(w):
    c, _, apps, m = planned(w)
    with pytest.raises(CommitteeError) as err:
        meeting_docket_set(actor=w.office, meeting=m, application_ids=[apps[0].pk], today=MEETS_ON - timedelta(days=6))
    assert err.value.rule == "CMTE-02"


# ---------------------------------------------------------------------------------------------------- CMTE-04


def test_CMTE_04_quorum_exactly_two_thirds_lets_the_meeting_vote(w):
    _, judges, apps, m = held(w, members=15)
    result = attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges[:10]])
    assert result.quorate and result.required == 10
    entry = m.docket.get(position=1)
    outcome = tally_record(actor=w.office, entry=entry, agree=10, disagree=0, abstain=0)
    assert outcome.passed


def test_CMTE_04_quorum_one_short_of_two_thirds_cannot_vote(w):
    _, judges, apps, m = held(w, members=15)
    result = attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges[:9]])
    assert not result.quorate
    with pytest.raises(CommitteeError) as err:
        tally_record(actor=w.office, entry=m.docket.get(position=1), agree=9, disagree=0, abstain=0)
    assert err.value.rule == "CMTE-04"
    assert m.docket.get(position=1).agree is None


def test_CMTE_04_pass_exactly_two_thirds_of_present_and_one_fewer_fails(w):
    _, judges, apps, m = held(w, members=15)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges])
    first, second = m.docket.order_by("position")[:2]
    assert tally_record(actor=w.office, entry=first, agree=10, disagree=3, abstain=2).passed
    assert not tally_record(actor=w.office, entry=second, agree=9, disagree=4, abstain=2).passed


def test_CMTE_04_recused_judge_is_not_counted_as_present(w):
    c, judges, apps, m = held(w, members=15)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges])
    entry = m.docket.get(position=1)
    for j in judges[:3]:
        Recusal.objects.create(meeting=m, judge=j, application=entry.application, reason="relative")
    # 15 present − 3 recused = 12 voters → 8 agree is exactly 2/3.
    with pytest.raises(CommitteeError, match="12"):
        tally_record(actor=w.office, entry=entry, agree=8, disagree=4, abstain=3)  # 15 ballots: a proxy/extra vote
    outcome = tally_record(actor=w.office, entry=entry, agree=8, disagree=4, abstain=0)
    assert outcome.passed and outcome.base == 12
    entry.refresh_from_db()
    assert entry.recused == 3 and entry.present == 15


def test_CMTE_04_no_proxy_a_judge_not_on_the_panel_cannot_attend(w):
    _, judges, _, m = held(w, members=15)
    outsider = pool(w, 1, prefix="外来")[0]
    with pytest.raises(CommitteeError, match="委托"):
        attendance_record(actor=w.office, meeting=m, present_judge_ids=[outsider.pk] + [j.pk for j in judges])


def test_CMTE_04_no_later_votes_tally_and_attendance_are_fixed(w):
    _, judges, _, m = held(w, members=15)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges])
    entry = m.docket.get(position=1)
    tally_record(actor=w.office, entry=entry, agree=15, disagree=0, abstain=0)
    with pytest.raises(CommitteeError, match="补充投票"):
        tally_record(actor=w.office, entry=entry, agree=14, disagree=1, abstain=0)
    with pytest.raises(CommitteeError):
        attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges[:12]])


def test_CMTE_04_close_refused_until_every_applicant_has_a_vote(w):
    _, judges, _, m = held(w, members=15)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges])
    tally_record(actor=w.office, entry=m.docket.get(position=1), agree=15, disagree=0, abstain=0)
    with pytest.raises(CommitteeError, match="未记录票数"):
        meeting_close(actor=w.office, meeting=m)


# ---------------------------------------------------------------------------------------------------- TITLE-14/15


def closed_meeting(w):
    c, judges, apps, m = held(w, members=15, n_apps=2)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges])
    a, b = m.docket.order_by("position")
    tally_record(actor=w.office, entry=a, agree=12, disagree=3, abstain=0)
    tally_record(actor=w.office, entry=b, agree=5, disagree=10, abstain=0)
    meeting_close(actor=w.office, meeting=m)
    m.refresh_from_db()
    return c, m, a.application, b.application


def test_TITLE_15_results_filed_on_the_last_day_of_the_month(w):
    c, m, passed, failed = closed_meeting(w)
    publicity = meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    publicity_close(publicity=publicity, today=publicity.ends_on + timedelta(days=1))
    m = meeting_results_file(actor=w.office, meeting=m, today=date(2023, 9, 15), report="公示无异议，无投诉。")
    assert m.state == Meeting.State.RESULTS_FILED
    assert Application.objects.get(pk=passed.pk).state == "result_publicity"  # city HR files each result next
    result_file(application=passed.pk, actor=w.hr, today=date(2023, 9, 15))
    assert Application.objects.get(pk=passed.pk).state == "filed"


def test_TITLE_15_results_filed_a_day_after_the_month_are_refused(w):
    c, m, passed, failed = closed_meeting(w)
    publicity = meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    publicity_close(publicity=publicity, today=publicity.ends_on + timedelta(days=1))
    with pytest.raises(CommitteeError) as err:
        meeting_results_file(actor=w.office, meeting=m, today=date(2023, 9, 16), report="无投诉。")
    assert err.value.rule == "TITLE-15"


def test_TITLE_14_open_publicity_or_complaint_blocks_the_filing(w):
    c, m, passed, failed = closed_meeting(w)
    publicity = meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    with pytest.raises(CommitteeError, match="公示"):
        meeting_results_file(actor=w.office, meeting=m, today=date(2023, 9, 1), report="x")
    publicity_close(publicity=publicity, today=publicity.ends_on + timedelta(days=1))
    ResultComplaint.objects.create(application=passed, kind="process", content="程序问题", raised_on=date(2023, 8, 17))
    with pytest.raises(CommitteeError, match="投诉"):
        meeting_results_file(actor=w.office, meeting=m, today=date(2023, 9, 1), report="x")


def test_FLOW_03_result_publicity_starts_the_working_day_after_and_lasts_five(w):
    c, m, passed, failed = closed_meeting(w)
    publicity = meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    # Tue 15 Aug 2023 → Wed 16 Aug … Tue 22 Aug (5 working days).
    assert (publicity.starts_on, publicity.ends_on) == (date(2023, 8, 16), date(2023, 8, 22))
    assert publicity.kind == Publicity.Kind.RESULT
    assert Application.objects.get(pk=passed.pk).state == "result_publicity"
    assert Application.objects.get(pk=failed.pk).state == "failed"


# ---------------------------------------------------------------------------------------------------- the whole way


def test_a_complete_meeting_from_the_draw_to_the_roster(w):
    c = committee(w, key="teachers-senior", levels=("deputy_senior",), name="中小学教师副高级评委会")
    pool(w, 40, unit_cycle=None)
    insider = pool(w, 1, prefix="本单位", unit_cycle=[w.units[0]])[0]
    draw = panel_draw(actor=w.office, committee=c, year=2023, needed=25, seed=2023)
    assert len(draw.panel) == 25
    committee_approve(actor=w.hr, committee=c, approved_on=date(2023, 3, 1))
    apps = applications(w, c, 4)
    meetings, schedule = meeting_plan(
        actor=w.office, committee=c, dates=[MEETS_ON], today=TODAY, place="市人社局三楼会议室"
    )
    m = meetings[0]
    assert m.docket.count() == 4 and not schedule.unplaced
    seated_insider = CommitteeSeat.objects.filter(committee=c, judge=insider, alternate=False).exists()
    assert Recusal.objects.filter(meeting=m, judge=insider).exists() == seated_insider

    meeting_plan_file(actor=w.office, meeting=m, filed_on=date(2023, 8, 8), procedure="按程序评审")
    text = pdf_text(plan_filing_pdf(m))
    assert "职称评审实施方案备案表" in text and "中小学教师副高级评委会" in text
    meeting_plan_approve(actor=w.hr, meeting=m, approved_on=date(2023, 8, 10))
    meeting_open(actor=w.office, meeting=m, today=MEETS_ON)

    panel = list(CommitteeSeat.objects.filter(committee=c, year=2023, alternate=False).values_list("judge", flat=True))
    attendance_record(actor=w.office, meeting=m, present_judge_ids=panel[:21])  # 21 of 25 ≥ 17
    entries = list(m.docket.order_by("position"))
    judge = CommitteeSeat.objects.filter(committee=c, year=2023, alternate=False).first().judge
    recusal_declare(
        actor=w.office, meeting=m, judge=judge, application=entries[0].application, reason="relative", note="配偶"
    )
    recused = 1 if judge.pk in panel[:21] else 0
    recused += Recusal.objects.filter(
        meeting=m, application=entries[0].application, judge__in=panel[:21], reason="own_unit"
    ).count()
    voters = 21 - recused
    tally_record(actor=w.office, entry=entries[0], agree=voters, disagree=0, abstain=0)
    for entry, agree in zip(entries[1:], (14, 13, 20), strict=True):
        rec = Recusal.objects.filter(meeting=m, application=entry.application, judge__in=panel[:21]).count()
        tally_record(
            actor=w.office, entry=entry, agree=min(agree, 21 - rec), disagree=21 - rec - min(agree, 21 - rec), abstain=0
        )
    meeting_close(actor=w.office, meeting=m)
    m.refresh_from_db()
    minutes = pdf_text(minutes_pdf(m))
    assert "职称评审会议纪要" in minutes and "配偶" not in minutes  # the note stays in the audit record

    publicity = meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    publicity_close(publicity=publicity, today=publicity.ends_on + timedelta(days=1))
    meeting_results_file(actor=w.office, meeting=m, today=date(2023, 9, 1), report="公示期间无异议。")
    passed, meta = meeting_roster(m)
    for application in passed:
        result_file(application=application.pk, actor=w.hr, today=date(2023, 9, 4))
    assert {a.state for a in Application.objects.filter(pk__in=[a.pk for a in passed])} == {"filed"}
    assert all(a.effective_on == MEETS_ON for a in Application.objects.filter(pk__in=[a.pk for a in passed]))
    xlsx = roster_xlsx(m)
    assert xlsx[:2] == b"PK"
    roster = pdf_text(roster_pdf(m))
    assert "乌海市2023年申报副高级专业技术资格花名册（中小学教师系列）" in roster.replace(" ", "")
    assert passed[0].unit.name in roster
    transitions = set(AuditRecord.objects.filter(subject_id=str(m.pk)).values_list("transition", flat=True))
    assert {"meeting_plan", "meeting_plan_file", "meeting_plan_approve", "meeting_open", "attendance_record",
            "tally_record", "meeting_close", "meeting_results_publish", "meeting_results_file"} <= transitions  # fmt: skip
    assert len(apps) == 4


# ---------------------------------------------------------------------------------------------------- availability, closing


def test_CMTE_06_unavailable_judges_declared_after_planning_refuse_a_docket_change(w):
    """The hand-made docket is re-checked against the day's declared availability (10 of 15 needed)."""
    c, judges, apps, m = planned(w, n_apps=2)
    unavailable(judges[:6], MEETS_ON)
    with pytest.raises(CommitteeError) as err:
        meeting_docket_set(actor=w.office, meeting=m, application_ids=[apps[0].pk], today=TODAY)
    assert err.value.rule == "CMTE-04"
    assert m.docket.count() == 2  # nothing changed


def test_CMTE_06_unavailable_judges_exactly_two_thirds_left_allow_a_docket_change(w):
    c, judges, apps, m = planned(w, n_apps=2)
    unavailable(judges[:5], MEETS_ON)
    meeting_docket_set(actor=w.office, meeting=m, application_ids=[apps[0].pk], today=TODAY)
    assert m.docket.count() == 1


def test_CMTE_04_meeting_close_sets_closed_at_and_publishing_needs_it(w):
    c, judges, apps, m = held(w)
    assert m.closed_at is None
    with pytest.raises(CommitteeError) as err:
        meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    assert err.value.rule == "TITLE-14"
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges])
    for entry in m.docket.all():
        tally_record(actor=w.office, entry=entry, agree=15, disagree=0, abstain=0)
    m = meeting_close(actor=w.office, meeting=m)
    assert m.closed_at is not None and m.state == Meeting.State.HELD
    entry = m.docket.first()
    with pytest.raises(CommitteeError):  # closed: no tally, no second close
        meeting_close(actor=w.office, meeting=m)
    assert entry.agree == 15


def test_migration_backfills_closed_at_of_meetings_closed_before_the_field(w):
    import importlib

    from django.apps import apps as registry

    migration = importlib.import_module("titles.migrations.0006_judge_availability_meeting_closed_at")
    c, _ = approved_committee_with_panel(w)
    closed = Meeting.objects.create(committee=c, meets_on=MEETS_ON, held_on=MEETS_ON, minutes="纪要")
    open_ = Meeting.objects.create(committee=c, meets_on=MEETS_ON)
    migration.backfill_closed_at(registry, None)
    closed.refresh_from_db()
    open_.refresh_from_db()
    assert closed.closed_at is not None and closed.closed_at.date() == MEETS_ON
    assert open_.closed_at is None


# ---------------------------------------------------------------------------------------------------- CMTE-04 deferral


def test_CMTE_04_recusal_at_an_exactly_quorate_meeting_defers_the_applicant_and_the_meeting_closes(w):
    """15 members, exactly 10 present: a relative declared for #1 leaves 9 to vote on #1 — no valid vote; #1 is
    deferred (back to accepted, reason in the minutes and the audit), the others are voted, the meeting closes."""
    from titles.services.committees import docket_entry_defer

    _, judges, apps, m = held(w, members=15)
    present = [j.pk for j in judges[:10]]
    assert attendance_record(actor=w.office, meeting=m, present_judge_ids=present).quorate
    first, second, third = m.docket.order_by("position")
    recusal_declare(actor=w.office, meeting=m, judge=judges[0], application=first.application, reason="relative")
    with pytest.raises(CommitteeError) as err:
        tally_record(actor=w.office, entry=first, agree=9, disagree=0, abstain=0)
    (finding,) = err.value.findings
    assert (finding.scope, finding.actual, finding.limit) == ("recusal_quorum", 9, 10)
    assert "出席 10 人，回避 1 人" in err.value.message and "不得开会" not in err.value.message
    with pytest.raises(CommitteeError, match="未记录票数"):
        meeting_close(actor=w.office, meeting=m)
    with pytest.raises(CommitteeError, match="原因"):
        docket_entry_defer(actor=w.office, entry=first, reason="  ")
    with pytest.raises(PermissionDenied):
        docket_entry_defer(actor=w.other_office, entry=first, reason="回避后不足三分之二")

    docket_entry_defer(actor=w.office, entry=first, reason="回避后参加表决的专家不足三分之二")
    first.refresh_from_db()
    assert first.deferred and first.agree is None
    assert Application.objects.get(pk=first.application_id).state == "accepted"
    assert AuditRecord.objects.filter(transition="docket_entry_defer", subject_id=str(m.pk)).count() == 1
    with pytest.raises(CommitteeError, match="暂缓"):
        tally_record(actor=w.office, entry=first, agree=9, disagree=0, abstain=0)

    tally_record(actor=w.office, entry=second, agree=10, disagree=0, abstain=0, opinion="业绩突出，同意通过。")
    with pytest.raises(CommitteeError, match="已表决"):
        docket_entry_defer(actor=w.office, entry=second, reason="事后暂缓")
    tally_record(actor=w.office, entry=third, agree=3, disagree=7, abstain=0)
    meeting_close(actor=w.office, meeting=m)
    m.refresh_from_db()
    assert m.closed_at is not None and "暂缓评审 1 人" in m.minutes
    states = dict(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("pk", "state"))
    assert states == {first.application_id: "accepted", second.application_id: "passed", third.application_id: "failed"}
    minutes = pdf_text(minutes_pdf(m))
    assert "暂缓评审" in minutes and "回避后参加表决的专家不足三分之二" in minutes
    assert "业绩突出，同意通过。" in minutes  # CMTE-04: the minutes record the opinions with the tallies


def test_CMTE_04_one_more_expert_present_lets_the_recused_applicant_be_voted(w):
    _, judges, _, m = held(w, members=15)
    attendance_record(actor=w.office, meeting=m, present_judge_ids=[j.pk for j in judges[:11]])
    first = m.docket.get(position=1)
    recusal_declare(actor=w.office, meeting=m, judge=judges[0], application=first.application, reason="relative")
    outcome = tally_record(actor=w.office, entry=first, agree=10, disagree=0, abstain=0)
    assert outcome.valid and outcome.base == 10 and outcome.passed


def test_CMTE_04_deferring_before_the_meeting_opens_is_refused(w):
    from titles.services.committees import docket_entry_defer

    _, _, _, m = planned(w)
    with pytest.raises(CommitteeError, match="会议未在进行中"):
        docket_entry_defer(actor=w.office, entry=m.docket.first(), reason="原因")


# ---------------------------------------------------------------------------------------------------- CMTE-04 at the opening


def test_CMTE_04_meeting_open_refuses_a_committee_whose_panel_is_even(w):
    c, judges, _, m = planned(w, members=15)
    CommitteeSeat.objects.filter(committee=c, judge=judges[-1]).delete()  # 14 left: no longer a valid committee
    meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=m, approved_on=MEETS_ON - timedelta(days=3))
    with pytest.raises(CommitteeError, match="单数") as err:
        meeting_open(actor=w.office, meeting=m, today=MEETS_ON)
    assert err.value.rule == "CMTE-04"
    m.refresh_from_db()
    assert m.state == Meeting.State.PLAN_APPROVED


def test_CMTE_04_meeting_open_refuses_a_senior_committee_by_series_below_25_experts(w):
    c, judges, _, m = planned(w, members=25, levels=("deputy_senior",))
    meeting_plan_file(actor=w.office, meeting=m, filed_on=MEETS_ON - timedelta(days=7))
    meeting_plan_approve(actor=w.hr, meeting=m, approved_on=MEETS_ON - timedelta(days=3))
    CommitteeSeat.objects.filter(committee=c, judge__in=judges[-2:]).delete()  # 23: odd but below 25
    with pytest.raises(CommitteeError, match="不少于 25"):
        meeting_open(actor=w.office, meeting=m, today=MEETS_ON)


# ---------------------------------------------------------------------------------------------------- TITLE-15 report


def test_TITLE_15_filing_report_is_kept_and_rendered_as_a_pdf(w):
    from titles.documents_committees import filing_report_pdf

    c, m, passed, failed = closed_meeting(w)
    publicity = meeting_results_publish(actor=w.office, meeting=m, today=MEETS_ON)
    publicity_close(publicity=publicity, today=publicity.ends_on + timedelta(days=1))
    meeting_results_file(actor=w.office, meeting=m, today=date(2023, 9, 1), report="公示期间未收到异议，评审结果有效。")
    m.refresh_from_db()
    assert (m.filing_report, m.results_filed_on) == ("公示期间未收到异议，评审结果有效。", date(2023, 9, 1))
    text = pdf_text(filing_report_pdf(m)).replace(" ", "")
    assert "职称评审结果核准备案报告" in text and "公示期间未收到异议，评审结果有效。" in text
    assert "2023-08-16至2023-08-22" in text and "公示期间未收到举报投诉" in text
    assert passed.applicant.first_name in text and failed.applicant.first_name not in text
