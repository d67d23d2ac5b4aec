"""POST-09 periodic expiry of special posts: only ended terms, idempotent, audited by the system."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from posts.models import SpecialPost
from posts.tasks import special_posts_expire
from workflow.models import AuditRecord, OutboxMessage

from .test_special_posts import active, w  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def test_POST_09_special_posts_expire_is_in_the_beat_schedule():
    assert any(e["task"] == "posts.tasks.special_posts_expire" for e in settings.CELERY_BEAT_SCHEDULE.values())


def test_POST_09_special_posts_expire_cancels_ended_posts_once_and_is_idempotent(w):  # noqa: F811
    ended = active(w, grade=7)
    running = active(w, grade=6)
    today = timezone.localdate()
    # the ended post's term closed yesterday; the running one ends today (still in term on its last day)
    SpecialPost.objects.filter(pk=ended.pk).update(term_start=date(2020, 1, 1), term_end=today - timedelta(days=1))
    SpecialPost.objects.filter(pk=running.pk).update(term_start=date(2020, 1, 1), term_end=today)

    assert special_posts_expire() == 1
    assert SpecialPost.objects.get(pk=ended.pk).state == "expired"
    assert SpecialPost.objects.get(pk=running.pk).state == "active"
    record = AuditRecord.objects.get(transition="special_post_expire")
    assert (record.actor_name, record.from_state, record.to_state) == ("系统", "active", "expired")
    mails = OutboxMessage.objects.filter(event="special_post_expired").count()

    assert special_posts_expire() == 0  # second run changes nothing
    assert AuditRecord.objects.filter(transition="special_post_expire").count() == 1
    assert OutboxMessage.objects.filter(event="special_post_expired").count() == mails == 1


def test_POST_09_special_posts_expire_runs_to_retirement_then_cancels(w):  # noqa: F811
    post = active(w, holder_retirement_date=date(2026, 1, 31))
    assert post.runs_to_retirement
    SpecialPost.objects.filter(pk=post.pk).update(term_start=date(2019, 1, 31), term_end=date(2020, 1, 31))
    assert special_posts_expire() == 1
    assert SpecialPost.objects.get(pk=post.pk).outcome_note == "聘用人员退休，特设岗位核销"
