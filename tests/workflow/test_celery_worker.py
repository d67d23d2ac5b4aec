"""A real Celery worker against Redis runs the tasks (CI sets CELERY_BROKER_URL; skipped otherwise)."""

from datetime import date

import pytest

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.loader.import_module("celery.contrib.testing.tasks")
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=30) as w:
        yield w


def test_real_worker_closes_due_publicities_and_sends_mail(worker, settings):
    from django.core import mail

    from workflow.models import Organisation, OutboxMessage, Publicity
    from workflow.notifications import notify
    from workflow.services import publicity_start
    from workflow.tasks import publicity_close_due

    unit = Organisation.objects.create(kind="unit", code="u-worker", name="乌海市第一中学", jurisdiction="city")
    publicity_start(organisation=unit, kind="other", title="ended", starts_on=date(2023, 6, 5))  # last day 9 June
    publicity_start(organisation=unit, kind="other", title="running", starts_on=date(2023, 6, 29))  # until 5 July
    # The worker reads the process clock (workflow.clock) too: settings are process-wide, the worker is a thread.
    settings.WUHAI_TODAY = "2023-07-01"
    assert publicity_close_due.delay().get(timeout=30) == 1
    assert dict(Publicity.objects.values_list("title", "state")) == {"ended": "closed", "running": "open"}

    notify(event="test_event", recipients=["w@example.com"], context={"name": "x"})  # autocommit: queued at once
    message = OutboxMessage.objects.get()
    from workflow.tasks import outbox_send

    assert outbox_send.delay(message_id=message.pk).get(timeout=30) in {"sent", "skipped"}
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) >= 1
