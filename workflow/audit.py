"""FLOW-05: the functions every transition service calls to record what happened."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType

from .models import AuditRecord


def _actor(actor) -> tuple[object, str]:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor, actor.get_full_name() or actor.get_username()
    return None, "系统"  # automatic transitions (deadline passed, period ended) are done by the system


def _unsaved(
    *, subject, subject_type, transition, from_state, to_state, actor, actor_name, role, organisation_id, note
) -> AuditRecord:
    return AuditRecord(
        subject_type=subject_type,
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:300],
        transition=transition,
        from_state=str(from_state),
        to_state=str(to_state),
        actor=actor,
        actor_name=actor_name,
        role=role,
        organisation_id=organisation_id,
        note=note,
    )


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
    actor, actor_name = _actor(actor)
    record = _unsaved(
        subject=subject,
        subject_type=ContentType.objects.get_for_model(subject),
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_name=actor_name,
        role=role,
        organisation_id=None,
        note=note,
    )
    record.organisation = organisation
    record.save()  # an INSERT (AuditRecord.save: append-only)
    return record


def audit_records(
    *,
    subjects: Sequence,
    organisation_ids: Sequence[int | None],
    transition: str,
    from_state: str = "",
    to_state: str = "",
    actor=None,
    role: str = "",
    note: str = "",
) -> list[AuditRecord]:
    """The same record as ``audit_record`` for each of ``subjects`` (all of one model, one transition), on behalf of
    the organisation at the same position of ``organisation_ids``: one INSERT for the lot (batch services)."""
    if not subjects:
        return []
    actor, actor_name = _actor(actor)
    subject_type = ContentType.objects.get_for_model(subjects[0])
    common = dict(transition=transition, from_state=from_state, to_state=to_state, actor=actor,
                  actor_name=actor_name, role=role, note=note)  # fmt: skip
    return AuditRecord.objects.bulk_create(
        [
            _unsaved(subject=subject, subject_type=subject_type, organisation_id=organisation_id, **common)
            for subject, organisation_id in zip(subjects, organisation_ids, strict=True)
        ],
        batch_size=1000,
    )
