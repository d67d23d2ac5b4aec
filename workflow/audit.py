"""FLOW-05: the one function every transition service calls to record what happened."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .models import AuditRecord


def audit_record(
    *,
    subject,
    transition: str,
    from_state: str = "",
    to_state: str = "",
    actor=None,
    role: str = "",
    organisation=None,
    note: str = "",
) -> AuditRecord:
    actor_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_name = actor.get_full_name() or actor.get_username()
    else:
        actor = None
        actor_name = "系统"  # automatic transitions (deadline passed, period ended) are done by the system
    return AuditRecord.objects.create(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:300],
        transition=transition,
        from_state=str(from_state),
        to_state=str(to_state),
        actor=actor,
        actor_name=actor_name,
        role=role,
        organisation=organisation,
        note=note,
    )
