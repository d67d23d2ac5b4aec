"""Every (state, transition, role) of the application after submission (FLOW-05, FLOW-06; DESIGN.md state
machine): allowed combinations succeed and write exactly one audit record for the application; refused ones
change nothing — not the state, not the audit trail, no signature. Another unit's HR, another department and
another committee's office are refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.titles.factories import TODAY, application, new_applicant, world
from titles.models import Application, ReviewDecision
from titles.models.applications import ApplicationState
from titles.permissions import available_actions
from titles.services import workflow as wf
from workflow.models import AuditRecord
from workflow.permissions import PermissionDenied

pytestmark = pytest.mark.django_db

STATES = [s.value for s in ApplicationState]
ROLES = ["applicant", "unit_hr", "other_unit_hr", "dept", "other_dept", "hr", "office", "other_office"]

ACTIONS = {
    "unit_review_start": lambda a, u: wf.unit_review_start(application=a, actor=u),
    "unit_publicity_start": lambda a, u: wf.unit_publicity_start(
        applications=[a], actor=u, starts_on=TODAY, today=TODAY
    ),  # fmt: skip
    "unit_recommend": lambda a, u: wf.unit_recommend(
        application=a, actor=u, opinion="符合条件", selection_method="民主推荐", pledged=True, today=TODAY
    ),  # fmt: skip
    "dept_review_start": lambda a, u: wf.dept_review_start(application=a, actor=u),
    "dept_forward": lambda a, u: wf.dept_forward(application=a, actor=u, opinion="同意报送", today=TODAY),
    "correction_notice_issue": lambda a, u: wf.correction_notice_issue(
        application=a,
        actor=u,
        items=[{"item": "work_summary", "note": "未盖章"}],
        deadline=TODAY + timedelta(10),
        today=TODAY,
    ),  # fmt: skip
    "correction_answer": lambda a, u: wf.correction_answer(
        application=a, actor=u, note="已补", changed_items=["annual_assessments"], today=TODAY
    ),  # fmt: skip
    "hr_route": lambda a, u: wf.hr_route(application=a, actor=u, today=TODAY),
    "committee_accept": lambda a, u: wf.committee_accept(application=a, actor=u),
    "region_forward": lambda a, u: wf.region_forward(application=a, actor=u, today=TODAY),
    "region_outcome_record": lambda a, u: wf.region_outcome_record(
        application=a, actor=u, passed=True, decided_on=TODAY
    ),  # fmt: skip
    "recognition_approve": lambda a, u: wf.recognition_approve(application=a, actor=u, opinion="认定", today=TODAY),
    "vote_result_record": lambda a, u: wf.vote_result_record(application=a, actor=u, passed=True, decided_on=TODAY),
    "result_publicity_start": lambda a, u: wf.result_publicity_start(
        applications=[a], actor=u, starts_on=TODAY, today=TODAY
    ),  # fmt: skip
    "result_file": lambda a, u: wf.result_file(application=a, actor=u, today=TODAY),
    "certificate_issue": lambda a, u: wf.certificate_issue(application=a, actor=u, today=TODAY),
    "application_withdraw": lambda a, u: wf.application_withdraw(application=a, actor=u),
    "application_reject": lambda a, u: wf.application_reject(application=a, actor=u, reason="不符合条件", today=TODAY),
}

# (state, action) → (the one role allowed, the state it leads to)
ALLOWED = {
    ("submitted", "unit_review_start"): ("unit_hr", "unit_review"),
    ("unit_review", "unit_publicity_start"): ("unit_hr", "unit_publicity"),
    ("unit_publicity", "unit_recommend"): ("unit_hr", "recommended"),
    ("recommended", "dept_review_start"): ("dept", "dept_review"),
    ("dept_review", "dept_forward"): ("dept", "hr_review"),
    ("dept_review", "correction_notice_issue"): ("dept", "correction"),
    ("correction", "correction_answer"): ("applicant", "dept_review"),
    ("hr_review", "hr_route"): ("hr", "hr_review"),
    ("hr_review", "committee_accept"): ("office", "accepted"),
    ("forwarded", "region_outcome_record"): ("hr", "passed"),
    ("scheduled", "vote_result_record"): ("office", "passed"),
    ("passed", "result_publicity_start"): ("office", "result_publicity"),
    ("result_publicity", "result_file"): ("hr", "filed"),
    ("filed", "certificate_issue"): ("hr", "certified"),
    ("recognised", "certificate_issue"): ("hr", "certified"),
    **{
        (s, "application_withdraw"): ("applicant", "withdrawn")
        for s in [
            "draft",
            "submitted",
            "unit_review",
            "unit_publicity",
            "recommended",
            "dept_review",
            "correction",
            "hr_review",
        ]
    },  # fmt: skip
    ("unit_review", "application_reject"): ("unit_hr", "rejected"),
    ("unit_publicity", "application_reject"): ("unit_hr", "rejected"),
    ("recommended", "application_reject"): ("dept", "rejected"),
    ("dept_review", "application_reject"): ("dept", "rejected"),
    ("hr_review", "application_reject"): ("hr", "rejected"),
    ("accepted", "application_reject"): ("office", "rejected"),
    ("result_publicity", "application_reject"): ("office", "rejected"),
}


def _audit_count(app) -> int:
    ct = ContentType.objects.get_for_model(Application)
    return AuditRecord.objects.filter(subject_type=ct, subject_id=str(app.pk)).count()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition_table_state_action_role(state, action):
    """FLOW-05: one audit record per allowed transition; refused → nothing changes."""
    w = world()
    allowed_role, target = ALLOWED.get((state, action), (None, None))
    for role in ROLES:
        app = application(w, state, applicant=w.applicant if role == "applicant" else None)
        user = w.applicant if role == "applicant" else getattr(w, role)
        before_total = AuditRecord.objects.count()
        before_decisions = ReviewDecision.objects.count()
        shown = action in available_actions(user, app)
        if role == allowed_role:
            ACTIONS[action](app, user)
            app.refresh_from_db()
            assert app.state == target, (state, action, role)
            assert _audit_count(app) == 1, (state, action, role)
            assert shown, f"button hidden for allowed {state}/{action}/{role}"
        else:
            with pytest.raises((wf.TitleWorkflowError, PermissionDenied)):
                ACTIONS[action](app, user)
            app.refresh_from_db()
            assert app.state == state, (state, action, role)
            assert AuditRecord.objects.count() == before_total, (state, action, role)
            assert ReviewDecision.objects.count() == before_decisions
            assert not shown, f"button shown for refused {state}/{action}/{role}"
        if role == "applicant":
            w.applicant = new_applicant()  # TITLE-04: one application per level and year per applicant


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


@pytest.mark.parametrize(("category", "to_region"), [(1, True), (3, True), (5, True), (6, False), (8, False)])
def test_green_channel_routing_green_03(category, to_region):
    """GREEN-03: categories 1–5 → the region's green-channel senior committee; 6–8 → the normal committee."""
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
