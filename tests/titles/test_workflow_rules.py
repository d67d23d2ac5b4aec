"""Rules of the review steps: FLOW-03, FLOW-04, FLOW-06, TITLE-08, TITLE-14, TITLE-15, batches."""

from __future__ import annotations

from datetime import date

import pytest

from tests.titles.factories import TODAY, application, world
from titles.models import CorrectionNotice, ReviewDecision
from titles.services import workflow as wf
from workflow.models import AuditRecord, Publicity
from workflow.permissions import PermissionDenied

pytestmark = pytest.mark.django_db


# --- FLOW-04 ------------------------------------------------------------------------------------------------------


def test_flow_04_second_notice_at_the_same_step_refused():
    w = world()
    app = application(w, "dept_review")
    wf.correction_notice_issue(application=app, actor=w.dept, items=[{"item": "work_summary", "note": "缺"}],
                               deadline=date(2023, 7, 14), today=TODAY)  # fmt: skip
    wf.correction_answer(application=app.pk, actor=app.applicant, note="已补", changed_items=["work_summary"],
                         today=TODAY)  # fmt: skip
    audits = AuditRecord.objects.count()
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-04") as exc:
        wf.correction_notice_issue(application=app.pk, actor=w.dept, items=[{"item": "other", "note": "再补"}],
                                   deadline=date(2023, 7, 20), today=TODAY)  # fmt: skip
    assert "不能再次告知" in exc.value.message
    assert CorrectionNotice.objects.filter(application=app).count() == 1
    assert AuditRecord.objects.count() == audits


def test_flow_04_notice_lists_every_item_with_a_note():
    w = world()
    app = application(w, "dept_review")
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-04"):
        wf.correction_notice_issue(application=app, actor=w.dept, items=[], deadline=date(2023, 7, 14), today=TODAY)
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-04"):
        wf.correction_notice_issue(application=app, actor=w.dept, items=[{"item": "work_summary", "note": ""}],
                                   deadline=date(2023, 7, 14), today=TODAY)  # fmt: skip
    notice = wf.correction_notice_issue(
        application=app, actor=w.dept, deadline=date(2023, 7, 14), today=TODAY,
        items=[{"item": "work_summary", "note": "未盖章"}, {"item": "annual_assessments", "note": "缺 2022 年"}],
    )  # fmt: skip
    assert notice.item_keys == {"work_summary", "annual_assessments"}
    assert wf.correction_allowed_items(notice.application) == {"work_summary", "annual_assessments"}


def test_flow_04_applicant_may_change_only_listed_items():
    w = world()
    app = application(w, "correction")  # the notice lists annual_assessments
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-04") as exc:
        wf.correction_answer(application=app, actor=app.applicant, note="改了", today=TODAY,
                             changed_items=["annual_assessments", "representative_works"])  # fmt: skip
    assert "只能修改" in exc.value.message
    app.refresh_from_db()
    assert app.state == "correction"
    notice = wf.correction_answer(application=app, actor=app.applicant, note="已补 2022 年考核表", today=TODAY,
                                  changed_items=["annual_assessments"])  # fmt: skip
    assert notice.state == "answered"


def test_flow_04_answer_on_the_deadline_day_is_in_time_flow_01():
    w = world()
    app = application(w, "correction")
    wf.correction_answer(application=app, actor=app.applicant, note="ok", changed_items=[], today=date(2023, 7, 14))
    app.refresh_from_db()
    assert app.state == "dept_review"


def test_flow_04_expiry_across_a_makeup_weekend():
    """FLOW-02/04: issued Friday 21 April 2023 with one working day → the deadline is Sunday 23 April, a make-up
    working day (调休上班); on that Sunday nothing expires, on Monday 24 April the application is withdrawn."""
    w = world()
    app = application(w, "dept_review")
    notice = wf.correction_notice_issue(application=app, actor=w.dept, working_days=1, today=date(2023, 4, 21),
                                        items=[{"item": "work_summary", "note": "缺"}])  # fmt: skip
    assert notice.deadline == date(2023, 4, 23)
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-04"):
        wf.correction_notice_expire(notice=notice, today=date(2023, 4, 23))
    app = wf.correction_notice_expire(notice=notice.pk, today=date(2023, 4, 24))
    assert app.state == "withdrawn"
    record = AuditRecord.objects.filter(transition="correction_notice_expire").get()
    assert record.actor is None and record.actor_name == "系统"
    notice.refresh_from_db()
    assert notice.state == "expired"
    with pytest.raises(wf.AlreadyHandled):  # idempotent: a second run changes nothing
        wf.correction_notice_expire(notice=notice.pk, today=date(2023, 4, 25))


# --- FLOW-06 / TITLE-08 -------------------------------------------------------------------------------------------


def test_flow_06_recommendation_signature_stored():
    w = world()
    app = application(w, "unit_publicity")
    wf.unit_recommend(application=app, actor=w.unit_hr, opinion="具备中级资格条件", selection_method="民主测评",
                      pledged=True, today=TODAY)  # fmt: skip
    decision = ReviewDecision.objects.get(application=app)
    assert decision.reviewer == w.unit_hr and decision.reviewer_name == "王芳"
    assert decision.organisation == w.unit
    assert decision.decided_on == TODAY
    assert decision.selection_method == "民主测评"
    assert "无异议" in decision.opinion and "具备中级资格条件" in decision.opinion


def test_title_08_recommend_needs_the_pledge_and_a_selection_method():
    w = world()
    app = application(w, "unit_publicity")
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-08"):
        wf.unit_recommend(application=app, actor=w.unit_hr, opinion="x", selection_method="y", pledged=False)
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-08"):
        wf.unit_recommend(application=app, actor=w.unit_hr, opinion="x", selection_method=" ", pledged=True)


def test_flow_03_publicity_end_computed_and_close_blocked_by_objection():
    """FLOW-03: started Monday 3 July 2023 → last day Friday 7 July; an objection blocks closing and the
    recommendation; upheld → the unit cannot recommend."""
    w = world()
    apps = [application(w, "unit_review") for _ in range(3)]
    batch = wf.unit_publicity_start(applications=apps, actor=w.unit_hr, starts_on=TODAY, today=TODAY)
    assert batch.publicity.ends_on == date(2023, 7, 7)
    assert {a.state for a in batch.applications} == {"unit_publicity"}
    first = batch.applications[0]
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-08"):
        wf.unit_recommend(application=first, actor=w.unit_hr, opinion="x", selection_method="y", pledged=True)
    objection = wf.unit_objection_raise(application=first, actor=w.unit_hr, content="论文抄袭", raised_on=TODAY)
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-03"):
        wf.unit_publicity_close(publicity=batch.publicity, actor=w.unit_hr, today=date(2023, 7, 10))
    wf.unit_objection_resolve(objection=objection, actor=w.unit_hr, upheld=True, note="经核查属实")
    wf.unit_publicity_close(publicity=batch.publicity, actor=w.unit_hr, today=date(2023, 7, 10))
    with pytest.raises(wf.TitleWorkflowError, match="异议成立"):
        wf.unit_recommend(application=first.pk, actor=w.unit_hr, opinion="x", selection_method="y", pledged=True)
    second = wf.unit_recommend(application=batch.applications[1].pk, actor=w.unit_hr, opinion="x",
                               selection_method="y", pledged=True, today=date(2023, 7, 10))  # fmt: skip
    assert second.state == "recommended"
    assert wf.application_reject(application=first.pk, actor=w.unit_hr, reason="异议成立").state == "rejected"


def test_unit_publicity_batch_is_all_or_nothing():
    w = world()
    good = [application(w, "unit_review") for _ in range(2)]
    wrong_state = application(w, "submitted")
    other_unit = application(w, "unit_review", unit=w.other_unit)
    audits = AuditRecord.objects.count()
    with pytest.raises(wf.BatchRefused) as exc:
        wf.unit_publicity_start(applications=[*good, wrong_state, other_unit], actor=w.unit_hr, starts_on=TODAY,
                                today=TODAY)  # fmt: skip
    refused = {f.application_id for f in exc.value.failures}
    assert {wrong_state.pk, other_unit.pk} <= refused
    assert AuditRecord.objects.count() == audits
    assert not Publicity.objects.exists()
    for app in good:
        app.refresh_from_db()
        assert app.state == "unit_review"


def test_batch_forward_all_or_nothing_reports_each_refusal():
    w = world()
    ok = application(w, "dept_review")
    bad = application(w, "recommended")
    with pytest.raises(wf.BatchRefused) as exc:
        wf.applications_batch(service=wf.dept_forward, applications=[ok.pk, bad.pk], actor=w.dept, opinion="同意",
                              today=TODAY)  # fmt: skip
    assert [f.application_id for f in exc.value.failures] == [bad.pk]
    ok.refresh_from_db()
    assert ok.state == "dept_review" and not ReviewDecision.objects.exists()
    wf.applications_batch(service=wf.dept_forward, applications=[ok.pk], actor=w.dept, opinion="同意", today=TODAY)
    ok.refresh_from_db()
    assert ok.state == "hr_review"


# --- TITLE-14 -----------------------------------------------------------------------------------------------------


def test_title_14_complaint_routing_by_kind():
    w = world()
    app = application(w, "result_publicity")
    process = wf.result_complaint_raise(application=app, actor=w.office, kind="process", content="评审程序违规",
                                        raised_on=TODAY)  # fmt: skip
    assert set(process.routed_to.all()) == {w.organiser}
    authenticity = wf.result_complaint_raise(application=app.pk, actor=w.office, kind="authenticity",
                                             content="业绩造假", raised_on=TODAY)  # fmt: skip
    assert set(authenticity.routed_to.all()) == {w.city_hr, w.unit}
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-14"):  # an open complaint blocks the filing
        wf.result_file(application=app.pk, actor=w.hr, today=TODAY)
    wf.result_complaint_resolve(complaint=process, actor=w.office, upheld=False, note="程序合规")
    with pytest.raises(PermissionDenied):  # the unit of another applicant may not resolve it
        wf.result_complaint_resolve(complaint=authenticity, actor=w.other_unit_hr, upheld=False, note="x")
    wf.result_complaint_resolve(complaint=authenticity, actor=w.unit_hr, upheld=False, note="材料属实")
    assert wf.result_file(application=app.pk, actor=w.hr, today=TODAY).state == "filed"


def test_title_14_result_publicity_five_working_days():
    w = world()
    apps = [application(w, "passed") for _ in range(2)]
    batch = wf.result_publicity_start(applications=apps, actor=w.office, starts_on=date(2023, 9, 28),
                                      today=date(2023, 9, 28))  # fmt: skip
    # 28, (29 Sep – 6 Oct holidays), 7 Oct Saturday make-up day, 8 Oct Sunday make-up day, 9, 10 → ends 10 Oct
    assert batch.publicity.ends_on == date(2023, 10, 10)
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-14"):
        wf.result_file(application=apps[0].pk, actor=w.hr, today=date(2023, 10, 10))


# --- TITLE-15 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review_end", "deadline"),
    [
        (date(2023, 6, 20), date(2023, 7, 20)),
        (date(2023, 1, 31), date(2023, 2, 28)),
        (date(2023, 12, 5), date(2024, 1, 5)),
    ],
)
def test_title_15_filing_deadline_one_month(review_end, deadline):
    assert wf.result_filing_deadline(review_end) == deadline


def test_title_15_filing_exactly_one_month_ok_one_day_more_needs_reason():
    w = world()
    on_time = application(w, "result_publicity")  # review ended 20 June 2023
    assert wf.result_file(application=on_time, actor=w.hr, today=date(2023, 7, 20)).state == "filed"
    late = application(w, "result_publicity")
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-15"):
        wf.result_file(application=late, actor=w.hr, today=date(2023, 7, 21))
    late.refresh_from_db()
    assert late.state == "result_publicity"
    filed = wf.result_file(application=late, actor=w.hr, today=date(2023, 7, 21), late_reason="投诉调查延期")
    assert filed.state == "filed"
    assert "逾期" in ReviewDecision.objects.filter(application=late).get().opinion


def test_title_15_certificate_number_code_and_effective_date():
    w = world()
    app = application(w, "filed")
    certificate = wf.certificate_issue(application=app, actor=w.hr, today=TODAY)
    assert certificate.effective_on == date(2023, 6, 20)
    assert len(certificate.verification_code) == 16
    assert certificate.holder_name == app.applicant.first_name
    other = wf.certificate_issue(application=application(w, "filed"), actor=w.hr, today=TODAY)
    assert other.verification_code != certificate.verification_code
    assert other.number != certificate.number


# --- TITLE-09 -----------------------------------------------------------------------------------------------------


def test_TITLE_09_supervising_department_forwards_a_compliant_application_with_its_signature():
    w = world()
    app = application(w, "dept_review")
    wf.dept_forward(application=app, actor=w.dept, opinion="材料齐全，同意报送", today=TODAY)
    app.refresh_from_db()
    assert app.state == "hr_review"
    decision = ReviewDecision.objects.get(application=app, step="dept_review")
    assert (decision.decision, decision.opinion, decision.organisation) == ("forward", "材料齐全，同意报送", w.city_edu)
    assert AuditRecord.objects.filter(subject_id=str(app.pk), transition="dept_forward").count() == 1


def test_TITLE_09_a_department_that_does_not_supervise_the_unit_cannot_forward():
    w = world()
    app = application(w, "dept_review")  # a unit supervised by the education bureau
    other = w.other_dept  # the health commission's reviewer
    audits = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        wf.dept_forward(application=app, actor=other, opinion="同意", today=TODAY)
    app.refresh_from_db()
    assert app.state == "dept_review" and AuditRecord.objects.count() == audits


# --- TITLE-10 -----------------------------------------------------------------------------------------------------


def _tight_world(vacant_intermediate: int):
    """Unit A's filed scheme has exactly ``vacant_intermediate`` vacant intermediate posts (grades 8–10)."""
    from posts.models import Scheme

    w = world()
    Scheme.objects.filter(pk=w.scheme.pk).update(
        professional={"5": 2, "6": 4, "7": 4, "8": 3, "9": 4, "10": 3, "11": 5, "12": 5},
        appointed={"professional": {"8": 3, "9": 4, "10": 3 - vacant_intermediate}},
    )
    return w


def _recommend(w, app):
    return wf.unit_recommend(application=app, actor=w.unit_hr, opinion="具备资格条件", selection_method="民主测评",
                             pledged=True, today=TODAY)  # fmt: skip


def test_TITLE_10_applications_exactly_at_the_vacancies_may_be_recommended():
    w = _tight_world(vacant_intermediate=2)
    first, second = application(w, "unit_publicity"), application(w, "unit_publicity")
    _recommend(w, first)
    _recommend(w, second)
    assert {a.state for a in type(first).objects.filter(pk__in=[first.pk, second.pk])} == {"recommended"}


def test_TITLE_10_one_application_beyond_the_vacancies_cannot_be_recommended():
    w = _tight_world(vacant_intermediate=2)
    apps = [application(w, "unit_publicity") for _ in range(3)]
    audits = AuditRecord.objects.count()
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-10") as exc:
        _recommend(w, apps[0])
    assert "3" in exc.value.message and "2" in exc.value.message
    assert AuditRecord.objects.count() == audits
    assert not ReviewDecision.objects.filter(application__in=apps).exists()
    # The unit chooses: once it declines one (不予推荐), the other two fit the vacancies.
    wf.application_reject(application=apps[2], actor=w.unit_hr, reason="民主测评排名靠后，不予推荐", today=TODAY)
    _recommend(w, apps[0])
    _recommend(w, apps[1])


def test_TITLE_10_GREEN_01_green_channel_is_not_limited_by_vacancies():
    w = _tight_world(vacant_intermediate=0)
    app = application(w, "unit_publicity", route="green_channel", green_category=6)
    _recommend(w, app)
    app.refresh_from_db()
    assert app.state == "recommended"


def test_TITLE_10_an_institution_without_a_filed_scheme_cannot_recommend():
    from posts.models import Scheme

    w = world()
    Scheme.objects.filter(pk=w.scheme.pk).delete()
    app = application(w, "unit_publicity")
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-10"):
        _recommend(w, app)


# --- TITLE-11 -----------------------------------------------------------------------------------------------------


def _forward(w, app):
    return wf.region_forward(application=app, actor=w.hr, today=TODAY)


def _teacher_full_senior(w, **fields):
    return application(w, "hr_review", level="full_senior", committee_key="region-senior",
                       committee_name="自治区中小学教师正高级评委会", **fields)  # fmt: skip


def test_TITLE_11_city_hr_forwards_exactly_the_allotted_teacher_full_senior_total():
    w = world()
    type(w.year).objects.filter(pk=w.year.pk).update(teacher_full_senior_quota=2)
    first, second = _teacher_full_senior(w), _teacher_full_senior(w)
    _forward(w, first)
    _forward(w, second)
    assert {a.state for a in type(first).objects.filter(pk__in=[first.pk, second.pk])} == {"forwarded"}


def test_TITLE_11_one_more_than_the_allotted_total_is_refused():
    w = world()
    type(w.year).objects.filter(pk=w.year.pk).update(teacher_full_senior_quota=2)
    for _ in range(2):
        _forward(w, _teacher_full_senior(w))
    third = _teacher_full_senior(w)
    audits = AuditRecord.objects.count()
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-11") as exc:
        _forward(w, third)
    assert "3" in exc.value.message and "2" in exc.value.message
    third.refresh_from_db()
    assert third.state == "hr_review" and AuditRecord.objects.count() == audits


def test_TITLE_11_GREEN_01_green_channel_is_not_counted_against_the_total():
    w = world()
    type(w.year).objects.filter(pk=w.year.pk).update(teacher_full_senior_quota=0)
    app = _teacher_full_senior(w, route="green_channel", green_category=2)  # GREEN-03: categories 1–5 → region
    _forward(w, app)
    app.refresh_from_db()
    assert app.state == "forwarded"


# --- FLOW-03 / TITLE-14: the committee office closes its result publicity ---------------------------------------


def _published(w, starts_on=TODAY):
    apps = [application(w, "passed") for _ in range(2)]
    return wf.result_publicity_start(applications=apps, actor=w.office, starts_on=starts_on, today=starts_on)


def test_flow_03_result_publicity_closed_by_its_office_after_the_last_day():
    """Started Monday 3 July → last day Friday 7 July: closable on Monday 10 July, not on the 7th; audited."""
    w = world()
    batch = _published(w)
    assert batch.publicity.ends_on == date(2023, 7, 7)
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-03"):
        wf.result_publicity_close(publicity=batch.publicity, actor=w.office, today=date(2023, 7, 7))
    publicity = wf.result_publicity_close(publicity=batch.publicity.pk, actor=w.office, today=date(2023, 7, 10))
    assert publicity.state == "closed"
    record = AuditRecord.objects.filter(transition="publicity_close").get()
    assert (record.actor, record.role, record.organisation) == (w.office, "committee_office", w.organiser)
    app = wf.result_file(application=batch.applications[0].pk, actor=w.hr, today=date(2023, 7, 10))
    assert app.state == "filed"


@pytest.mark.parametrize("who", ["other_office", "unit_hr", "hr", "applicant"])
def test_flow_03_result_publicity_closed_only_by_its_office(who):
    w = world()
    batch = _published(w)
    with pytest.raises(PermissionDenied):
        wf.result_publicity_close(publicity=batch.publicity, actor=getattr(w, who), today=date(2023, 7, 10))
    with pytest.raises(PermissionDenied):  # and a unit publicity is no office's
        wf.unit_publicity_close(publicity=batch.publicity, actor=w.office, today=date(2023, 7, 10))
    batch.publicity.refresh_from_db()
    assert batch.publicity.state == "open"


def test_title_14_open_complaint_blocks_the_close_by_hand_and_by_the_beat_task():
    """FLOW-03: a complaint raised during the result publicity stops its close like an objection — the office's
    and ``publicity_close_due``'s; resolved, it closes."""
    from workflow import clock
    from workflow.tasks import publicity_close_due

    w = world()
    batch = _published(w)
    complaint = wf.result_complaint_raise(application=batch.applications[0], actor=w.office, kind="process",
                                          content="评审程序违规", raised_on=date(2023, 7, 5))  # fmt: skip
    with pytest.raises(wf.TitleWorkflowError, match="FLOW-03"):
        wf.result_publicity_close(publicity=batch.publicity, actor=w.office, today=date(2023, 7, 10))
    with clock.at(date(2023, 7, 10)):
        assert publicity_close_due() == 0
    batch.publicity.refresh_from_db()
    assert batch.publicity.state == "open"
    wf.result_complaint_resolve(complaint=complaint, actor=w.office, upheld=False, note="程序合规")
    with clock.at(date(2023, 7, 10)):
        assert publicity_close_due() == 1
    batch.publicity.refresh_from_db()
    assert batch.publicity.state == "closed"


def test_title_08_recommend_button_hidden_until_the_unit_publicity_closed():
    """The predicate that refuses the recommendation also hides its button (FSM condition)."""
    from titles.permissions import available_actions

    w = world()
    apps = [application(w, "unit_review")]
    batch = wf.unit_publicity_start(applications=apps, actor=w.unit_hr, starts_on=TODAY, today=TODAY)
    app = batch.applications[0]
    assert "unit_recommend" not in available_actions(w.unit_hr, app)
    assert "unit_objection" in available_actions(w.unit_hr, app)
    wf.unit_publicity_close(publicity=batch.publicity, actor=w.unit_hr, today=date(2023, 7, 10))
    app.refresh_from_db()
    assert "unit_recommend" in available_actions(w.unit_hr, app)
    assert "unit_objection" not in available_actions(w.unit_hr, app)


def test_title_14_file_button_hidden_while_the_result_publicity_runs():
    from titles.permissions import available_actions

    w = world()
    batch = _published(w)
    app = batch.applications[0]
    assert "result_file" not in available_actions(w.hr, app)
    wf.result_publicity_close(publicity=batch.publicity, actor=w.office, today=date(2023, 7, 10))
    app.refresh_from_db()
    assert "result_file" in available_actions(w.hr, app)


def test_flow_05_objection_raised_and_resolved_are_in_the_applications_trail():
    from django.contrib.contenttypes.models import ContentType

    from titles.models import Application

    w = world()
    batch = wf.unit_publicity_start(applications=[application(w, "unit_review")], actor=w.unit_hr, starts_on=TODAY,
                                    today=TODAY)  # fmt: skip
    app = batch.applications[0]
    objection = wf.unit_objection_raise(application=app, actor=w.unit_hr, content="论文抄袭", raised_on=TODAY)
    wf.unit_objection_resolve(objection=objection, actor=w.unit_hr, upheld=False, note="经核查不成立")
    ct = ContentType.objects.get_for_model(Application)
    trail = list(
        AuditRecord.objects.filter(subject_type=ct, subject_id=str(app.pk)).values_list("transition", flat=True)
    )
    assert trail == ["unit_publicity_start", "unit_objection_raise", "unit_objection_resolve"]


def test_title_15_one_filing_deadline_for_the_workflow_and_the_committees():
    """TITLE-15's one month is computed once (``result_filing_deadline``); the meeting's deadline is the same."""
    from titles.models import Meeting
    from titles.services.committees import results_filing_deadline

    for held_on in (date(2023, 1, 31), date(2023, 8, 15), date(2023, 12, 31), date(2024, 1, 31)):
        assert results_filing_deadline(Meeting(held_on=held_on, meets_on=held_on)) == wf.result_filing_deadline(held_on)
    assert wf.result_filing_deadline(date(2024, 1, 31)) == date(2024, 2, 29)
