"""Background tasks: idempotent (a second run changes nothing), nothing auto-recommends."""

from __future__ import annotations

from datetime import date

import pytest

from tests.titles.factories import application, correction_notice, world
from titles import tasks
from workflow.models import AuditRecord, OutboxMessage

pytestmark = pytest.mark.django_db


def test_correction_notices_expire_twice_changes_nothing_the_second_time():
    w = world()
    app = application(w, "correction")  # deadline 14 July 2023
    later = application(w, "dept_review")
    from titles.models import Application

    Application.objects.filter(pk=later.pk).update(state="correction")
    correction_notice(w, later, deadline=date(2023, 8, 1))
    assert tasks.correction_notices_expire(today="2023-07-14") == 0
    assert tasks.correction_notices_expire(today="2023-07-15") == 1
    audits = AuditRecord.objects.count()
    assert tasks.correction_notices_expire(today="2023-07-15") == 0
    assert AuditRecord.objects.count() == audits
    app.refresh_from_db()
    later.refresh_from_db()
    assert app.state == "withdrawn" and later.state == "correction"
    assert tasks.correction_notice_expire_one(notice_id=app.corrections.get().pk, today="2023-07-16") == "skipped"


def test_closed_unit_publicity_reminds_but_never_recommends():
    w = world()
    app = application(w, "unit_publicity")
    assert tasks.unit_publicities_closed_remind(today="2023-07-03") == 1
    assert tasks.unit_publicities_closed_remind(today="2023-07-03") == 0  # once a day
    app.refresh_from_db()
    assert app.state == "unit_publicity"
    assert OutboxMessage.objects.filter(event="title_publicity_closed", recipient=w.unit_hr.email).count() == 1


def test_result_filing_reminder_within_a_week_of_the_deadline_title_15():
    w = world()
    application(w, "result_publicity")  # review ended 20 June → deadline 20 July
    assert tasks.result_filing_remind(today="2023-07-12") == 0
    assert tasks.result_filing_remind(today="2023-07-13") >= 1
    assert tasks.result_filing_remind(today="2023-07-13") == 0


def test_window_closing_reminder():
    from titles.models import ApplicationWindow

    w = world()
    app = application(w, "draft")
    window = ApplicationWindow.objects.get(evaluation_year=w.year, group="teachers")
    day = window.closes_on.replace(day=window.closes_on.day - 3)
    assert tasks.window_closing_remind(today=day.isoformat()) == 1
    assert tasks.window_closing_remind(today=day.isoformat()) == 0
    assert OutboxMessage.objects.filter(event="title_window_closing", recipient=app.applicant.email).exists()
