"""Thin, idempotent Celery tasks: they take ids, call services, and change nothing when run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import clock
from .models import OutboxMessage
from .selectors import open_publicities_due
from .services import PUBLICITY_CLOSE_CHUNK, publicities_close

log = logging.getLogger(__name__)


@shared_task
def outbox_send(*, message_id: int) -> str:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutboxMessage.Status.SENT:
            return "skipped"
        message.attempts += 1
        try:
            send_mail(message.subject, message.body, None, [message.recipient], fail_silently=False)
        except Exception as exc:  # noqa: BLE001 — any transport failure is recorded and retried later
            message.status = OutboxMessage.Status.FAILED
            message.last_error = str(exc)[:2000]
            message.save(update_fields=["status", "attempts", "last_error"])
            return "failed"
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["status", "attempts", "sent_at"])
    return "sent"


@shared_task
def outbox_retry_failed() -> int:
    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED, attempts__lt=5).values_list("pk", flat=True)
    )
    for pk in ids:
        outbox_send(message_id=pk)
    return len(ids)


@shared_task
def publicity_close_due() -> int:
    """FLOW-03: close every publicity whose last working day has passed and that has no open objection, in chunks
    of ``PUBLICITY_CLOSE_CHUNK`` — one transaction and a fixed number of queries per chunk (``publicities_close``),
    not per publicity (DESIGN.md: bulk operations in tasks)."""
    today = clock.today()
    ids = list(open_publicities_due(today).values_list("pk", flat=True))
    closed = 0
    for start in range(0, len(ids), PUBLICITY_CLOSE_CHUNK):
        chunk = ids[start : start + PUBLICITY_CLOSE_CHUNK]
        done = len(publicities_close(ids=chunk, today=today))
        if done < len(chunk):  # closed meanwhile, an objection came in, or locked by a person closing it now
            log.info("%d of %d due publicities not closed this run", len(chunk) - done, len(chunk))
        closed += done
    return closed
