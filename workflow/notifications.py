"""Notifications: rendered from templates/emails/<event>.txt (first line = subject), stored in the outbox, then
sent by a task queued on commit — a rolled-back transition sends nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboxMessage


def notify(*, event: str, recipients: Iterable[str], context: dict) -> list[OutboxMessage]:
    addresses = sorted({r for r in recipients if r})
    if not addresses:
        return []
    with translation.override("zh-hans"):
        rendered = render_to_string(f"emails/{event}.txt", context)
    subject, _, body = rendered.strip().partition("\n")
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(event=event, recipient=a, subject=subject.strip()[:200], body=body.strip()) for a in addresses]
    )
    ids = [m.pk for m in messages if m.pk is not None]
    if not ids:  # backends that do not return ids from bulk_create
        ids = list(
            OutboxMessage.objects.filter(event=event, recipient__in=addresses, status=OutboxMessage.Status.PENDING)
            .order_by("-id")
            .values_list("pk", flat=True)[: len(addresses)]
        )

    def _queue():
        from .tasks import outbox_send

        for pk in ids:
            outbox_send.delay(message_id=pk)

    transaction.on_commit(_queue)
    return messages
