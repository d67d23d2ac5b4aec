"""What every post-setting service shares: the domain error, permission lookup, FLOW-06 signatures, recipients."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django_fsm import ConcurrentTransition, can_proceed

from workflow import clock
from workflow.audit import audit_record
from workflow.findings import Finding
from workflow.models import Membership, Organisation, Role
from workflow.permissions import PermissionDenied, acting_membership

ROLE_NAMES = {
    Role.UNIT_HR: ("单位人事干部", "unit HR officer"),
    Role.DEPT_REVIEWER: ("主管部门审核人", "reviewer of the supervising department"),
    Role.HR_OFFICER: ("人社部门经办人", "HR bureau officer"),
}


class PostRuleError(Exception):
    """A post-setting step the rules forbid. ``str()`` is the Chinese and the English message; ``rule`` is the
    RULES.md ID (or IDs) it enforces; ``findings`` the engine findings behind it, if any. Raised before anything is
    written, or inside the service's transaction so that nothing stays half-saved."""

    def __init__(self, message: str, message_en: str, *, rule: str, findings: Sequence[Finding] = ()):
        self.message = message
        self.message_en = message_en
        self.rule = rule
        self.findings = tuple(findings)
        super().__init__(f"{message} / {message_en}")


def today_or(today: date | None) -> date:
    return today if today is not None else clock.today()


def acting(user, role: str, unit: Organisation, *, action: str, action_en: str, rule: str = "POST-10") -> Membership:
    """The membership on whose behalf ``user`` acts on ``unit`` in ``role``, or PermissionDenied (zh / en)."""
    membership = acting_membership(user, role, unit) if getattr(user, "is_authenticated", False) else None
    if membership is None:
        zh, en = ROLE_NAMES.get(role, (role, role))
        raise PermissionDenied(
            f"只有{unit.name}对应的{zh}才能{action}（{rule}）/ only the {en} responsible for {unit.name} may "
            f"{action_en} ({rule})"
        )
    return membership


def acting_in(
    user, roles: Sequence[str], unit: Organisation, *, action: str, action_en: str, rule: str = "POST-10"
) -> Membership:
    """The acting membership in one of ``roles`` — the permission half of a ``posts.permissions`` predicate."""
    if len(roles) == 1:
        return acting(user, roles[0], unit, action=action, action_en=action_en, rule=rule)
    return acting_any(user, roles, unit, action=action, action_en=action_en)


def acting_any(user, roles: Iterable[str], unit: Organisation, *, action: str, action_en: str) -> Membership:
    for role in roles:
        membership = acting_membership(user, role, unit) if getattr(user, "is_authenticated", False) else None
        if membership is not None:
            return membership
    raise PermissionDenied(f"您无权对{unit.name}{action} / you may not {action_en} for {unit.name}")


def require_transition(bound_method, *, state_label: str, action: str, action_en: str, rule: str) -> None:
    """FSM guard with a user message instead of TransitionNotAllowed."""
    if not can_proceed(bound_method):
        raise PostRuleError(
            f"当前状态为“{state_label}”，不能{action}（{rule}）",
            f"cannot {action_en} in state “{state_label}” ({rule})",
            rule=rule,
        )


def require_text(value: str, *, field: str, field_en: str, rule: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PostRuleError(f"请填写{field}（{rule}）", f"{field_en} is required ({rule})", rule=rule)
    return value


def signer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def signature(
    model,
    *,
    subject_field: str,
    subject,
    stage: str,
    decision: str,
    actor,
    membership: Membership,
    opinion: str,
    today: date,
):
    """FLOW-06: 谁审核、谁签字、谁负责 — reviewer, opinion, date and the organisation acted for."""
    return model.objects.create(
        **{subject_field: subject},
        stage=stage,
        decision=decision,
        reviewer=actor,
        reviewer_name=signer_name(actor),
        opinion=opinion,
        decided_on=today,
        organisation=membership.organisation,
    )


def hr_bureaus_for(unit: Organisation):
    """POST-10: city-level units file with city HR, district units with their district's HR bureau."""
    if unit.jurisdiction == "city":
        return Organisation.objects.filter(kind=Organisation.Kind.CITY_HR)
    return Organisation.objects.filter(kind=Organisation.Kind.DISTRICT_HR, jurisdiction=unit.jurisdiction)


def city_hr():
    return Organisation.objects.filter(kind=Organisation.Kind.CITY_HR).order_by("id").first()


def emails(*, role: str, organisations) -> list[str]:
    return list(
        Membership.objects.filter(role=role, active=True, organisation__in=organisations)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def error_from_findings(findings: Sequence[Finding], *, action: str, action_en: str) -> PostRuleError:
    errors = [f for f in findings if f.is_error]
    rules = sorted({f.rule for f in errors})
    return PostRuleError(
        f"方案存在不符合规定的问题，不能{action}：" + "；".join(f"{f.rule} {f.message}" for f in errors),
        f"the scheme breaks the rules and cannot be {action_en}: "
        + "; ".join(f"{f.rule} {f.message_en}" for f in errors),
        rule=", ".join(rules),
        findings=errors,
    )


def save_transition(obj, fields: list[str], *, what: str, what_en: str) -> None:
    """Save a transition's fields; a concurrent change of the same row (optimistic concurrency) becomes a user
    message instead of a server error."""
    try:
        obj.save(update_fields=[*fields, "updated_at"])
    except ConcurrentTransition as exc:
        raise PostRuleError(
            f"{what}已被他人同时处理，请刷新后重试",
            f"the {what_en} was changed by someone else meanwhile; reload and retry",
            rule="FLOW-05",
        ) from exc


def audit_transition(obj, transition: str, before: str, membership=None, actor=None, note: str = "") -> None:
    """FLOW-05 record of a posts transition, on behalf of the membership's organisation when there is one."""
    audit_record(
        subject=obj,
        transition=transition,
        from_state=before,
        to_state=obj.state,
        actor=actor,
        role=membership.role if membership else "",
        organisation=membership.organisation if membership else None,
        note=note,
    )
