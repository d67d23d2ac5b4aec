"""Writes of special posts (特设岗位, POST-09; Doc A §四(二), attachment 1): one service per transition.

Chain: unit HR requests → supervising department approves (skipped for a unit without one) → the HR bureau of the
unit's jurisdiction approves (核准) → for grade 2 the autonomous region's approval is recorded → unit HR activates
(the holder is appointed) → expires at the end of the term or the holder's retirement (核销) | cancelled.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from posts import permissions as perms
from posts import rules
from posts.models import FilingReport, SpecialPost, SpecialPostReview
from posts.selectors import current_filed_scheme, ratio_profile_for
from workflow.models import Organisation, Role
from workflow.notifications import notify
from workflow.permissions import PermissionDenied, acting_membership

from .common import (
    PostRuleError,
    acting_any,
    acting_in,
    audit_transition,
    city_hr,
    emails,
    hr_bureaus_for,
    require_text,
    require_transition,
    save_transition,
    signature,
    today_or,
)

WORKER_SPECIAL_GRADES = (1, 2, 3, 4, 5)


def _lock(post: SpecialPost) -> SpecialPost:
    return (
        SpecialPost.objects.select_for_update(of=("self",)).select_related("unit", "unit__supervisor").get(pk=post.pk)
    )


def _save(post: SpecialPost, fields: list[str]) -> None:
    save_transition(post, fields, what="该特设岗位", what_en="special post")


def _audit(post: SpecialPost, transition: str, before: str, membership=None, actor=None, note: str = "") -> None:
    audit_transition(post, transition, before, membership, actor, note)


def _label(post: SpecialPost) -> str:
    return str(SpecialPost.State(post.state).label)


def _refuse(findings, fallback_zh: str, fallback_en: str) -> None:
    errors = [f for f in findings if f.is_error]
    if errors:
        raise PostRuleError(
            "；".join(f"{f.message}（{f.rule}）" for f in errors) or fallback_zh,
            "; ".join(f"{f.message_en} ({f.rule})" for f in errors) or fallback_en,
            rule="POST-09",
            findings=errors,
        )


def _check_grade(unit: Organisation, category: str, grade: int, count: int) -> None:
    """POST-09: city units grades 1–7 only; district units also grade 8 (the engine's rule on the unit's profile)."""
    if category not in SpecialPost.Category.values:
        raise PostRuleError(
            f"岗位类别应为专业技术岗位或工勤技能岗位，收到 {category!r}",
            f"category must be professional or worker, got {category!r}",
            rule="POST-09",
        )
    valid = rules.PROFESSIONAL_GRADES if category == "professional" else WORKER_SPECIAL_GRADES
    if grade not in valid or count < 1:
        raise PostRuleError(
            f"岗位等级 {grade} 或岗位数 {count} 无效（等级 {valid[0]}–{valid[-1]}，岗位数至少 1）",
            f"invalid grade {grade} or count {count} (grades {valid[0]}–{valid[-1]}, count ≥ 1)",
            rule="POST-09",
        )
    scheme = rules.UnitScheme(
        name=unit.name,
        jurisdiction=unit.jurisdiction,
        affiliation=unit.affiliation or "district",
        sector=unit.sector or "general",
        special=(rules.SpecialPost(category=category, grade=grade, count=count),),
    )
    _refuse(rules.check_special_posts(scheme, ratio_profile_for(unit)), "", "")


@transaction.atomic
def special_post_request(
    *,
    unit: Organisation,
    actor,
    category: str,
    grade: int,
    post_name: str,
    reasons: str,
    holder_name: str,
    holder_birth_date: date,
    holder_retirement_date: date,
    term_start: date,
    count: int = 1,
    term_years: int = rules.SPECIAL_POST_TERM_YEARS,
    major_project: bool = False,
    holder_gender: str = "",
    holder_title: str = "",
    holder_previous_post: str = "",
    holder_work_start: date | None = None,
    holder_education: str = "",
    holder_graduation: date | None = None,
    holder_previous_employer: str = "",
    holder_previous_category: str = "",
    holder_previous_grade: int | None = None,
    today: date | None = None,
) -> SpecialPost:
    """Unit HR requests a special post (attachment 1). Refused (POST-09) when the grade is below the jurisdiction's
    lowest, when the unit's filed scheme still has a regular vacancy of that category and grade, when the term is
    longer than 3 years (5 for a city-level-or-above major project), or when the holder has already retired.
    A holder with less than 5 years to statutory retirement gets a term running to retirement."""
    membership = acting_in(actor, perms.special_post_request_roles(), unit, action="申请设置特设岗位",
                           action_en="request a special post", rule="POST-09")  # fmt: skip
    reasons = require_text(reasons, field="设置原因", field_en="the reasons", rule="POST-09")
    post_name = require_text(post_name, field="岗位名称", field_en="the post name", rule="POST-09")
    holder_name = require_text(holder_name, field="拟聘人员姓名", field_en="the holder's name", rule="POST-09")
    _check_grade(unit, category, grade, count)
    filed = current_filed_scheme(unit)
    if filed is None:
        raise PostRuleError(
            f"{unit.name}尚无已备案的岗位设置方案，无法核对常设岗位空缺，不能申请特设岗位（POST-09、POST-11）",
            f"{unit.name} has no filed scheme to check regular vacancies against (POST-09, POST-11)",
            rule="POST-09",
        )
    key = str(grade)
    regular_set = (getattr(filed, category) or {}).get(key, 0)
    regular_appointed = (filed.appointed or {}).get(category, {}).get(key, 0)
    _refuse(rules.check_special_post_request(category, grade, regular_set, regular_appointed), "", "")
    if holder_retirement_date <= term_start:
        raise PostRuleError(
            f"拟聘人员法定退休日期 {holder_retirement_date.isoformat()} 不晚于岗位设置开始时间（POST-09）",
            f"the holder reaches statutory retirement on {holder_retirement_date.isoformat()}, before the start (POST-09)",
            rule="POST-09",
        )
    term = rules.special_post_term(
        term_start, term_years=term_years, major_research_project=major_project, retirement_date=holder_retirement_date
    )
    _refuse(term.findings, "", "")
    post = SpecialPost.objects.create(
        unit=unit,
        category=category,
        grade=grade,
        count=count,
        post_name=post_name,
        reasons=reasons,
        major_project=major_project,
        term_years=term_years,
        term_start=term_start,
        term_end=term.end,
        runs_to_retirement=term.runs_to_retirement,
        holder_name=holder_name,
        holder_gender=holder_gender,
        holder_birth_date=holder_birth_date,
        holder_title=holder_title,
        holder_retirement_date=holder_retirement_date,
        holder_previous_post=holder_previous_post,
        holder_work_start=holder_work_start,
        holder_education=holder_education,
        holder_graduation=holder_graduation,
        holder_previous_employer=holder_previous_employer,
        holder_previous_category=holder_previous_category,
        holder_previous_grade=holder_previous_grade,
        created_by=actor,
    )
    _audit(post, "special_post_request", "", membership, actor, note=reasons)
    reviewers = (
        emails(role=Role.DEPT_REVIEWER, organisations=[unit.supervisor])
        if unit.supervisor_id
        else emails(role=Role.HR_OFFICER, organisations=hr_bureaus_for(unit))
    )
    notify(event="special_post_requested", recipients=reviewers, context={"post": post, "unit": unit})
    return post


@transaction.atomic
def special_post_dept_approve(*, post: SpecialPost, actor, opinion: str, today: date | None = None) -> SpecialPost:
    """The supervising department reviews the necessity and approves (Doc A §四(二)7), signed (FLOW-06)."""
    post = _lock(post)
    membership = acting_in(actor, perms.special_post_dept_approve_roles(post), post.unit,
                           action="审核该单位的特设岗位申请", action_en="review this unit's special post",
                           rule="POST-09")  # fmt: skip
    require_transition(post.dept_approve, state_label=_label(post), action="作主管部门审核",
                       action_en="approve as the department", rule="POST-09")  # fmt: skip
    opinion = require_text(opinion, field="主管部门意见", field_en="the opinion", rule="FLOW-06")
    today = today_or(today)
    before = post.state
    post.dept_approve()
    _save(post, ["state"])
    signature(SpecialPostReview, subject_field="special_post", subject=post, stage="dept", decision="approved",
              actor=actor, membership=membership, opinion=opinion, today=today)  # fmt: skip
    _audit(post, "special_post_dept_approve", before, membership, actor, note=opinion)
    notify(event="special_post_requested",
           recipients=emails(role=Role.HR_OFFICER, organisations=hr_bureaus_for(post.unit)),
           context={"post": post, "unit": post.unit})  # fmt: skip
    return post


@transaction.atomic
def special_post_hr_approve(*, post: SpecialPost, actor, opinion: str, today: date | None = None) -> SpecialPost:
    """The HR bureau of the unit's jurisdiction approves (核准), signed. A unit with a supervising department needs
    its approval first. A district bureau reports the special post to city HR (POST-10)."""
    post = _lock(post)
    membership = acting_in(actor, perms.special_post_hr_approve_roles(post), post.unit, action="核准该单位的特设岗位",
                           action_en="approve this unit's special post", rule="POST-09")  # fmt: skip
    if perms.special_post_waits_for_department(post):
        raise PostRuleError(
            f"特设岗位须经主管部门{post.unit.supervisor.name}审核同意后再报人社部门核准（POST-09）",
            "the supervising department must approve the special post first (POST-09)",
            rule="POST-09",
        )
    require_transition(post.hr_approve, state_label=_label(post), action="核准", action_en="approve",
                       rule="POST-09")  # fmt: skip
    opinion = require_text(opinion, field="人事综合管理部门意见", field_en="the opinion", rule="FLOW-06")
    today = today_or(today)
    before = post.state
    post.hr_approve()
    _save(post, ["state"])
    signature(SpecialPostReview, subject_field="special_post", subject=post, stage="hr", decision="approved",
              actor=actor, membership=membership, opinion=opinion, today=today)  # fmt: skip
    note = opinion + ("；二级岗位须报自治区核准（POST-09）" if post.needs_region_approval else "")
    _audit(post, "special_post_hr_approve", before, membership, actor, note=note)
    city = city_hr()
    if membership.organisation.kind == Organisation.Kind.DISTRICT_HR and city is not None:
        report = FilingReport.objects.create(
            from_organisation=membership.organisation, to_organisation=city, unit=post.unit, special_post=post,
            special=post.count,
            summary=f"{post.unit.name}特设岗位“{post.post_name}”（专业技术{post.grade}级，{post.count} 个）已核准。",
        )  # fmt: skip
        notify(event="special_post_reported", recipients=emails(role=Role.HR_OFFICER, organisations=[city]),
               context={"report": report, "post": post, "unit": post.unit})  # fmt: skip
    notify(event="special_post_decided", recipients=emails(role=Role.UNIT_HR, organisations=[post.unit]),
           context={"post": post, "unit": post.unit, "decision": "核准", "opinion": opinion})  # fmt: skip
    return post


def _region_recorder(actor, unit: Organisation):
    """Grade-2 approvals come from the autonomous region; city HR (which forwards them) or the approving bureau
    records them — ``permissions.special_post_region_approve_roles``: ``HR_OFFICER`` reaching the unit, else
    ``CITY_HR_OFFICER``."""
    membership = acting_membership(actor, Role.HR_OFFICER, unit) if getattr(actor, "is_authenticated", False) else None
    if membership is None and getattr(actor, "is_authenticated", False):
        membership = (
            actor.memberships.filter(role=Role.HR_OFFICER, active=True, organisation__kind=Organisation.Kind.CITY_HR)
            .select_related("organisation")
            .first()
        )
    if membership is None:
        raise PermissionDenied(
            "只有人社部门经办人才能登记自治区核准结果（POST-09）/ only an HR officer may record the region's approval"
        )
    return membership


@transaction.atomic
def special_post_region_approve(
    *, post: SpecialPost, actor, document_no: str, approved_on: date, opinion: str = ""
) -> SpecialPost:
    """POST-09: "特设专业技术二级岗位，需报送自治区事业单位人事综合管理部门核准" — record the region's approval."""
    post = _lock(post)
    membership = _region_recorder(actor, post.unit)
    require_transition(post.region_approve, state_label=_label(post), action="登记自治区核准",
                       action_en="record the region's approval", rule="POST-09")  # fmt: skip
    document_no = require_text(document_no, field="自治区核准文号", field_en="the region's document number",
                               rule="POST-09")  # fmt: skip
    before = post.state
    post.region_approve()
    post.region_document = document_no
    _save(post, ["state", "region_document"])
    signature(SpecialPostReview, subject_field="special_post", subject=post, stage="region", decision="approved",
              actor=actor, membership=membership, opinion=opinion or f"自治区核准（{document_no}）",
              today=approved_on)  # fmt: skip
    _audit(post, "special_post_region_approve", before, membership, actor, note=document_no)
    return post


@transaction.atomic
def special_post_activate(*, post: SpecialPost, actor, term_start: date | None = None) -> SpecialPost:
    """Unit HR appoints the holder: the post becomes active for its term (recomputed from the actual start)."""
    post = _lock(post)
    membership = acting_in(actor, perms.special_post_activate_roles(post), post.unit, action="聘用特设岗位人员",
                           action_en="appoint the holder", rule="POST-09")  # fmt: skip
    method = perms.special_post_activation_method(post)
    if post.state == SpecialPost.State.HR_APPROVED and post.needs_region_approval:
        raise PostRuleError(
            "特设专业技术二级岗位须经自治区核准后方可聘用（POST-09）",
            "a grade-2 special post needs the autonomous region's approval before the appointment (POST-09)",
            rule="POST-09",
        )
    require_transition(method, state_label=_label(post), action="聘用", action_en="activate", rule="POST-09")
    if term_start is not None and term_start != post.term_start:
        term = rules.special_post_term(term_start, term_years=post.term_years,
                                       major_research_project=post.major_project,
                                       retirement_date=post.holder_retirement_date)  # fmt: skip
        _refuse(term.findings, "", "")
        post.term_start, post.term_end, post.runs_to_retirement = term_start, term.end, term.runs_to_retirement
    before = post.state
    method()
    _save(post, ["state", "term_start", "term_end", "runs_to_retirement"])
    _audit(post, "special_post_activate", before, membership, actor,
           note=f"{post.term_start.isoformat()} – {post.term_end.isoformat()}")  # fmt: skip
    return post


@transaction.atomic
def special_post_extend(*, post: SpecialPost, actor, opinion: str, today: date | None = None) -> SpecialPost:
    """POST-09: "工作任务未完成需要延长的，最多延长一个聘期" — one extension of one more term, approved by the HR
    bureau; never past the holder's retirement."""
    post = _lock(post)
    membership = acting_in(actor, perms.special_post_extend_roles(post), post.unit, action="延长特设岗位聘期",
                           action_en="extend the term", rule="POST-09")  # fmt: skip
    require_transition(post.extend, state_label=_label(post), action="延长聘期", action_en="extend", rule="POST-09")
    if post.extensions >= rules.SPECIAL_POST_MAX_EXTENSIONS:
        raise PostRuleError(
            "特设岗位聘期最多延长一个聘期，已延长过（POST-09）",
            "a special post's term may be extended only once and already was (POST-09)",
            rule="POST-09",
        )
    if post.runs_to_retirement:
        raise PostRuleError(
            "该特设岗位聘期已延续至拟聘人员退休，不再延长（POST-09）",
            "the term already runs to the holder's retirement; no extension (POST-09)",
            rule="POST-09",
        )
    opinion = require_text(opinion, field="延长理由及意见", field_en="the opinion", rule="FLOW-06")
    today = today_or(today)
    term = rules.special_post_term(post.term_start, term_years=post.term_years,
                                   major_research_project=post.major_project, extensions=post.extensions + 1,
                                   retirement_date=post.holder_retirement_date)  # fmt: skip
    _refuse(term.findings, "", "")
    before = post.state
    old_end = post.term_end
    post.extend()
    post.extensions += 1
    post.term_end = term.end
    _save(post, ["state", "extensions", "term_end"])
    signature(SpecialPostReview, subject_field="special_post", subject=post, stage="extension", decision="approved",
              actor=actor, membership=membership, opinion=opinion, today=today)  # fmt: skip
    _audit(post, "special_post_extend", before, membership, actor,
           note=f"{old_end.isoformat()} → {post.term_end.isoformat()}：{opinion}")  # fmt: skip
    return post


@transaction.atomic
def special_post_cancel(*, post: SpecialPost, actor, reason: str, today: date | None = None) -> SpecialPost:
    """Withdrawn by the unit before activation, refused by the department or the HR bureau while it waits for them,
    or cancelled early (核销) by the HR bureau. A reviewer's refusal is signed (FLOW-06)."""
    post = _lock(post)
    allowed = perms.special_post_cancel_roles(post)
    require_transition(post.cancel, state_label=_label(post), action="撤销", action_en="cancel", rule="POST-09")
    membership = acting_any(actor, allowed, post.unit, action="撤销该特设岗位", action_en="cancel this special post")
    reason = require_text(reason, field="撤销理由", field_en="the reason", rule="FLOW-06")
    today = today_or(today)
    before = post.state
    post.cancel()
    post.outcome_note = reason
    _save(post, ["state", "outcome_note"])
    if membership.role != Role.UNIT_HR:
        signature(SpecialPostReview, subject_field="special_post", subject=post, stage=before, decision="refused",
                  actor=actor, membership=membership, opinion=reason, today=today)  # fmt: skip
    _audit(post, "special_post_cancel", before, membership, actor, note=reason)
    notify(event="special_post_decided", recipients=emails(role=Role.UNIT_HR, organisations=[post.unit]),
           context={"post": post, "unit": post.unit, "decision": "撤销", "opinion": reason})  # fmt: skip
    return post


@transaction.atomic
def special_post_expire(*, post: SpecialPost, today: date) -> SpecialPost:
    """POST-09: the term (or the run to retirement) has ended → the post is cancelled (核销) by the system."""
    post = _lock(post)
    if post.state != SpecialPost.State.ACTIVE or not post.term_end < today:
        raise PostRuleError(
            f"特设岗位未到期（{_label(post)}，终止时间 {post.term_end.isoformat()}）",
            f"the special post has not ended ({post.state}, term ends {post.term_end.isoformat()})",
            rule="POST-09",
        )
    before = post.state
    post.expire()
    post.outcome_note = "聘用人员退休，特设岗位核销" if post.runs_to_retirement else "聘期届满，特设岗位核销"
    _save(post, ["state", "outcome_note"])
    _audit(post, "special_post_expire", before, note=f"POST-09：{post.outcome_note}")
    notify(event="special_post_expired", recipients=emails(role=Role.UNIT_HR, organisations=[post.unit]),
           context={"post": post, "unit": post.unit})  # fmt: skip
    return post
