"""The process's "today" and "now": every deadline (FLOW-02/03 publicities, FLOW-04 notices, TITLE-02 windows,
CMTE-02 lead times), every default date of a service, every audit time reads them from here.

In production they are the real clock (Asia/Shanghai). Three overrides exist, and none is on in production:

- ``at(day)``, a context manager: the demo seeders walk each demo case through the real services on the day each
  step happened (so its audit trail and timeline carry those days), and tests pin a day the same way.
- ``settings.WUHAI_TODAY`` (an ISO date): tests and browser tests that walk the 2023 evaluation year.
- the demo date (演示日期, ``DemoClock``), read only when ``settings.DEMO_MODE`` is on: the demo is set in the 2023
  evaluation year that Doc B describes (its windows, its holiday notice), and a new user moves the date forward
  from the page header to see a publicity of 5 working days end, a review plan's 7-day lead pass, a meeting day
  come (``workflow.services.demo_date_advance``).

With an override, ``now()`` is that day at the real time of day, so that audit records and the applicant's
timeline carry the dates of the process they describe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

_pinned: ContextVar[date | None] = ContextVar("workflow_clock_pinned", default=None)


@contextmanager
def at(day: date) -> Iterator[date]:
    """Inside the block, ``today()`` is ``day`` (and ``now()`` that day at the real time of day)."""
    token = _pinned.set(day)
    try:
        yield day
    finally:
        _pinned.reset(token)


def _override() -> date | None:
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    fixed = getattr(settings, "WUHAI_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    if getattr(settings, "DEMO_MODE", False):
        from .models import DemoClock

        return DemoClock.objects.filter(pk=DemoClock.SINGLETON).values_list("today", flat=True).first()
    return None


def today() -> date:
    day = _override()
    return day if day is not None else timezone.localdate()


def now() -> datetime:
    day = _override()
    real = timezone.now()
    if day is None:
        return real
    local = timezone.localtime(real)
    return timezone.make_aware(datetime.combine(day, time(local.hour, local.minute, local.second, local.microsecond)))
