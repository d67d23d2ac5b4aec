"""Thin, idempotent Celery tasks of post-setting: they take ids or nothing, call services, and change nothing when
run a second time."""

from __future__ import annotations

import logging

from celery import shared_task

from workflow import clock

from .models import SpecialPost
from .selectors import special_posts_due_to_expire
from .services import PostRuleError, special_post_expire

log = logging.getLogger(__name__)


@shared_task
def special_posts_expire() -> int:
    """POST-09: cancel (核销) every active special post whose term or run to retirement ended before today."""
    today = clock.today()
    expired = 0
    for pk in list(special_posts_due_to_expire(today).values_list("pk", flat=True)):
        try:
            special_post_expire(post=SpecialPost(pk=pk), today=today)
            expired += 1
        except PostRuleError as exc:  # cancelled or extended meanwhile by a person, or another worker was first
            log.info("special post %s not expired: %s", pk, exc)
    return expired
