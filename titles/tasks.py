"""Thin, idempotent Celery tasks of the review workflow: they take keyword-only ids, call services, and change
nothing when run twice or by two workers at once (the services lock the row and refuse a second transition;
reminders are sent at most once per item and day, checked against the outbox)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from titles.models import Application, ApplicationWindow, CorrectionNotice
from titles.models.applications import ApplicationState
from titles.permissions import REGION_KEY_PREFIX
from titles.selectors.review import _window_group
from titles.services.workflow import (
    AlreadyHandled,
    TitleWorkflowError,
    _committee_organisations,
    _hr_bureaus,
    correction_notice_expire,
    result_filing_deadline,
)
from workflow import clock
from workflow.models import Membership, OutboxMessage, Publicity, Role
from workflow.notifications import notify

log = logging.getLogger(__name__)
S = ApplicationState

WINDOW_REMINDER_DAYS = 7  # remind drafts this many days before the window closes (TITLE-02)
FILING_REMINDER_DAYS = 7  # remind this many days before the one-month filing deadline (TITLE-15)


def _today(today: str | None) -> date:
    return date.fromisoformat(today) if today else clock.today()


def _sent_today(event: str, recipient: str, marker: str) -> bool:
    """At most one reminder per item, recipient and calendar day of sending (the outbox is the record)."""
    since = timezone.now() - timedelta(hours=20)  # created_at is the real clock (auto_now_add)
    return OutboxMessage.objects.filter(
        event=event, recipient=recipient, body__contains=marker, created_at__gte=since
    ).exists()


def _remind(event: str, recipients, context: dict, marker: str, today: date) -> int:
    fresh = [r for r in set(recipients) if r and not _sent_today(event, r, marker)]
    if fresh:
        with transaction.atomic():
            notify(event=event, recipients=fresh, context=context)
    return len(fresh)


@shared_task
def correction_notice_expire_one(*, notice_id: int, today: str | None = None) -> str:
    """FLOW-04: one notice past its deadline → the application is withdrawn (视为放弃申报)."""
    try:
        correction_notice_expire(notice=notice_id, today=_today(today))
    except AlreadyHandled:
        return "skipped"
    except TitleWorkflowError as exc:  # not due (yet): nothing to do
        log.info("correction notice %s not expired: %s", notice_id, exc)
        return "not_due"
    return "expired"


@shared_task
def correction_notices_expire(*, today: str | None = None) -> int:
    """FLOW-04: expire every open notice whose deadline (included) has passed."""
    day = _today(today)
    ids = list(
        CorrectionNotice.objects.filter(
            state=CorrectionNotice.State.OPEN, deadline__lt=day, application__state=S.CORRECTION
        ).values_list("pk", flat=True)
    )
    return sum(correction_notice_expire_one(notice_id=pk, today=day.isoformat()) == "expired" for pk in ids)


@shared_task
def unit_publicities_closed_remind(*, today: str | None = None) -> int:
    """TITLE-08: a closed unit publicity never recommends by itself — unit HR signs. Remind unit HR once a day
    while applicants of a closed publicity still wait for the signed recommendation (the inbox lists them too)."""
    day = _today(today)
    waiting = (
        Application.objects.filter(state=S.UNIT_PUBLICITY, unit_publicity__state=Publicity.State.CLOSED)
        .values_list("unit_publicity_id", flat=True)
        .distinct()
    )
    sent = 0
    for publicity in Publicity.objects.filter(pk__in=list(waiting)).select_related("organisation"):
        count = Application.objects.filter(unit_publicity=publicity, state=S.UNIT_PUBLICITY).count()
        recipients = Membership.objects.filter(
            role=Role.UNIT_HR, organisation=publicity.organisation, active=True
        ).values_list("user__email", flat=True)
        sent += _remind(
            "title_publicity_closed",
            recipients,
            {"publicity": publicity, "count": count},
            publicity.title,
            day,
        )
    return sent


@shared_task
def window_closing_remind(*, today: str | None = None) -> int:
    """TITLE-02: applicants with a draft whose window closes within a week are reminded once a day."""
    day = _today(today)
    windows = {
        (w.evaluation_year_id, w.group): w.closes_on
        for w in ApplicationWindow.objects.filter(
            closes_on__gte=day, closes_on__lte=day + timedelta(WINDOW_REMINDER_DAYS)
        )
    }
    if not windows:
        return 0
    year_ids = {key[0] for key in windows}
    sent = 0
    for app in Application.objects.filter(state=S.DRAFT, evaluation_year_id__in=year_ids).select_related(
        "applicant", "series"
    ):
        closes_on = windows.get((app.evaluation_year_id, _window_group(app)))
        if closes_on is None or not app.applicant.email:
            continue
        sent += _remind(
            "title_window_closing",
            [app.applicant.email],
            {"application": app, "closes_on": closes_on},
            app.series.name_zh,
            day,
        )
    return sent


@shared_task
def result_filing_remind(*, today: str | None = None) -> int:
    """TITLE-15: results must be filed within one month after the review; remind HR and the committee office
    once a day from a week before the deadline until it is filed."""
    day = _today(today)
    sent = 0
    apps = Application.objects.filter(
        state__in=[S.PASSED, S.RESULT_PUBLICITY], effective_on__isnull=False
    ).select_related("applicant", "unit")
    for app in apps:
        deadline = result_filing_deadline(app.effective_on)
        if deadline - timedelta(days=FILING_REMINDER_DAYS) > day:
            continue
        if app.committee_key.startswith(REGION_KEY_PREFIX):
            continue
        recipients = list(
            Membership.objects.filter(
                role__in=[Role.HR_OFFICER, Role.COMMITTEE_OFFICE],
                active=True,
                organisation__in=[*_hr_bureaus(app.unit), *_committee_organisations(app.committee_key)],
            ).values_list("user__email", flat=True)
        )
        sent += _remind(
            "title_filing_due",
            recipients,
            {"application": app, "deadline": deadline},
            f"{app.applicant.get_full_name() or app.applicant.get_username()}（{app.unit.name}）",
            day,
        )
    return sent


@shared_task
def committees_expire(*, today: str | None = None) -> int:
    """CMTE-01/CMTE-04 (Order No. 40 Art. 8): committees whose filing ran out are marked expired (audited, the
    office notified), so they show as 已过期, receive and schedule nothing, and city HR can approve them again.
    Idempotent: an expired committee is no longer approved, so a second run changes nothing."""
    from titles.services.committees import committees_expire_due

    return len(committees_expire_due(today=_today(today)))
