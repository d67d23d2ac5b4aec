import pytest
from django.core import mail
from django.db import transaction

from workflow.models import OutboxMessage
from workflow.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_stores_in_outbox_then_sends_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="test_event", recipients=["a@example.com", "a@example.com", ""], context={"name": "李明"})
        assert OutboxMessage.objects.get().status == OutboxMessage.Status.PENDING
        assert mail.outbox == []
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "【乌海市职称评审】测试通知"
    assert "李明，您好" in mail.outbox[0].body


def test_notify_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(event="test_event", recipients=["a@example.com"], context={"name": "x"})
                raise RuntimeError("transition failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == [] and not OutboxMessage.objects.exists()


def test_outbox_send_is_idempotent(django_capture_on_commit_callbacks):
    from workflow.tasks import outbox_send

    with django_capture_on_commit_callbacks(execute=True):
        [message] = notify(event="test_event", recipients=["b@example.com"], context={"name": "x"})
    assert outbox_send(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_outbox_send_failure_is_recorded(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.workflow.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="test_event", recipients=["c@example.com"], context={"name": "x"})
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED and "relay refused" in message.last_error
