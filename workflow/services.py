"""Writes of the process layer: publicity periods and objections (FLOW-03). One service per transition."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from .audit import audit_record
from .calendar import PUBLICITY_WORKING_DAYS
from .models import Objection, Organisation, Publicity
from .selectors import work_calendar


class PublicityError(Exception):
    """A publicity step that the rules forbid; the message is for the user (Chinese / English)."""


def publicity_start(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    starts_on: date,
    actor=None,
    role: str = "",
    content: str = "",
    working_days: int = PUBLICITY_WORKING_DAYS,
) -> Publicity:
    """FLOW-03: the last day is computed from the working-day calendar (refuses a year it does not hold)."""
    if working_days < PUBLICITY_WORKING_DAYS:
        raise PublicityError(
            f"公示期不少于 {PUBLICITY_WORKING_DAYS} 个工作日（FLOW-03）/ a publicity lasts at least "
            f"{PUBLICITY_WORKING_DAYS} working days (FLOW-03)"
        )
    ends_on = work_calendar().publicity_end(starts_on, working_days)
    with transaction.atomic():
        publicity = Publicity.objects.create(
            kind=kind,
            organisation=organisation,
            title=title,
            content=content,
            starts_on=starts_on,
            working_days=working_days,
            ends_on=ends_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            subject=publicity,
            transition="publicity_start",
            to_state=publicity.state,
            actor=actor,
            role=role,
            organisation=organisation,
            note=f"{starts_on.isoformat()} – {ends_on.isoformat()}",
        )
    return publicity


def objection_raise(
    *, publicity: Publicity, subject_label: str, content: str, raised_on: date, raised_by: str = "", actor=None
) -> Objection:
    if publicity.state != Publicity.State.OPEN:
        raise PublicityError("公示已结束，不能再登记异议 / the publicity is closed")
    if not content.strip():
        raise PublicityError("请填写异议内容 / the objection needs its content")
    if raised_on < publicity.starts_on:
        raise PublicityError("异议日期早于公示开始日 / the objection predates the publicity")
    with transaction.atomic():
        objection = Objection.objects.create(
            publicity=publicity, subject_label=subject_label, content=content, raised_on=raised_on, raised_by=raised_by
        )
        audit_record(
            subject=publicity,
            transition="objection_raise",
            from_state=publicity.state,
            to_state=publicity.state,
            actor=actor,
            organisation=publicity.organisation,
            note=f"{subject_label}: {content}",
        )
    return objection


def objection_resolve(*, objection: Objection, upheld: bool, note: str, actor=None, role: str = "") -> Objection:
    """FLOW-03: every objection is resolved with a written note; upheld sends the case back (caller's business)."""
    if not note.strip():
        raise PublicityError("处理异议须填写书面意见 / resolving an objection needs a written note")
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.outcome != Objection.Outcome.OPEN:
            raise PublicityError("该异议已处理 / this objection has already been resolved")
        objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
        objection.resolution_note = note
        objection.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
        objection.resolved_at = timezone.now()
        objection.save(update_fields=["outcome", "resolution_note", "resolved_by", "resolved_at"])
        audit_record(
            subject=objection.publicity,
            transition="objection_resolve",
            from_state=Objection.Outcome.OPEN,
            to_state=objection.outcome,
            actor=actor,
            role=role,
            organisation=objection.publicity.organisation,
            note=note,
        )
    return objection


def publicity_close(*, publicity: Publicity, today: date, actor=None, role: str = "") -> Publicity:
    """FLOW-03: only after the end of the last working day, and only with no open objection."""
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
        if publicity.state != Publicity.State.OPEN:
            raise PublicityError("该公示已结束 / this publicity is already closed")
        if not today > publicity.ends_on:
            raise PublicityError(
                f"公示期至 {publicity.ends_on.isoformat()} 结束，之后才能结束公示（FLOW-03）/ "
                f"the publicity runs until {publicity.ends_on.isoformat()} (FLOW-03)"
            )
        if publicity.objections.filter(outcome=Objection.Outcome.OPEN).exists():
            raise PublicityError("有未处理的异议，不能结束公示（FLOW-03）/ an objection is still open (FLOW-03)")
        before = publicity.state
        publicity.close()
        publicity.closed_at = timezone.now()
        publicity.save(update_fields=["state", "closed_at"])
        audit_record(
            subject=publicity,
            transition="publicity_close",
            from_state=before,
            to_state=publicity.state,
            actor=actor,
            role=role,
            organisation=publicity.organisation,
        )
    return publicity
