"""Thin, idempotent Celery tasks of the review workflow: they take keyword-only ids, call services, and change
nothing when run twice or by two workers at once (the services lock the row and refuse a second transition).

Reminders are sent at most once per item, recipient and day of the process clock: the day and the item's number are
part of the subject (``templates/emails/<event>.txt``, first line), and one query over the outbox finds the pairs
(recipient, subject) already stored. Each reminder task reads a fixed number of queries whatever the number of
items; only the stored messages are written one batch per item (``workflow.notifications.notify``)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from titles.committee_rules import DEFAULT_SETTINGS as COMMITTEE_SETTINGS
from titles.models import Application, ApplicationWindow, Committee, CorrectionNotice, Meeting
from titles.models.applications import REGION_KEY_PREFIX, ApplicationState, city_hr_holds
from titles.selectors.review import _window_group
from titles.services.workflow import (
    AlreadyHandled,
    TitleWorkflowError,
    correction_notice_expire,
    result_filing_deadline,
)
from workflow import clock
from workflow.models import Membership, Organisation, OutboxMessage, Publicity, Role
from workflow.notifications import notify
from workflow.permissions import hr_bureau_reaches

log = logging.getLogger(__name__)
S = ApplicationState

WINDOW_REMINDER_DAYS = 7  # remind drafts this many days before the window closes (TITLE-02)
FILING_REMINDER_DAYS = 7  # remind this many days before the one-month filing deadline (TITLE-15)
PLAN_REMINDER_DAYS = 7  # remind this many days before the plan-filing deadline (CMTE-02)
# TITLE-15: the filing deadline is a month after the review, never earlier than 28 days after it; a result younger
# than this cannot be within the reminder window (a cheap bound for the query, the exact check follows).
_FILING_WINDOW_BOUND = timedelta(days=28 - FILING_REMINDER_DAYS)


def _today(today: str | None) -> date:
    return date.fromisoformat(today) if today else clock.today()


def _subject(event: str, context: dict) -> str:
    """The subject ``notify`` will store (the template's first line, rendered in Chinese)."""
    with translation.override("zh-hans"):
        rendered = render_to_string(f"emails/{event}.txt", context)
    return rendered.strip().partition("\n")[0].strip()[:200]


def _remind_each(event: str, items: Iterable[tuple[Iterable[str], dict]], *, lock: QuerySet) -> int:
    """Send each item's reminder to those of its recipients who do not have it yet (one outbox query for all).

    ``lock``: the rows the reminders are about, locked first, so that a second worker running the same task at
    the same moment waits and then finds the messages stored (PostgreSQL; SQLite serialises writers)."""
    planned = []
    for recipients, context in items:
        addresses = {r for r in recipients if r}
        if addresses:
            planned.append((addresses, context, _subject(event, context)))
    if not planned:
        return 0
    sent = 0
    with transaction.atomic():
        list(lock.select_for_update(of=("self",)).values_list("pk", flat=True))
        stored = set(
            OutboxMessage.objects.filter(event=event, subject__in={subject for *_, subject in planned}).values_list(
                "recipient", "subject"
            )
        )
        for addresses, context, subject in planned:
            fresh = sorted(a for a in addresses if (a, subject) not in stored)
            if fresh:
                notify(event=event, recipients=fresh, context=context)
                sent += len(fresh)
    return sent


def _emails_by_organisation(roles: Iterable[str], organisation_ids: Iterable[int]) -> dict[int, set[str]]:
    emails: dict[int, set[str]] = defaultdict(set)
    rows = (
        Membership.objects.filter(role__in=list(roles), active=True, organisation_id__in=set(organisation_ids))
        .exclude(user__email="")
        .values_list("organisation_id", "user__email")
    )
    for organisation_id, email in rows:
        emails[organisation_id].add(email)
    return emails


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
    waiting: dict[int, int] = defaultdict(int)
    for publicity_id in Application.objects.filter(
        state=S.UNIT_PUBLICITY, unit_publicity__state=Publicity.State.CLOSED
    ).values_list("unit_publicity_id", flat=True):
        waiting[publicity_id] += 1
    if not waiting:
        return 0
    publicities = list(Publicity.objects.filter(pk__in=list(waiting)))
    emails = _emails_by_organisation([Role.UNIT_HR], (p.organisation_id for p in publicities))
    return _remind_each(
        "title_publicity_closed",
        (
            (emails.get(p.organisation_id, ()), {"publicity": p, "count": waiting[p.pk], "today": day})
            for p in publicities
        ),
        lock=Publicity.objects.filter(pk__in=[p.pk for p in publicities]),
    )


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
    drafts = Application.objects.filter(
        state=S.DRAFT, evaluation_year_id__in={key[0] for key in windows}
    ).select_related("applicant", "series")
    items, ids = [], []
    for app in drafts:
        closes_on = windows.get((app.evaluation_year_id, _window_group(app)))
        if closes_on is not None:
            items.append(([app.applicant.email], {"application": app, "closes_on": closes_on, "today": day}))
            ids.append(app.pk)
    return _remind_each("title_window_closing", items, lock=Application.objects.filter(pk__in=ids))


@shared_task
def result_filing_remind(*, today: str | None = None) -> int:
    """TITLE-15: results must be filed within one month after the review; remind HR and the committee office
    once a day from a week before the deadline until it is filed (region-reviewed results: the region files)."""
    day = _today(today)
    apps = []
    for app in (
        Application.objects.filter(
            state__in=[S.PASSED, S.RESULT_PUBLICITY],
            effective_on__isnull=False,
            effective_on__lte=day - _FILING_WINDOW_BOUND,
        )
        .exclude(committee_key__startswith=REGION_KEY_PREFIX)
        .select_related("applicant", "unit")
    ):
        deadline = result_filing_deadline(app.effective_on)
        if deadline - timedelta(days=FILING_REMINDER_DAYS) <= day:
            apps.append((app, deadline))
    if not apps:
        return 0
    bureaus = list(Organisation.objects.filter(kind__in=[Organisation.Kind.CITY_HR, Organisation.Kind.DISTRICT_HR]))
    keys = {app.committee_key for app, _ in apps if app.committee_key}
    by_key: dict[str, set[int]] = defaultdict(set)
    for org in Organisation.objects.filter(code__in=keys):
        by_key[org.code].add(org.pk)
    for key, organiser_id in Committee.objects.filter(key__in=keys).values_list("key", "organiser_id"):
        by_key[key].add(organiser_id)

    def organisations(app: Application) -> set[int]:
        # The HR bureau(s) reaching the unit — city HR too for a district's senior case (TITLE-07) — and the
        # committee's office.
        hr = {
            b.pk
            for b in bureaus
            if hr_bureau_reaches(b, app.unit) or (city_hr_holds(app) and b.kind == Organisation.Kind.CITY_HR)
        }
        return hr | by_key.get(app.committee_key, set())

    targets = {app.pk: organisations(app) for app, _ in apps}
    emails = _emails_by_organisation(
        [Role.HR_OFFICER, Role.COMMITTEE_OFFICE], {pk for orgs in targets.values() for pk in orgs}
    )
    return _remind_each(
        "title_filing_due",
        (
            (
                {e for org in targets[app.pk] for e in emails.get(org, ())},
                {"application": app, "deadline": deadline, "today": day},
            )
            for app, deadline in apps
        ),
        lock=Application.objects.filter(pk__in=list(targets)),
    )


@shared_task
def meeting_plan_filing_remind(*, today: str | None = None) -> int:
    """CMTE-02: a committee files its review plan at least 7 calendar days before the meeting (and the meeting may
    start only after city HR approves it). Remind the committee office once a day, from a week before that
    deadline until the deadline (included), of each planned meeting whose plan is not filed yet."""
    day = _today(today)
    lead = COMMITTEE_SETTINGS.plan_filing_lead_days
    meetings = list(
        Meeting.objects.filter(
            state=Meeting.State.PLANNED,
            meets_on__gte=day + timedelta(days=lead),
            meets_on__lte=day + timedelta(days=lead + PLAN_REMINDER_DAYS),
        ).select_related("committee")
    )
    if not meetings:
        return 0
    emails = _emails_by_organisation([Role.COMMITTEE_OFFICE], (m.committee.organiser_id for m in meetings))
    return _remind_each(
        "title_meeting_plan_due",
        (
            (
                emails.get(m.committee.organiser_id, ()),
                {"meeting": m, "deadline": m.meets_on - timedelta(days=lead), "lead_days": lead, "today": day},
            )
            for m in meetings
        ),
        lock=Meeting.objects.filter(pk__in=[m.pk for m in meetings]),
    )


@shared_task
def committees_expire(*, today: str | None = None) -> int:
    """CMTE-01/CMTE-04 (Order No. 40 Art. 8): committees whose filing ran out are marked expired (audited, the
    office notified), so they show as 已过期, receive and schedule nothing, and city HR can approve them again.
    Idempotent: an expired committee is no longer approved, so a second run changes nothing."""
    from titles.services.committees import committees_expire_due

    return len(committees_expire_due(today=_today(today)))
