"""Reads of the process layer, each a fixed number of queries."""

from __future__ import annotations

from contextvars import ContextVar, Token

from django.db.models import QuerySet

from .calendar import WorkCalendar, calendar_year_gaps
from .models import AuditRecord, CalendarDay, CalendarYear, Membership, Publicity


def work_calendar() -> WorkCalendar:
    """FLOW-02: the stored calendar (2 queries). HR extends it in the admin when a new notice is published.

    A year counts only when it is marked complete and holds its 元旦 and 春节 (``calendar_year_gaps``); any other
    stored year is refused like a missing one, never filled in with Monday–Friday."""
    entered = dict(CalendarYear.objects.values_list("year", "published"))
    holidays: dict = {}
    workdays: set = set()
    for day, kind, festival in CalendarDay.objects.values_list("day", "kind", "festival"):
        if kind == CalendarDay.Kind.WORKDAY:
            workdays.add(day)
        else:
            holidays[day] = festival
    loaded = frozenset(y for y, published in entered.items() if published and not calendar_year_gaps(y, holidays))
    return WorkCalendar(
        years=loaded,
        holidays=frozenset(d for d in holidays if d.year in loaded),
        makeup_workdays=frozenset(d for d in workdays if d.year in loaded),
        unfinished=frozenset(entered) - loaded,
    )


# The memberships read during the current request, by user id (``workflow.middleware.RequestMembershipsMiddleware``
# opens one store per request). Outside a request (tasks, the shell, services called by tests) there is none.
_REQUEST_MEMBERSHIPS: ContextVar[dict[int, list[Membership]] | None] = ContextVar("request_memberships", default=None)


def request_memberships_open() -> Token:
    return _REQUEST_MEMBERSHIPS.set({})


def request_memberships_close(token: Token) -> None:
    _REQUEST_MEMBERSHIPS.reset(token)


def active_memberships(user) -> list[Membership]:
    """The user's active memberships with their organisations (and each one's supervisor), in creation order.

    One query — once per request: within a request every permission predicate, selector and inbox provider that
    asks gets the same list (a page used to read the memberships three to five times). Outside a request each call
    reads them again, so a long-lived user object never sees a stale list. Callers never change the rows."""
    if not getattr(user, "is_authenticated", False):
        return []
    store = _REQUEST_MEMBERSHIPS.get()
    if store is not None and user.pk in store:
        return store[user.pk]
    rows = list(
        Membership.objects.filter(user=user, active=True)
        .select_related("organisation", "organisation__supervisor")
        .order_by("pk")
    )
    if store is not None:
        store[user.pk] = rows
    return rows


def memberships_of(user) -> list[Membership]:
    return active_memberships(user)


def audit_trail(subject) -> QuerySet[AuditRecord]:
    from django.contrib.contenttypes.models import ContentType

    return (
        AuditRecord.objects.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk))
        .select_related("organisation", "actor")
        .order_by("at", "id")
    )


def open_publicities_due(today) -> QuerySet[Publicity]:
    """Publicities whose last working day has passed (FLOW-03) and that have no open objection."""
    from .models import Objection

    return (
        Publicity.objects.filter(state=Publicity.State.OPEN, ends_on__lt=today)
        .exclude(objections__outcome=Objection.Outcome.OPEN)
        .order_by("ends_on", "id")
    )
