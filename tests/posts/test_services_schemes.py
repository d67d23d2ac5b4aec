"""Scheme filing workflow (POST-10, POST-11, FLOW-05, FLOW-06): every transition × role, routes, the engine gate."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from posts.models import FilingReport, RatioProfile, Scheme, SchemeReview
from posts.services import (
    PostRuleError,
    scheme_change_request,
    scheme_check,
    scheme_create,
    scheme_dept_approve,
    scheme_file,
    scheme_reopen,
    scheme_return,
    scheme_submit,
    scheme_update,
)
from workflow.models import AuditRecord, OutboxMessage
from workflow.permissions import PermissionDenied

from .factories import CITY_OK, DISTRICT_OK, MANAGEMENT, WORKER, world

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 1)


@pytest.fixture
def w():
    return world()


def draft(w, *, unit=None, actor=None, professional=CITY_OK, **extra):
    extra = {"management": MANAGEMENT, "worker": WORKER, **extra}
    return scheme_create(unit=unit or w.unit, actor=actor or w.unit_hr, professional=professional, today=TODAY,
                         **extra)  # fmt: skip


def in_state(w, state, **extra):
    """A scheme of w.unit (city, under city-edu) brought to ``state`` through the services."""
    scheme = draft(w, **extra)
    if state == "draft":
        return scheme
    scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    if state == "dept_review":
        return Scheme.objects.get(pk=scheme.pk)
    if state == "returned_by_dept":
        return scheme_return(scheme=scheme, actor=w.dept, reasons="八级岗位设置理由不充分", today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="同意", today=TODAY)
    if state == "hr_review":
        return Scheme.objects.get(pk=scheme.pk)
    if state == "returned_by_hr":
        return scheme_return(scheme=scheme, actor=w.city_officer, reasons="请补充说明", today=TODAY)
    return scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意备案", today=TODAY)


def audit_count(scheme=None):
    qs = AuditRecord.objects.all()
    return qs.filter(subject_id=str(scheme.pk)).count() if scheme is not None else qs.count()


def snapshot(scheme):
    scheme = Scheme.objects.get(pk=scheme.pk)
    return (scheme.state, scheme.return_reasons, scheme.filed_on, SchemeReview.objects.count(), audit_count())


# ------------------------------------------------------------------------------------------ create / update


def test_scheme_create_by_unit_hr_is_a_draft_with_one_audit_row(w):
    scheme = draft(w)
    assert (scheme.state, scheme.version) == ("draft", 1)
    assert scheme.professional == CITY_OK
    assert list(AuditRecord.objects.values_list("transition", "from_state", "to_state")) == [
        ("scheme_create", "", "draft")
    ]


@pytest.mark.parametrize("who", ["other_unit_hr", "dept", "city_officer"])
def test_POST_10_scheme_create_by_anyone_but_the_units_hr_is_refused(w, who):
    with pytest.raises(PermissionDenied, match="POST-10"):
        draft(w, actor=getattr(w, who))
    assert not Scheme.objects.exists() and not AuditRecord.objects.exists()


def test_scheme_create_refuses_bad_counts_naming_field_and_grade(w):
    with pytest.raises(PostRuleError, match="professional.*14"):
        draft(w, professional={"14": 1})
    with pytest.raises(PostRuleError, match="非负整数"):
        draft(w, professional={"8": -1})
    assert not Scheme.objects.exists()


def test_scheme_create_refused_while_another_version_is_open(w):
    draft(w)
    with pytest.raises(PostRuleError, match="第 1 版"):
        draft(w)
    assert Scheme.objects.count() == 1


def test_scheme_update_only_in_draft_and_clears_stale_findings(w):
    scheme = draft(w)
    scheme_check(scheme=scheme, actor=w.unit_hr)
    scheme = scheme_update(scheme=scheme, actor=w.unit_hr, professional={**CITY_OK, "13": 7})
    assert scheme.professional["13"] == 7 and scheme.findings == [] and scheme.checked_at is None
    scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    with pytest.raises(PostRuleError, match="草稿"):
        scheme_update(scheme=scheme, actor=w.unit_hr, professional=CITY_OK)


def test_scheme_update_by_other_unit_hr_is_refused(w):
    scheme = draft(w)
    before = snapshot(scheme)
    with pytest.raises(PermissionDenied):
        scheme_update(scheme=scheme, actor=w.other_unit_hr, professional={"13": 1})
    assert snapshot(scheme) == before and Scheme.objects.get(pk=scheme.pk).professional == CITY_OK


# ------------------------------------------------------------------------------------- the engine gate


@pytest.mark.parametrize(
    ("rule", "changes"),
    [
        ("POST-03", {"professional": {**CITY_OK, "7": 13, "13": 2}}),
        ("POST-04", {"professional": {**CITY_OK, "8": 20, "9": 11}}),
        ("POST-06", {"quota_full_senior": 2}),
        ("POST-08", {"directional": {"6": 1}}),
    ],
)
def test_POST_03_04_06_08_scheme_with_error_findings_cannot_be_submitted(w, rule, changes):
    professional = changes.pop("professional", CITY_OK)
    scheme = draft(w, professional=professional, **changes)
    before = snapshot(scheme)
    with pytest.raises(PostRuleError, match=rule) as refused:
        scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    assert rule in refused.value.rule and all(f.is_error for f in refused.value.findings)
    assert snapshot(scheme) == before  # nothing half-saved: state, findings, audit
    assert Scheme.objects.get(pk=scheme.pk).findings == []


def test_POST_01_warning_alone_does_not_block_submission(w):
    scheme = draft(w, management={"5": 10, "6": 20, "7": 20})
    scheme = scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    assert scheme.state == "dept_review"
    assert [f["rule"] for f in Scheme.objects.get(pk=scheme.pk).findings] == ["POST-01"]


def test_POST_03_the_stored_ratio_profile_is_what_submission_checks(w):
    """HR tightens the city education standard to 20 % senior: the scheme at 25 % is now refused."""
    RatioProfile.objects.filter(jurisdiction="city", sector="education").update(senior_cap=Decimal("0.2000"))
    scheme = draft(w)
    with pytest.raises(PostRuleError, match="POST-03"):
        scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    assert Scheme.objects.get(pk=scheme.pk).state == "draft"


def test_POST_03_filing_rechecks_with_the_profile_in_force(w):
    scheme = in_state(w, "hr_review")
    RatioProfile.objects.filter(jurisdiction="city", sector="education").update(senior_cap=Decimal("0.2000"))
    before = snapshot(scheme)
    with pytest.raises(PostRuleError, match="POST-03"):
        scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意", today=TODAY)
    assert snapshot(scheme) == before


# --------------------------------------------------------------------------------- transitions × roles

# (service call, state it needs, the allowed actor, refused actors)
TABLE = {
    "submit": ("draft", "unit_hr", ["other_unit_hr", "dept", "city_officer", "district_officer"]),
    "dept_approve": ("dept_review", "dept", ["other_dept", "unit_hr", "city_officer", "district_dept"]),
    "dept_return": ("dept_review", "dept", ["other_dept", "unit_hr", "district_dept", "city_officer"]),
    "hr_return": ("hr_review", "city_officer", ["district_officer", "dept", "unit_hr", "other_dept"]),
    "file": ("hr_review", "city_officer", ["district_officer", "other_district_officer", "dept", "unit_hr"]),
    "reopen": ("returned_by_dept", "unit_hr", ["other_unit_hr", "dept", "city_officer"]),
}
# the state changes (transition names) each allowed call records, one audit row each
RECORDED = {
    "submit": ["scheme_submit", "scheme_route"],
    "dept_approve": ["scheme_dept_approve"],
    "dept_return": ["scheme_return"],
    "hr_return": ["scheme_return"],
    "file": ["scheme_file"],
    "reopen": ["scheme_reopen"],
}


def call(action, scheme, actor):
    if action == "submit":
        return scheme_submit(scheme=scheme, actor=actor, today=TODAY)
    if action == "dept_approve":
        return scheme_dept_approve(scheme=scheme, actor=actor, opinion="同意", today=TODAY)
    if action in ("dept_return", "hr_return"):
        return scheme_return(scheme=scheme, actor=actor, reasons="请修改", today=TODAY)
    if action == "file":
        return scheme_file(scheme=scheme, actor=actor, opinion="同意备案", today=TODAY)
    return scheme_reopen(scheme=scheme, actor=actor)


@pytest.mark.parametrize(
    ("action", "who"), [(action, who) for action, (_s, _ok, refused) in TABLE.items() for who in refused]
)
def test_POST_10_transition_by_the_wrong_role_or_organisation_is_refused_and_changes_nothing(w, action, who):
    scheme = in_state(w, TABLE[action][0])
    before = snapshot(scheme)
    outbox = OutboxMessage.objects.count()
    with pytest.raises(PermissionDenied):
        call(action, scheme, getattr(w, who))
    assert snapshot(scheme) == before
    assert OutboxMessage.objects.count() == outbox


@pytest.mark.parametrize("action", list(TABLE))
def test_FLOW_05_each_allowed_transition_writes_exactly_one_audit_row_per_state_change(w, action):
    state, who, _refused = TABLE[action]
    scheme = in_state(w, state)
    count = audit_count(scheme)
    call(action, scheme, getattr(w, who))
    new = list(
        AuditRecord.objects.filter(subject_id=str(scheme.pk)).order_by("id").values_list("transition", flat=True)
    )[count:]
    assert new == RECORDED[action]


@pytest.mark.parametrize("action", ["dept_approve", "file", "reopen"])
def test_POST_10_transition_from_the_wrong_state_is_refused_with_a_message(w, action):
    scheme = draft(w)
    actor = {"dept_approve": w.dept, "file": w.city_officer, "reopen": w.unit_hr}[action]
    if action != "reopen":
        scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)  # now in dept_review
        if action == "dept_approve":
            scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="同意", today=TODAY)
    before = snapshot(scheme)
    with pytest.raises(PostRuleError, match="当前状态"):
        call(action, scheme, actor)
    assert snapshot(scheme) == before


def test_FLOW_06_every_review_decision_is_signed(w):
    scheme = in_state(w, "returned_by_dept")
    scheme_reopen(scheme=scheme, actor=w.unit_hr)
    scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="同意上报", today=TODAY)
    scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意备案", today=TODAY)
    rows = list(SchemeReview.objects.filter(scheme=scheme).values_list(
        "stage", "decision", "reviewer_name", "opinion", "decided_on", "organisation__code"))  # fmt: skip
    assert rows == [
        ("dept_review", "returned", "dept", "八级岗位设置理由不充分", TODAY, "city-edu"),
        ("dept_review", "approved", "dept", "同意上报", TODAY, "city-edu"),
        ("hr_review", "approved", "city_officer", "同意备案", TODAY, "city-hr"),
    ]


def test_FLOW_06_return_without_reasons_is_refused(w):
    scheme = in_state(w, "dept_review")
    before = snapshot(scheme)
    with pytest.raises(PostRuleError, match="退回理由"):
        scheme_return(scheme=scheme, actor=w.dept, reasons="  ", today=TODAY)
    assert snapshot(scheme) == before


def test_scheme_return_keeps_the_reasons_and_notifies_the_unit(w):
    scheme = in_state(w, "returned_by_hr")
    assert scheme.state == "returned" and scheme.return_reasons == "请补充说明"
    assert OutboxMessage.objects.filter(event="scheme_returned", recipient="unit_hr@example.com").count() == 1


# ----------------------------------------------------------------------------------------------- routes


def test_POST_10_city_direct_unit_skips_department_review(w):
    scheme = draft(w, unit=w.direct_unit, actor=w.direct_hr)
    scheme = scheme_submit(scheme=scheme, actor=w.direct_hr, today=TODAY)
    assert scheme.state == "hr_review"
    route = AuditRecord.objects.get(subject_id=str(scheme.pk), transition="scheme_route")
    assert (route.from_state, route.to_state, route.actor_name) == ("submitted", "hr_review", "系统")
    assert OutboxMessage.objects.filter(event="scheme_submitted", recipient="city_officer@example.com").exists()
    scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意", today=TODAY)
    assert Scheme.objects.get(pk=scheme.pk).state == "filed"


def test_POST_10_city_department_unit_goes_to_its_department_first(w):
    scheme = scheme_submit(scheme=draft(w), actor=w.unit_hr, today=TODAY)
    assert scheme.state == "dept_review"
    assert OutboxMessage.objects.filter(event="scheme_submitted", recipient="dept@example.com").exists()
    assert not OutboxMessage.objects.filter(recipient="city_officer@example.com").exists()


def test_POST_10_district_unit_goes_to_district_department_then_district_hr(w):
    scheme = draft(w, unit=w.district_unit, actor=w.district_unit_hr, professional=DISTRICT_OK)
    scheme_submit(scheme=scheme, actor=w.district_unit_hr, today=TODAY)
    with pytest.raises(PermissionDenied):
        scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="同意", today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=w.district_dept, opinion="同意", today=TODAY)
    with pytest.raises(PermissionDenied):
        scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意", today=TODAY)
    scheme = scheme_file(scheme=scheme, actor=w.district_officer, opinion="同意", today=TODAY)
    assert scheme.state == "filed" and scheme.filed_by == w.haibowan_hr


def test_POST_10_district_filing_with_full_senior_posts_is_reported_to_city_hr(w):
    scheme = draft(w, unit=w.district_unit, actor=w.district_unit_hr, professional=DISTRICT_OK,
                   directional={"6": 2})  # fmt: skip
    scheme_submit(scheme=scheme, actor=w.district_unit_hr, today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=w.district_dept, opinion="同意", today=TODAY)
    scheme_file(scheme=scheme, actor=w.district_officer, opinion="同意", today=TODAY)
    report = FilingReport.objects.get()
    assert (report.from_organisation, report.to_organisation, report.scheme_id) == (w.haibowan_hr, w.city_hr, scheme.pk)
    assert (report.full_senior, report.directional, report.special) == (1, 2, 0)
    assert OutboxMessage.objects.filter(event="scheme_reported", recipient="city_officer@example.com").exists()


def test_POST_10_district_filing_without_full_senior_directional_or_special_is_not_reported(w):
    scheme = draft(w, unit=w.district_unit, actor=w.district_unit_hr, professional={**DISTRICT_OK, "4": 0, "5": 2})
    scheme_submit(scheme=scheme, actor=w.district_unit_hr, today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=w.district_dept, opinion="同意", today=TODAY)
    scheme_file(scheme=scheme, actor=w.district_officer, opinion="同意", today=TODAY)
    assert not FilingReport.objects.exists()


def test_POST_10_city_filing_is_never_reported(w):
    in_state(w, "filed")
    assert not FilingReport.objects.exists()


def test_POST_10_unit_without_its_supervising_department_cannot_be_routed(w):
    w.unit.supervisor = None
    w.unit.save()
    scheme = draft(w)
    with pytest.raises(PostRuleError, match="主管部门"):
        scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    assert Scheme.objects.get(pk=scheme.pk).state == "draft"


# --------------------------------------------------------------------------------------------- POST-11


def test_POST_11_filing_sets_a_three_year_term(w):
    scheme = in_state(w, "filed")
    assert (scheme.term_start, scheme.term_end, scheme.filed_on) == (TODAY, date(2027, 3, 1), TODAY)


def test_POST_11_new_version_one_day_before_term_end_needs_a_change_request(w):
    filed = in_state(w, "filed")
    with pytest.raises(PostRuleError, match="POST-11"):
        scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, today=filed.term_end - timedelta(days=1))
    assert Scheme.objects.count() == 1


def test_POST_11_new_version_exactly_at_term_end_needs_no_change_request(w):
    filed = in_state(w, "filed")
    new = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, today=filed.term_end)
    assert (new.version, new.previous_id, new.change_kind) == (2, filed.pk, "")
    scheme_submit(scheme=new, actor=w.unit_hr, today=filed.term_end)
    scheme_dept_approve(scheme=new, actor=w.dept, opinion="同意", today=filed.term_end)
    scheme_file(scheme=new, actor=w.city_officer, opinion="同意", today=filed.term_end)
    assert Scheme.objects.get(pk=filed.pk).state == "superseded"


def test_POST_11_submission_inside_the_term_without_change_request_is_refused(w):
    """POST-11 is checked again at submission (and filing), not only when the draft is created."""
    filed = in_state(w, "filed")
    new = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, today=filed.term_end)
    with pytest.raises(PostRuleError, match="POST-11"):
        scheme_submit(scheme=new, actor=w.unit_hr, today=filed.term_end - timedelta(days=1))
    assert Scheme.objects.get(pk=new.pk).state == "draft"


@pytest.mark.parametrize(("kind", "reason"), [("", "编制调整"), ("staffing_quota", " "), ("budget", "经费变化")])
def test_POST_11_change_request_needs_a_major_change_and_a_reason(w, kind, reason):
    filed = in_state(w, "filed")
    audit = audit_count()
    with pytest.raises(PostRuleError, match="POST-11|变更理由"):
        scheme_change_request(scheme=filed, actor=w.unit_hr, change_kind=kind, reason=reason, today=TODAY)
    assert Scheme.objects.count() == 1 and audit_count() == audit


def test_POST_11_change_request_inside_the_term_goes_the_same_route_and_supersedes_on_filing(w):
    filed = in_state(w, "filed")
    inside = filed.term_end - timedelta(days=1)
    new = scheme_change_request(scheme=filed, actor=w.unit_hr, change_kind="staffing_quota",
                                reason="机构编制部门核增编制 10 名", today=inside)  # fmt: skip
    assert (new.state, new.version, new.previous_id, new.professional) == ("draft", 2, filed.pk, CITY_OK)
    new = scheme_update(scheme=new, actor=w.unit_hr, professional={**CITY_OK, "13": 10})
    scheme_submit(scheme=new, actor=w.unit_hr, today=inside)
    assert Scheme.objects.get(pk=filed.pk).state == "filed"  # in force until the new one is filed
    scheme_dept_approve(scheme=new, actor=w.dept, opinion="同意", today=inside)
    scheme_file(scheme=new, actor=w.city_officer, opinion="同意", today=inside)
    assert Scheme.objects.get(pk=filed.pk).state == "superseded"
    assert Scheme.objects.get(pk=new.pk).state == "filed"
    superseded = AuditRecord.objects.get(subject_id=str(filed.pk), transition="scheme_supersede")
    assert (superseded.from_state, superseded.to_state) == ("filed", "superseded")


def test_POST_11_change_request_by_another_units_hr_is_refused(w):
    filed = in_state(w, "filed")
    with pytest.raises(PermissionDenied):
        scheme_change_request(scheme=filed, actor=w.other_unit_hr, change_kind="function", reason="x", today=TODAY)
    assert Scheme.objects.count() == 1


def test_POST_11_change_request_only_from_a_filed_scheme(w):
    scheme = draft(w)
    with pytest.raises(PostRuleError, match="已备案"):
        scheme_change_request(scheme=scheme, actor=w.unit_hr, change_kind="function", reason="x", today=TODAY)


# ----------------------------------------------------------------------------------------- side effects


def test_notifications_of_a_refused_transition_are_never_stored(w):
    scheme = draft(w, professional={**CITY_OK, "7": 13, "13": 2})
    with pytest.raises(PostRuleError):
        scheme_submit(scheme=scheme, actor=w.unit_hr, today=TODAY)
    assert not OutboxMessage.objects.exists()


def test_scheme_filed_notifies_the_unit(w):
    in_state(w, "filed")
    assert OutboxMessage.objects.filter(event="scheme_filed", recipient="unit_hr@example.com").count() == 1
