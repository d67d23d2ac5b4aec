"""Writes of post-setting schemes (岗位设置方案): one service per transition (POST-10 route, POST-11 stability).

Every service: keyword-only arguments, ``@transaction.atomic``, the row locked (``select_for_update``; on SQLite the
FSM's optimistic concurrency), permission through ``workflow.permissions``, the transition, ``save``, the FLOW-05
audit record, FLOW-06 signature for review decisions, and notifications stored in the outbox and sent on commit.
A refusal raises ``PostRuleError`` (or ``PermissionDenied``) before anything is written.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from posts import permissions as perms
from posts import rules
from posts.models import FilingReport, Scheme, SchemeReview, clean_grade_counts
from posts.models.schemes import validate_appointed
from posts.selectors import scheme_findings, unit_special_posts
from workflow import clock
from workflow.models import Organisation, Role
from workflow.notifications import notify

from .common import (
    PostRuleError,
    acting_in,
    audit_transition,
    city_hr,
    emails,
    error_from_findings,
    hr_bureaus_for,
    require_text,
    require_transition,
    save_transition,
    signature,
    today_or,
)

CATEGORIES = ("management", "professional", "worker", "directional")
UNCHANGED = object()  # scheme_update: a keyword left out keeps the stored value (None is a value there)


def scheme_term_years() -> int:
    """POST-11: a filed scheme stays for at least one appointment term (聘期), 3 years unless HR configures it."""
    return int(getattr(settings, "POSTS_SCHEME_TERM_YEARS", 3))


def _counts(values: dict) -> dict[str, dict[str, int]]:
    cleaned = {}
    for category in CATEGORIES:
        if category in values and values[category] is not None:
            try:
                cleaned[category] = clean_grade_counts(category, values[category])
            except ValidationError as exc:
                message = exc.messages[0]
                zh, _, en = message.partition(" / ")
                raise PostRuleError(zh, en or zh, rule="INTERFACES-1") from exc
    return cleaned


def _lock(scheme: Scheme) -> Scheme:
    return Scheme.objects.select_for_update(of=("self",)).select_related("unit", "unit__supervisor").get(pk=scheme.pk)


def _save(scheme: Scheme, fields: list[str]) -> None:
    save_transition(scheme, fields, what="方案", what_en="scheme")


def _audit(scheme: Scheme, transition: str, before: str, membership=None, actor=None, note: str = "") -> None:
    audit_transition(scheme, transition, before, membership, actor, note)


def _state_label(scheme: Scheme) -> str:
    return str(Scheme.State(scheme.state).label)


def _open_version(unit: Organisation, *, exclude_pk=None) -> Scheme | None:
    qs = Scheme.objects.filter(unit=unit, state__in=Scheme.OPEN_STATES)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _filed_in_term(unit: Organisation, today: date, *, exclude_pk=None) -> Scheme | None:
    """POST-11: the filed scheme whose term has not ended on ``today``.

    *Interpretation:* ``term_end`` is the day the term is completed (届满, FLOW-01 inclusive): from that day a new
    version needs no change request; the day before it does.
    """
    qs = Scheme.objects.filter(unit=unit, state=Scheme.State.FILED)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    filed = qs.first()
    if filed is not None and filed.term_end is not None and today < filed.term_end:
        return filed
    return None


def _post11_guard(scheme: Scheme, today: date) -> None:
    filed = _filed_in_term(scheme.unit, today, exclude_pk=scheme.pk)
    if filed is not None and not (scheme.change_kind and scheme.change_reason.strip()):
        raise PostRuleError(
            f"已备案的第 {filed.version} 版方案聘期至 {filed.term_end.isoformat()} 届满，聘期内变更须提出变更申请，"
            "说明员额编制、人员结构或工作职能的重大变化及理由（POST-11）",
            f"the filed version {filed.version} runs until {filed.term_end.isoformat()}; a change inside the term needs "
            "a change request citing a major change of staffing quota, structure or function, with a reason (POST-11)",
            rule="POST-11",
        )


def _refuse_if_open(unit: Organisation) -> None:
    existing = _open_version(unit)
    if existing is not None:
        raise PostRuleError(
            f"{unit.name}已有未完成的第 {existing.version} 版方案（{_state_label(existing)}），请在该版本上继续",
            f"{unit.name} already has version {existing.version} in progress ({existing.state}); continue with it",
            rule="POST-11",
        )


def _next_version(unit: Organisation) -> int:
    # Serialise version numbers per unit by locking the unit row (the unique constraint is the backstop).
    Organisation.objects.select_for_update().filter(pk=unit.pk).first()
    return (Scheme.objects.filter(unit=unit).aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def scheme_create(
    *,
    unit: Organisation,
    actor,
    management: dict | None = None,
    professional: dict | None = None,
    worker: dict | None = None,
    directional: dict | None = None,
    quota_full_senior: int | None = None,
    term_start: date | None = None,
    today: date | None = None,
) -> Scheme:
    """A new draft version of the unit's scheme. Refused while a filed scheme is inside its term (POST-11: use
    ``scheme_change_request``) or while another version is in progress."""
    membership = acting_in(
        actor, perms.scheme_create_roles(), unit, action="编制岗位设置方案", action_en="draft the scheme"
    )
    if unit.kind != Organisation.Kind.UNIT:
        raise PostRuleError(f"{unit.name}不是用人单位", f"{unit.name} is not an employing unit", rule="POST-10")
    counts = _counts(
        {"management": management, "professional": professional, "worker": worker, "directional": directional}
    )
    today = today_or(today)
    _refuse_if_open(unit)
    filed = _filed_in_term(unit, today)
    if filed is not None:
        raise PostRuleError(
            f"已备案的第 {filed.version} 版方案聘期至 {filed.term_end.isoformat()} 届满，聘期内只能通过变更申请"
            "（员额编制、人员结构或工作职能发生重大变化）调整方案（POST-11）",
            f"the filed version {filed.version} runs until {filed.term_end.isoformat()}; inside the term the scheme "
            "changes only through a change request (major change of staffing quota, structure or function) (POST-11)",
            rule="POST-11",
        )
    previous = Scheme.objects.filter(unit=unit, state=Scheme.State.FILED).first()
    scheme = Scheme.objects.create(
        unit=unit,
        version=_next_version(unit),
        previous=previous,
        quota_full_senior=quota_full_senior,
        term_start=term_start,
        created_by=actor,
        **counts,
    )
    _audit(scheme, "scheme_create", "", membership, actor)
    return scheme


@transaction.atomic
def scheme_change_request(*, scheme: Scheme, actor, change_kind: str, reason: str, today: date | None = None) -> Scheme:
    """POST-11: a new draft version of a filed scheme inside its term, citing a major change and a reason.

    The new version starts as a copy of the filed one and goes through the same route; the filed one stays in force
    until the new one is filed (then it is superseded)."""
    filed = _lock(scheme)
    membership = acting_in(actor, perms.scheme_edit_roles(filed), filed.unit, action="提出方案变更申请",
                           action_en="request a change", rule="POST-11")  # fmt: skip
    if filed.state != Scheme.State.FILED:
        raise PostRuleError(
            f"只有已备案的方案才能申请变更，当前状态为“{_state_label(filed)}”（POST-11）",
            f"only a filed scheme can be changed; this one is {filed.state} (POST-11)",
            rule="POST-11",
        )
    if change_kind not in Scheme.ChangeKind.values:
        raise PostRuleError(
            "变更申请须说明发生重大变化的方面：员额编制（人员总量）、人员结构或工作职能（POST-11）",
            "a change request must cite a major change of staffing quota, structure or function (POST-11)",
            rule="POST-11",
        )
    reason = require_text(reason, field="变更理由", field_en="the reason for the change", rule="POST-11")
    _refuse_if_open(filed.unit)
    new = Scheme.objects.create(
        unit=filed.unit,
        version=_next_version(filed.unit),
        previous=filed,
        management=filed.management,
        professional=filed.professional,
        worker=filed.worker,
        directional=filed.directional,
        quota_full_senior=filed.quota_full_senior,
        appointed=filed.appointed,
        change_kind=change_kind,
        change_reason=reason,
        created_by=actor,
    )
    _audit(new, "scheme_change_request", "", membership, actor,
           note=f"{Scheme.ChangeKind(change_kind).label}：{reason}")  # fmt: skip
    return new


@transaction.atomic
def scheme_update(
    *,
    scheme: Scheme,
    actor,
    management: dict | None = None,
    professional: dict | None = None,
    worker: dict | None = None,
    directional: dict | None = None,
    quota_full_senior: int | None | object = UNCHANGED,
    term_start: date | None = None,
    change_reason: str | None = None,
) -> Scheme:
    """Edit a draft (only drafts are editable: a returned scheme is reopened first). Categories not given are kept.
    ``quota_full_senior``: left out → kept; ``None`` → the scheme states no 正高 total (POST-06 not checked);
    a number, 0 included → that total (0 means no 正高 post at all, and POST-06 enforces it).
    The stored findings are cleared: they no longer describe the counts."""
    scheme = _lock(scheme)
    membership = acting_in(
        actor, perms.scheme_edit_roles(scheme), scheme.unit, action="修改岗位设置方案", action_en="edit the scheme"
    )
    if scheme.state != Scheme.State.DRAFT:
        raise PostRuleError(
            f"只有草稿可以修改，当前状态为“{_state_label(scheme)}”",
            f"only a draft can be edited; this scheme is {scheme.state}",
            rule="POST-10",
        )
    counts = _counts(
        {"management": management, "professional": professional, "worker": worker, "directional": directional}
    )
    fields = list(counts)
    for category, value in counts.items():
        setattr(scheme, category, value)
    if quota_full_senior is not UNCHANGED:
        if quota_full_senior is not None and (
            isinstance(quota_full_senior, bool) or not isinstance(quota_full_senior, int) or quota_full_senior < 0
        ):
            raise PostRuleError(
                "正高级岗位总额应为非负整数或不填",
                "the 正高 total must be a non-negative integer or blank",
                rule="POST-06",
            )
        scheme.quota_full_senior = quota_full_senior
        fields.append("quota_full_senior")
    if term_start is not None:
        scheme.term_start = term_start
        fields.append("term_start")
    if change_reason is not None and scheme.change_kind:
        scheme.change_reason = require_text(change_reason, field="变更理由", field_en="the reason", rule="POST-11")
        fields.append("change_reason")
    scheme.findings, scheme.checked_at = [], None
    _save(scheme, [*fields, "findings", "checked_at"])
    _audit(scheme, "scheme_update", scheme.state, membership, actor, note="、".join(fields))
    return scheme


@transaction.atomic
def scheme_check(*, scheme: Scheme, actor=None, year: int | None = None) -> list:
    """Run the engine with the unit's ratio profile and store the snapshot of the findings (not a transition)."""
    scheme = _lock(scheme)
    if actor is not None:
        acting_in(actor, perms.scheme_check_roles(scheme), scheme.unit, action="检查岗位设置方案",
                  action_en="check the scheme")  # fmt: skip
    findings = scheme_findings(scheme, year=year)
    scheme.findings = [f.as_dict() for f in findings]
    scheme.checked_at = clock.now()
    scheme.save(update_fields=["findings", "checked_at", "updated_at"])
    return findings


def _check_or_refuse(scheme: Scheme, *, today: date, action: str, action_en: str) -> None:
    findings = scheme_findings(scheme, year=today.year)
    if any(f.is_error for f in findings):
        raise error_from_findings(findings, action=action, action_en=action_en)
    scheme.findings = [f.as_dict() for f in findings]
    scheme.checked_at = clock.now()


def _needs_department(unit: Organisation) -> bool:
    """POST-10: city-direct units file directly with city HR; units under a city department and district units go
    through their supervising department first."""
    return unit.affiliation in (Organisation.Affiliation.CITY_DEPARTMENT, Organisation.Affiliation.DISTRICT) or (
        unit.affiliation == "" and unit.supervisor_id is not None
    )


@transaction.atomic
def scheme_submit(*, scheme: Scheme, actor, today: date | None = None) -> Scheme:
    """Unit HR submits a draft: the engine runs with the unit's profile (any error finding refuses, naming its
    POST-xx), POST-11 is checked, then the scheme is routed per POST-10 (two state changes, two audit records:
    ``scheme_submit`` draft→submitted by the unit, ``scheme_route`` submitted→dept_review|hr_review by the system).
    Notifies the department's reviewers or the HR bureau's officers on commit."""
    scheme = _lock(scheme)
    unit = scheme.unit
    membership = acting_in(
        actor, perms.scheme_edit_roles(scheme), unit, action="报送岗位设置方案", action_en="submit the scheme"
    )
    require_transition(scheme.submit, state_label=_state_label(scheme), action="报送", action_en="submit",
                       rule="POST-10")  # fmt: skip
    today = today_or(today)
    _post11_guard(scheme, today)
    needs_department = _needs_department(unit)
    if needs_department and unit.supervisor_id is None:
        raise PostRuleError(
            f"{unit.name}未登记主管部门，无法报主管部门审核；请人社部门在机构信息中补充（POST-10）",
            f"{unit.name} has no supervising department on record, so the scheme cannot be routed (POST-10)",
            rule="POST-10",
        )
    _check_or_refuse(scheme, today=today, action="报送", action_en="submitted")
    before = scheme.state
    scheme.submit()
    scheme.submitted_at = clock.now()
    scheme.return_reasons = ""
    _save(scheme, ["state", "submitted_at", "return_reasons", "findings", "checked_at"])
    _audit(scheme, "scheme_submit", before, membership, actor)
    before = scheme.state
    scheme.route(needs_department=needs_department)
    _save(scheme, ["state"])
    if needs_department:
        note = f"POST-10：报主管部门{unit.supervisor.name}审核"
        recipients = emails(role=Role.DEPT_REVIEWER, organisations=[unit.supervisor])
    else:
        bureaus = list(hr_bureaus_for(unit))
        note = "POST-10：市直属单位直接报市人社部门备案"
        recipients = emails(role=Role.HR_OFFICER, organisations=bureaus)
    _audit(scheme, "scheme_route", before, note=note)
    notify(event="scheme_submitted", recipients=recipients, context={"scheme": scheme, "unit": unit, "note": note})
    return scheme


@transaction.atomic
def scheme_dept_approve(*, scheme: Scheme, actor, opinion: str, today: date | None = None) -> Scheme:
    """The supervising department approves (POST-10) and the scheme goes to the HR bureau; signed (FLOW-06)."""
    scheme = _lock(scheme)
    membership = acting_in(actor, perms.scheme_dept_approve_roles(scheme), scheme.unit,
                           action="审核该单位的岗位设置方案", action_en="review this unit's scheme")  # fmt: skip
    require_transition(scheme.dept_approve, state_label=_state_label(scheme), action="作主管部门审核",
                       action_en="approve as the department", rule="POST-10")  # fmt: skip
    opinion = require_text(opinion, field="审核意见", field_en="the opinion", rule="FLOW-06")
    today = today_or(today)
    before = scheme.state
    scheme.dept_approve()
    _save(scheme, ["state"])
    signature(SchemeReview, subject_field="scheme", subject=scheme, stage="dept_review", decision="approved",
              actor=actor, membership=membership, opinion=opinion, today=today)  # fmt: skip
    _audit(scheme, "scheme_dept_approve", before, membership, actor, note=opinion)
    notify(
        event="scheme_submitted",
        recipients=emails(role=Role.HR_OFFICER, organisations=hr_bureaus_for(scheme.unit)),
        context={"scheme": scheme, "unit": scheme.unit, "note": f"主管部门{membership.organisation.name}已审核同意"},
    )
    return scheme


@transaction.atomic
def scheme_return(*, scheme: Scheme, actor, reasons: str, today: date | None = None) -> Scheme:
    """Return to the unit with reasons — by the department in dept_review, by the HR bureau in hr_review; signed
    (FLOW-06). The unit reopens it as a draft (``scheme_reopen``) to correct it."""
    scheme = _lock(scheme)
    membership = acting_in(actor, perms.scheme_return_roles(scheme), scheme.unit, action="退回该单位的岗位设置方案",
                           action_en="return this scheme")  # fmt: skip
    require_transition(scheme.return_to_unit, state_label=_state_label(scheme), action="退回", action_en="return",
                       rule="POST-10")  # fmt: skip
    reasons = require_text(reasons, field="退回理由", field_en="the reasons for returning", rule="FLOW-06")
    today = today_or(today)
    before = scheme.state
    scheme.return_to_unit()
    scheme.return_reasons = reasons
    _save(scheme, ["state", "return_reasons"])
    signature(SchemeReview, subject_field="scheme", subject=scheme, stage=before, decision="returned", actor=actor,
              membership=membership, opinion=reasons, today=today)  # fmt: skip
    _audit(scheme, "scheme_return", before, membership, actor, note=reasons)
    notify(
        event="scheme_returned",
        recipients=emails(role=Role.UNIT_HR, organisations=[scheme.unit]),
        context={"scheme": scheme, "unit": scheme.unit, "reasons": reasons, "by": membership.organisation},
    )
    return scheme


@transaction.atomic
def scheme_reopen(*, scheme: Scheme, actor) -> Scheme:
    """Unit HR takes a returned scheme back into draft to correct it."""
    scheme = _lock(scheme)
    membership = acting_in(
        actor, perms.scheme_edit_roles(scheme), scheme.unit, action="修改退回的方案", action_en="reopen the scheme"
    )
    require_transition(scheme.reopen, state_label=_state_label(scheme), action="重新编辑", action_en="reopen",
                       rule="POST-10")  # fmt: skip
    before = scheme.state
    scheme.reopen()
    _save(scheme, ["state"])
    _audit(scheme, "scheme_reopen", before, membership, actor)
    return scheme


def _report_to_city(scheme: Scheme, membership, special_count: int) -> FilingReport | None:
    """POST-10: district HR reports the 正高, directional and special posts of what it filed to city HR."""
    if membership.organisation.kind != Organisation.Kind.DISTRICT_HR:
        return None
    full_senior = sum((scheme.professional or {}).get(str(g), 0) for g in rules.FULL_SENIOR)
    directional = sum((scheme.directional or {}).values())
    if not (full_senior or directional or special_count):
        return None
    city = city_hr()
    if city is None:
        return None
    report = FilingReport.objects.create(
        from_organisation=membership.organisation,
        to_organisation=city,
        unit=scheme.unit,
        scheme=scheme,
        full_senior=full_senior,
        directional=directional,
        special=special_count,
        summary=(
            f"{scheme.unit.name}岗位设置方案第 {scheme.version} 版已备案：正高级岗位 {full_senior} 个，"
            f"定向评价、定向使用岗位 {directional} 个，特设岗位 {special_count} 个。"
        ),
    )
    notify(
        event="scheme_reported",
        recipients=emails(role=Role.HR_OFFICER, organisations=[city]),
        context={"report": report, "scheme": scheme, "unit": scheme.unit},
    )
    return report


@transaction.atomic
def scheme_file(
    *, scheme: Scheme, actor, opinion: str, today: date | None = None, term_start: date | None = None
) -> Scheme:
    """The HR bureau of the unit's jurisdiction files the scheme (备案, POST-10), signed (FLOW-06).

    The engine runs again (profiles may have changed since submission) and POST-11 again; the scheme in force is
    superseded; the term (聘期, POST-11) starts on ``term_start`` (else the scheme's, else the filing date) and runs
    ``scheme_term_years()``. A district bureau's filing with 正高, directional or special posts is reported to city HR.
    """
    scheme = _lock(scheme)
    membership = acting_in(actor, perms.scheme_file_roles(scheme), scheme.unit, action="为该单位的岗位设置方案备案",
                           action_en="file this unit's scheme")  # fmt: skip
    require_transition(scheme.file, state_label=_state_label(scheme), action="备案", action_en="file",
                       rule="POST-10")  # fmt: skip
    opinion = require_text(opinion, field="备案意见", field_en="the opinion", rule="FLOW-06")
    today = today_or(today)
    _post11_guard(scheme, today)
    _check_or_refuse(scheme, today=today, action="备案", action_en="filed")
    in_force = Scheme.objects.select_for_update().filter(unit=scheme.unit, state=Scheme.State.FILED).first()
    if in_force is not None:
        before = in_force.state
        in_force.supersede()
        _save(in_force, ["state"])
        _audit(in_force, "scheme_supersede", before, membership, actor, note=f"被第 {scheme.version} 版替代")
    before = scheme.state
    scheme.file()
    scheme.filed_on = today
    scheme.filed_by = membership.organisation
    scheme.term_start = term_start or scheme.term_start or today
    scheme.term_end = rules.add_years(scheme.term_start, scheme_term_years())
    _save(scheme, ["state", "filed_on", "filed_by", "term_start", "term_end", "findings", "checked_at"])
    signature(SchemeReview, subject_field="scheme", subject=scheme, stage="hr_review", decision="approved",
              actor=actor, membership=membership, opinion=opinion, today=today)  # fmt: skip
    _audit(scheme, "scheme_file", before, membership, actor, note=opinion)
    _report_to_city(scheme, membership, sum(p.count for p in unit_special_posts(scheme.unit)))
    notify(
        event="scheme_filed",
        recipients=emails(role=Role.UNIT_HR, organisations=[scheme.unit]),
        context={"scheme": scheme, "unit": scheme.unit, "by": membership.organisation},
    )
    return scheme


@transaction.atomic
def scheme_appointed_record(*, scheme: Scheme, actor, appointed: dict) -> Scheme:
    """Unit HR records how many people are appointed per category and grade on the filed scheme (在聘人数) — the
    basis of vacancies (POST-09, APPT-05) and of POST-12. Not a state change; audited all the same."""
    scheme = _lock(scheme)
    membership = acting_in(
        actor, perms.scheme_edit_roles(scheme), scheme.unit, action="登记在聘人数", action_en="record appointments"
    )
    if scheme.state != Scheme.State.FILED:
        raise PostRuleError(
            "在聘人数登记在已备案的方案上（POST-11）",
            "appointments are recorded on the filed scheme (POST-11)",
            rule="POST-11",
        )
    try:
        validate_appointed(appointed)
    except ValidationError as exc:
        zh, _, en = exc.messages[0].partition(" / ")
        raise PostRuleError(zh, en or zh, rule="APPT-05") from exc
    scheme.appointed = {c: clean_grade_counts(c, v) for c, v in appointed.items()}
    _save(scheme, ["appointed"])
    _audit(scheme, "scheme_appointed_record", scheme.state, membership, actor)
    return scheme
