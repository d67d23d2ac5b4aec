"""Special posts (特设岗位, POST-09): grade limits, vacancy, term, extension, retirement, the approval chain."""

from __future__ import annotations

from datetime import date

import pytest

from posts.models import FilingReport, SpecialPost, SpecialPostReview
from posts.services import (
    PostRuleError,
    scheme_appointed_record,
    scheme_dept_approve,
    scheme_file,
    scheme_submit,
    special_post_activate,
    special_post_cancel,
    special_post_dept_approve,
    special_post_expire,
    special_post_extend,
    special_post_hr_approve,
    special_post_region_approve,
    special_post_request,
)
from workflow.models import AuditRecord
from workflow.permissions import PermissionDenied

from .factories import CITY_OK, DISTRICT_OK
from .test_services_schemes import TODAY, draft

pytestmark = pytest.mark.django_db

START = date(2024, 4, 1)


def filed(w, *, unit, unit_hr, dept, officer, professional, appointed=None):
    scheme = draft(w, unit=unit, actor=unit_hr, professional=professional)
    scheme_submit(scheme=scheme, actor=unit_hr, today=TODAY)
    scheme_dept_approve(scheme=scheme, actor=dept, opinion="同意", today=TODAY)
    scheme = scheme_file(scheme=scheme, actor=officer, opinion="同意", today=TODAY)
    # every set post appointed unless told otherwise: no regular vacancy
    return scheme_appointed_record(
        scheme=scheme, actor=unit_hr, appointed={"professional": professional if appointed is None else appointed}
    )


@pytest.fixture
def w():
    from .factories import world

    w = world()
    w.city_scheme = filed(w, unit=w.unit, unit_hr=w.unit_hr, dept=w.dept, officer=w.city_officer, professional=CITY_OK)
    w.district_scheme = filed(w, unit=w.district_unit, unit_hr=w.district_unit_hr, dept=w.district_dept,
                              officer=w.district_officer, professional=DISTRICT_OK)  # fmt: skip
    return w


def request(w, *, unit=None, actor=None, grade=7, **extra):
    values = dict(
        category="professional", post_name="学科带头人", reasons="引进急需紧缺高层次人才，相应岗位无空缺",
        holder_name="高远", holder_birth_date=date(1980, 5, 1), holder_retirement_date=date(2040, 5, 1),
        term_start=START, today=TODAY,
    )  # fmt: skip
    values.update(extra)
    return special_post_request(unit=unit or w.unit, actor=actor or w.unit_hr, grade=grade, **values)


def approved(w, post):
    special_post_dept_approve(post=post, actor=w.dept, opinion="确有必要", today=TODAY)
    return special_post_hr_approve(post=post, actor=w.city_officer, opinion="同意核准", today=TODAY)


# ------------------------------------------------------------------------------------------ grade limits


def test_POST_09_city_unit_grade_7_is_accepted(w):
    post = request(w, grade=7)
    assert (post.state, post.term_end, post.runs_to_retirement) == ("requested", date(2027, 4, 1), False)
    assert AuditRecord.objects.filter(transition="special_post_request").count() == 1


def test_POST_09_city_unit_grade_8_is_refused(w):
    with pytest.raises(PostRuleError, match="POST-09") as refused:
        request(w, grade=8)
    assert refused.value.findings[0].scope == "special"
    assert not SpecialPost.objects.exists()


def test_POST_09_district_unit_grade_8_is_accepted(w):
    post = request(w, unit=w.district_unit, actor=w.district_unit_hr, grade=8)
    assert post.state == "requested"


def test_POST_09_district_unit_grade_9_is_refused(w):
    with pytest.raises(PostRuleError, match="POST-09"):
        request(w, unit=w.district_unit, actor=w.district_unit_hr, grade=9)
    assert not SpecialPost.objects.exists()


def test_POST_09_regular_vacancy_of_that_category_and_grade_blocks_the_request(w):
    scheme_appointed_record(scheme=w.city_scheme, actor=w.unit_hr, appointed={"professional": {**CITY_OK, "6": 8}})
    with pytest.raises(PostRuleError, match="空缺 1 个"):
        request(w, grade=6)
    assert request(w, grade=5).grade == 5  # grade 5 is full: allowed
    assert SpecialPost.objects.count() == 1


def test_POST_09_request_needs_a_filed_scheme(w):
    with pytest.raises(PostRuleError, match="已备案"):
        request(w, unit=w.direct_unit, actor=w.direct_hr)


def test_POST_09_request_by_another_units_hr_is_refused(w):
    with pytest.raises(PermissionDenied):
        request(w, actor=w.other_unit_hr)
    assert (
        not SpecialPost.objects.exists() and not AuditRecord.objects.filter(transition__startswith="special").exists()
    )


# ------------------------------------------------------------------------------------------------- terms


def test_POST_09_term_is_three_years_and_five_is_refused_without_a_major_project(w):
    with pytest.raises(PostRuleError, match="POST-09"):
        request(w, term_years=5)
    assert not SpecialPost.objects.exists()


def test_POST_09_major_research_project_may_run_five_years_but_not_six(w):
    assert request(w, term_years=5, major_project=True).term_end == date(2029, 4, 1)
    with pytest.raises(PostRuleError, match="POST-09"):
        request(w, term_years=6, major_project=True)


def test_POST_09_holder_within_five_years_of_retirement_keeps_the_post_until_retirement(w):
    post = request(w, holder_retirement_date=date(2029, 3, 31))  # 4 years 364 days after the start
    assert (post.term_end, post.runs_to_retirement) == (date(2029, 3, 31), True)


def test_POST_09_holder_exactly_five_years_from_retirement_gets_the_normal_term(w):
    post = request(w, holder_retirement_date=date(2029, 4, 1))
    assert (post.term_end, post.runs_to_retirement) == (date(2027, 4, 1), False)


def test_POST_09_holder_already_retired_is_refused(w):
    with pytest.raises(PostRuleError, match="退休"):
        request(w, holder_retirement_date=START)


# ------------------------------------------------------------------------------------------ approval chain


def test_POST_09_chain_department_then_hr_then_active(w):
    post = approved(w, request(w))
    post = special_post_activate(post=post, actor=w.unit_hr)
    assert post.state == "active"
    signed = list(SpecialPostReview.objects.filter(special_post=post).values_list("stage", "organisation__code"))
    assert signed == [("dept", "city-edu"), ("hr", "city-hr")]
    transitions = list(AuditRecord.objects.filter(subject_id=str(post.pk), transition__startswith="special")
                       .order_by("id").values_list("transition", flat=True))  # fmt: skip
    assert transitions == ["special_post_request", "special_post_dept_approve", "special_post_hr_approve",
                           "special_post_activate"]  # fmt: skip


def test_POST_09_hr_cannot_approve_before_the_supervising_department(w):
    post = request(w)
    with pytest.raises(PostRuleError, match="主管部门"):
        special_post_hr_approve(post=post, actor=w.city_officer, opinion="同意", today=TODAY)
    assert SpecialPost.objects.get(pk=post.pk).state == "requested"


@pytest.mark.parametrize("who", ["other_dept", "district_dept", "unit_hr", "city_officer"])
def test_POST_09_department_approval_by_anyone_else_is_refused(w, who):
    post = request(w)
    audit = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        special_post_dept_approve(post=post, actor=getattr(w, who), opinion="同意", today=TODAY)
    assert SpecialPost.objects.get(pk=post.pk).state == "requested" and AuditRecord.objects.count() == audit


@pytest.mark.parametrize("who", ["district_officer", "dept", "unit_hr"])
def test_POST_09_hr_approval_by_the_wrong_bureau_is_refused(w, who):
    post = request(w)
    special_post_dept_approve(post=post, actor=w.dept, opinion="同意", today=TODAY)
    with pytest.raises(PermissionDenied):
        special_post_hr_approve(post=post, actor=getattr(w, who), opinion="同意", today=TODAY)
    assert SpecialPost.objects.get(pk=post.pk).state == "dept_approved"


def test_POST_09_grade_2_needs_the_regions_approval_before_activation(w):
    post = approved(w, request(w, grade=2))
    with pytest.raises(PostRuleError, match="自治区"):
        special_post_activate(post=post, actor=w.unit_hr)
    post = special_post_region_approve(post=post, actor=w.city_officer, document_no="内人社函〔2024〕1号",
                                       approved_on=date(2024, 5, 6))  # fmt: skip
    assert post.state == "region_approved"
    assert special_post_activate(post=post, actor=w.unit_hr).state == "active"


def test_POST_09_region_step_is_refused_for_other_grades(w):
    post = approved(w, request(w, grade=6))
    with pytest.raises(PostRuleError, match="当前状态"):
        special_post_region_approve(post=post, actor=w.city_officer, document_no="x", approved_on=TODAY)


def test_POST_10_district_hr_reports_an_approved_special_post_to_city_hr(w):
    post = request(w, unit=w.district_unit, actor=w.district_unit_hr, grade=8)
    special_post_dept_approve(post=post, actor=w.district_dept, opinion="同意", today=TODAY)
    special_post_hr_approve(post=post, actor=w.district_officer, opinion="同意", today=TODAY)
    report = FilingReport.objects.get(special_post=post)
    assert (report.from_organisation, report.to_organisation, report.special) == (w.haibowan_hr, w.city_hr, 1)


# ---------------------------------------------------------------------------------- extension / end


def active(w, **extra):
    post = approved(w, request(w, **extra))
    return special_post_activate(post=post, actor=w.unit_hr)


def test_POST_09_one_extension_only(w):
    post = active(w)
    post = special_post_extend(post=post, actor=w.city_officer, opinion="课题未完成，延长一个聘期", today=TODAY)
    assert (post.extensions, post.term_end) == (1, date(2030, 4, 1))
    with pytest.raises(PostRuleError, match="最多延长一个聘期"):
        special_post_extend(post=post, actor=w.city_officer, opinion="再延长", today=TODAY)
    assert SpecialPost.objects.get(pk=post.pk).term_end == date(2030, 4, 1)


def test_POST_09_extension_never_runs_past_retirement(w):
    post = active(w, holder_retirement_date=date(2029, 10, 1))
    post = special_post_extend(post=post, actor=w.city_officer, opinion="延长", today=TODAY)
    assert post.term_end == date(2029, 10, 1)


def test_POST_09_extension_by_unit_hr_is_refused(w):
    post = active(w)
    with pytest.raises(PermissionDenied):
        special_post_extend(post=post, actor=w.unit_hr, opinion="延长", today=TODAY)
    assert SpecialPost.objects.get(pk=post.pk).extensions == 0


def test_POST_09_expire_only_after_the_last_day(w):
    post = active(w)
    with pytest.raises(PostRuleError):
        special_post_expire(post=post, today=post.term_end)
    post = special_post_expire(post=post, today=date(2027, 4, 2))
    assert (post.state, post.outcome_note) == ("expired", "聘期届满，特设岗位核销")


def test_POST_09_cancel_by_unit_before_approval_and_refusal_by_hr_is_signed(w):
    mine = request(w)
    assert special_post_cancel(post=mine, actor=w.unit_hr, reason="人选另有安排", today=TODAY).state == "cancelled"
    theirs = request(w, grade=6)
    special_post_dept_approve(post=theirs, actor=w.dept, opinion="同意", today=TODAY)
    special_post_cancel(post=theirs, actor=w.city_officer, reason="必要性不足", today=TODAY)
    assert SpecialPostReview.objects.filter(special_post=theirs, decision="refused").count() == 1
    with pytest.raises(PermissionDenied):
        special_post_cancel(post=request(w, grade=5), actor=w.other_unit_hr, reason="x", today=TODAY)
