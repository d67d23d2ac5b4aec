"""Routing and the side paths of the review (TITLE-06/07, GREEN-03, RECOG, TITLE-15): which committee or the region,
who sends a district's senior application up, the region's results coming back and being filed, the city's green
channel, effective dates, refusals with reasons, stale copies."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.titles.factories import TODAY, application, world
from titles.models import Application
from titles.services import workflow as wf
from workflow.models import AuditRecord
from workflow.permissions import PermissionDenied

pytestmark = pytest.mark.django_db


def _audit_count(app) -> int:
    ct = ContentType.objects.get_for_model(Application)
    return AuditRecord.objects.filter(subject_type=ct, subject_id=str(app.pk)).count()


def test_region_forward_only_when_routed_to_region():
    """TITLE-06: senior not delegated (engineering 副高, city unit) → routed to the region, then forwarded."""
    from titles.models import Series

    w = world()
    app = application(w, "hr_review", series=Series.objects.get(key="engineering"), level="deputy_senior",
                      committee_key="", committee_name="")  # fmt: skip
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-06"):
        wf.region_forward(application=app, actor=w.hr, today=TODAY)
    app = wf.hr_route(application=app.pk, actor=w.hr, today=TODAY)
    assert app.committee_key.startswith("region")
    assert "内蒙古自治区" in app.committee_name
    with pytest.raises(PermissionDenied):  # the region's committee is no city office's
        wf.committee_accept(application=app, actor=w.office)
    app = wf.region_forward(application=app, actor=w.hr, today=TODAY)
    assert app.state == "forwarded"


@pytest.mark.parametrize(("category", "to_region"), [(1, True), (3, True), (5, True), (6, False), (7, False)])
def test_green_channel_routing_green_03(category, to_region):
    """GREEN-03: categories 1–5 → the region's green-channel senior committee; 6–8 → the normal committee (8, the
    city's own channel, after its consent: ``test_GREEN_03_city_channel_*``)."""
    w = world()
    app = application(w, "hr_review", route="green_channel", green_category=category, committee_key="")
    app = wf.hr_route(application=app, actor=w.hr, today=TODAY)
    assert app.committee_key.startswith("region") is to_region
    if to_region:
        assert app.committee_name == "内蒙古自治区绿色通道高级职称评审委员会"
    else:
        assert app.committee_key == w.organiser.code


def test_recognition_approve_effective_date_is_approval_date_title_15():
    w = world()
    app = application(w, "hr_review", route="recognition", committee_key="")
    with pytest.raises(wf.TitleWorkflowError, match="RECOG"):
        wf.hr_route(application=app, actor=w.hr, today=TODAY)
    app = wf.recognition_approve(application=app, actor=w.hr, opinion="符合 RECOG-01", today=date(2023, 7, 5))
    assert app.state == "recognised"
    assert app.effective_on == date(2023, 7, 5)


def test_vote_result_effective_date_is_committee_date_title_15():
    w = world()
    app = application(w, "scheduled")
    app = wf.vote_result_record(application=app, actor=w.office, passed=True, decided_on=date(2023, 8, 15))
    assert app.effective_on == date(2023, 8, 15)
    failed = wf.vote_result_record(application=application(w, "scheduled"), actor=w.office, passed=False,
                                   decided_on=date(2023, 8, 15))  # fmt: skip
    assert failed.state == "failed" and failed.effective_on is None


def test_reject_requires_reason():
    w = world()
    app = application(w, "unit_review")
    with pytest.raises(wf.TitleWorkflowError, match="理由"):
        wf.application_reject(application=app, actor=w.unit_hr, reason="  ", today=TODAY)
    app.refresh_from_db()
    assert app.state == "unit_review"


def test_stale_copy_is_already_handled():
    """Two officers on the same page: the second one's copy is stale → 已被处理, nothing changes."""
    w = world()
    app = application(w, "submitted")
    stale = Application.objects.get(pk=app.pk)
    wf.unit_review_start(application=app, actor=w.unit_hr)
    with pytest.raises(wf.AlreadyHandled, match="已被处理"):
        wf.unit_review_start(application=stale, actor=w.unit_hr)
    assert _audit_count(app) == 1


# --- TITLE-15: a region-reviewed result comes back, is filed by the region and recorded, then certified ----------


def _region_passed(w, **fields):
    from tests.titles.workflow_world import case

    return case(w, "region", "passed", **fields)


def test_TITLE_15_region_result_recorded_filed_and_certified():
    """The whole region path ends: routed → forwarded → the region's result → the region's filing → certificate."""
    from tests.titles.workflow_world import case, review_world
    from titles.models import ReviewDecision

    w = review_world()
    app = case(w, "region", "hr_review", committee_key="", committee_name="")
    app = wf.hr_route(application=app, actor=w.hr, today=TODAY)
    app = wf.region_forward(application=app, actor=w.hr, today=TODAY)
    app = wf.region_outcome_record(application=app, actor=w.hr, passed=True, decided_on=date(2023, 8, 10))
    assert app.state == "passed" and app.effective_on == date(2023, 8, 10)
    with pytest.raises(wf.BatchRefused):  # the region publishes its own results (Doc B §五(三))
        wf.result_publicity_start(applications=[app], actor=w.hr, starts_on=TODAY, today=TODAY)
    app = wf.region_filing_record(application=app, actor=w.hr, document="内人社职改字〔2023〕12号",
                                  filed_on=date(2023, 9, 20), today=date(2023, 9, 25))  # fmt: skip
    assert app.state == "filed"
    signed = ReviewDecision.objects.filter(application=app, decision="file").get()
    assert "内人社职改字〔2023〕12号" in signed.opinion and signed.organisation == w.city_hr
    certificate = wf.certificate_issue(application=app, actor=w.hr, today=date(2023, 9, 26))
    app.refresh_from_db()
    assert app.state == "certified" and certificate.effective_on == date(2023, 8, 10)
    assert certificate.title_name == "高级工程师"  # the official title name (TITLE-15 certificate)


@pytest.mark.parametrize(
    ("filed_on", "ok"),
    [(date(2023, 6, 19), False), (date(2023, 6, 20), True), (TODAY, True), (TODAY + timedelta(days=1), False)],
)
def test_TITLE_15_region_filing_date_between_the_review_and_today(filed_on, ok):
    """The region's filing date lies between the date the region passed the applicant (20 June) and today."""
    from tests.titles.workflow_world import review_world

    w = review_world()
    app = _region_passed(w)
    record = lambda: wf.region_filing_record(  # noqa: E731
        application=app.pk, actor=w.hr, document="内人社职改字〔2023〕12号", filed_on=filed_on, today=TODAY
    )
    if ok:
        assert record().state == "filed"
    else:
        with pytest.raises(wf.TitleWorkflowError, match="TITLE-15"):
            record()
        app.refresh_from_db()
        assert app.state == "passed" and _audit_count(app) == 0


def test_TITLE_15_a_city_committees_result_is_not_recorded_as_the_regions():
    w = world()
    app = application(w, "passed")
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-15"):
        wf.region_filing_record(application=app, actor=w.hr, document="x", filed_on=TODAY, today=TODAY)


# --- TITLE-07: a district's senior application goes up through city HR; the directional chain -------------------


def test_TITLE_07_district_senior_goes_from_district_hr_to_city_hr_to_the_region():
    from tests.titles.workflow_world import case, review_world
    from titles.permissions import available_actions

    w = review_world()
    app = case(w, "district", "hr_review")
    assert set(available_actions(w.district_hr, app)) >= {"city_hr_forward", "application_reject"}
    assert not {"hr_route", "region_forward", "committee_accept"} & set(available_actions(w.district_hr, app))
    assert available_actions(w.hr, app) == {}  # city HR has nothing to do yet
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-07"):
        wf.hr_route(application=app, actor=w.district_hr, today=TODAY)
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-07"):
        wf.region_forward(application=app, actor=w.district_hr, today=TODAY)
    app = wf.city_hr_forward(application=app, actor=w.district_hr, opinion="审核汇总，报市人社局", today=TODAY)
    assert app.state == "city_hr_review"
    with pytest.raises(PermissionDenied):  # from here on it is city HR's
        wf.hr_route(application=app, actor=w.district_hr, today=TODAY)
    app = wf.hr_route(application=app, actor=w.hr, today=TODAY)
    assert app.committee_key == "region-senior"
    app = wf.region_forward(application=app, actor=w.hr, today=TODAY)
    assert app.state == "forwarded"
    with pytest.raises(PermissionDenied):
        wf.region_outcome_record(application=app, actor=w.district_hr, passed=True, decided_on=TODAY)
    app = wf.region_outcome_record(application=app, actor=w.hr, passed=True, decided_on=TODAY)
    assert app.state == "passed"


def test_TITLE_07_district_intermediate_stays_with_the_district_hr():
    """Intermediate/junior: unit → same-level department → same-level HR, which routes it (no city HR step)."""
    from tests.titles.workflow_world import case, review_world
    from titles.permissions import available_actions

    w = review_world()
    app = case(w, "district", "hr_review", level="intermediate")
    assert "city_hr_forward" not in available_actions(w.district_hr, app)
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-07"):
        wf.city_hr_forward(application=app, actor=w.district_hr, opinion="x", today=TODAY)


def test_TITLE_07_city_hr_sees_a_district_case_only_once_it_was_sent_up(client):
    from django.urls import reverse

    from tests.titles.workflow_world import case, review_world

    w = review_world()
    waiting = case(w, "district", "hr_review")
    sent = case(w, "district", "city_hr_review")
    client.force_login(w.hr)
    assert client.get(reverse("titles:review_detail", args=[waiting.pk])).status_code == 404
    page = client.get(reverse("titles:review_detail", args=[sent.pk]))
    assert page.status_code == 200 and 'data-action="hr_route"' in page.content.decode()
    listed = client.get(reverse("titles:review_list")).content.decode()
    assert f'data-application="{sent.pk}"' in listed and f'data-application="{waiting.pk}"' not in listed


def test_TITLE_07_directional_senior_district_recheck_district_department_city_department():
    """Directional senior: unit → district department → district HR re-check → district department → city
    department (of the series, attachment 2), which sends it to the committee its routing row names."""
    from tests.titles.workflow_world import case, review_world
    from titles.models import ReviewDecision
    from titles.permissions import available_actions

    w = review_world()
    app = case(w, "directional", "hr_review", committee_key="", committee_name="")
    assert "city_hr_forward" not in available_actions(w.district_hr, app)
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-07"):  # route first
        wf.directional_recheck(application=app, actor=w.district_hr, opinion="复核通过", today=TODAY)
    app = wf.hr_route(application=app, actor=w.district_hr, today=TODAY)
    assert app.committee_key == "region-directional"
    with pytest.raises(wf.TitleWorkflowError, match="TITLE-07"):
        wf.region_forward(application=app, actor=w.district_hr, today=TODAY)
    app = wf.directional_recheck(application=app, actor=w.district_hr, opinion="复核通过", today=TODAY)
    assert app.state == "dept_report"
    with pytest.raises(PermissionDenied):
        wf.dept_report_city(application=app, actor=w.dept, opinion="x", today=TODAY)  # not the unit's department
    app = wf.dept_report_city(application=app, actor=w.district_dept, opinion="同意上报", today=TODAY)
    assert app.state == "city_dept_review"
    assert "region_forward" in available_actions(w.city_dept, app)
    with pytest.raises(PermissionDenied):  # city HR is not the sender here ("经市级行业主管部门报送")
        wf.region_forward(application=app, actor=w.hr, today=TODAY)
    app = wf.region_forward(application=app, actor=w.city_dept, today=TODAY)
    assert app.state == "forwarded"
    steps = list(ReviewDecision.objects.filter(application=app).values_list("step", "decision", "organisation"))
    assert steps == [
        ("hr_review", "approve", w.haibowan_hr.pk),
        ("hr_review", "recheck", w.haibowan_hr.pk),
        ("dept_report", "forward", w.haibowan_edu.pk),
        ("city_dept_review", "forward", w.city_sasac.pk),
    ]


def test_TITLE_07_a_city_department_of_another_series_does_not_reach_the_case(client):
    from django.urls import reverse

    from tests.titles.factories import org, person
    from tests.titles.workflow_world import case, review_world
    from workflow.models import Organisation, Role

    w = review_world()
    app = case(w, "directional", "city_dept_review")
    other = person("water_dept", Role.DEPT_REVIEWER,
                   org("city-water", Organisation.Kind.DEPARTMENT, series_received=["water_engineering"]))  # fmt: skip
    with pytest.raises(PermissionDenied):
        wf.region_forward(application=app, actor=other, today=TODAY)
    client.force_login(other)
    assert client.get(reverse("titles:review_detail", args=[app.pk])).status_code == 404
    client.force_login(w.city_dept)
    assert client.get(reverse("titles:review_detail", args=[app.pk])).status_code == 200


# --- GREEN-03: the city's green channel (Doc A §五(四)3), one case one decision ----------------------------------


def test_GREEN_03_city_channel_intermediate_needs_the_leading_groups_consent():
    from tests.titles.workflow_world import case, review_world
    from titles.models import ReviewDecision
    from titles.permissions import available_actions

    w = review_world()
    app = case(w, "green", "hr_review")
    assert "hr_route" not in available_actions(w.hr, app)
    assert "green_channel_consent_record" in available_actions(w.hr, app)
    with pytest.raises(wf.TitleWorkflowError, match="GREEN-03"):
        wf.hr_route(application=app, actor=w.hr, today=TODAY)
    with pytest.raises(PermissionDenied):  # the city's channel: city HR records it
        wf.green_channel_consent_record(application=app, actor=w.district_hr, document="x", decided_on=TODAY)
    with pytest.raises(wf.TitleWorkflowError, match="GREEN-03"):
        wf.green_channel_consent_record(application=app, actor=w.hr, document="  ", decided_on=TODAY, today=TODAY)
    with pytest.raises(wf.TitleWorkflowError, match="GREEN-03"):
        wf.green_channel_consent_record(application=app, actor=w.hr, document="乌人才组〔2023〕3号",
                                        decided_on=TODAY + timedelta(days=1), today=TODAY)  # fmt: skip
    signed = wf.green_channel_consent_record(application=app, actor=w.hr, document="乌人才组〔2023〕3号",
                                             decided_on=date(2023, 6, 30), today=TODAY)  # fmt: skip
    assert signed.decision == ReviewDecision.Decision.GREEN_CONSENT
    assert (signed.reviewer, signed.organisation, signed.decided_on) == (w.hr, w.city_hr, TODAY)
    assert "市人才工作领导小组同意" in signed.opinion and "乌人才组〔2023〕3号" in signed.opinion
    assert "2023-06-30" in signed.opinion
    with pytest.raises(wf.TitleWorkflowError, match="GREEN-03"):  # one case, one decision
        wf.green_channel_consent_record(application=app, actor=w.hr, document="y", decided_on=TODAY, today=TODAY)
    app = wf.hr_route(application=app, actor=w.hr, today=TODAY)
    assert app.committee_key == w.organiser.code  # Doc B §四(五): categories 6–8 → the normal committee
    assert _audit_count(app) == 2


def test_GREEN_03_city_channel_senior_needs_city_hr_approval_and_goes_to_the_region():
    from tests.titles.workflow_world import case, review_world
    from titles.models import ReviewDecision

    w = review_world()
    app = case(w, "green_senior", "hr_review")
    signed = wf.green_channel_consent_record(application=app, actor=w.hr, document="乌人社字〔2023〕9号",
                                             decided_on=TODAY, today=TODAY)  # fmt: skip
    assert signed.decision == ReviewDecision.Decision.GREEN_APPROVAL and "市人社部门核准" in signed.opinion
    app = wf.hr_route(application=app, actor=w.hr, today=TODAY)
    assert app.committee_key == "region-city-green" and "自治区人力资源和社会保障厅" in app.committee_name
    assert wf.region_forward(application=app, actor=w.hr, today=TODAY).state == "forwarded"


def test_GREEN_03_other_categories_need_no_city_decision():
    w = world()
    app = application(w, "hr_review", route="green_channel", green_category=6, committee_key="")
    with pytest.raises(wf.TitleWorkflowError, match="GREEN-03"):
        wf.green_channel_consent_record(application=app, actor=w.hr, document="x", decided_on=TODAY, today=TODAY)
