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


def _meeting(w, meets_on, state="planned", key="cmte-t-ij"):
    from titles.models import Committee, Meeting

    committee, _ = Committee.objects.get_or_create(
        key=key,
        defaults={"name": "中小学教师中级评委会", "organiser": w.organiser, "series": w.series,
                  "levels": ["intermediate"], "state": "approved", "approved_on": date(2023, 1, 10)},
    )  # fmt: skip
    return Meeting.objects.create(committee=committee, meets_on=meets_on, state=state)


@pytest.mark.parametrize(
    ("meets_on", "reminded"),
    [
        (date(2023, 7, 9), False),  # the filing deadline (2 July) has passed
        (date(2023, 7, 10), True),  # deadline today, 3 July (included, 7 days before)
        (date(2023, 7, 17), True),  # deadline 10 July: a week ahead, the first reminder
        (date(2023, 7, 18), False),  # deadline 11 July: more than a week ahead
    ],
)
def test_CMTE_02_plan_filing_reminder_from_a_week_before_the_deadline(meets_on, reminded):
    w = world()
    meeting = _meeting(w, meets_on)
    assert tasks.meeting_plan_filing_remind(today="2023-07-03") == (1 if reminded else 0)
    messages = OutboxMessage.objects.filter(event="title_meeting_plan_due", recipient=w.office.email)
    assert messages.count() == (1 if reminded else 0)
    if reminded:
        deadline = meets_on.toordinal() - 7
        assert date.fromordinal(deadline).strftime("%Y年%-m月%-d日") in messages.get().body
        assert f"会议编号 {meeting.pk}" in messages.get().subject


def test_CMTE_02_plan_filing_reminder_once_a_day_and_never_for_a_filed_plan():
    w = world()
    _meeting(w, date(2023, 7, 12))
    _meeting(w, date(2023, 7, 12), state="plan_filed")
    assert tasks.meeting_plan_filing_remind(today="2023-07-03") == 1
    assert tasks.meeting_plan_filing_remind(today="2023-07-03") == 0  # twice the same day: nothing more
    assert tasks.meeting_plan_filing_remind(today="2023-07-04") == 1  # the next day: again
    assert OutboxMessage.objects.filter(event="title_meeting_plan_due").count() == 2


def test_CMTE_02_plan_filing_reminder_is_in_the_beat_schedule():
    from django.conf import settings

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "titles.tasks.meeting_plan_filing_remind" in tasks_scheduled


@pytest.mark.parametrize("count", [1, 3])
def test_result_filing_reminder_fixed_queries(django_assert_num_queries, count):
    """Set-based: the due results, the HR bureaus, the committees (codes and keys), the memberships, the outbox
    check and the row lock (in a savepoint), then one insert per reminder — whatever the number of results."""
    w = world()
    for _ in range(count):
        application(w, "result_publicity")
    with django_assert_num_queries(9 + count):
        sent = tasks.result_filing_remind(today="2023-07-13")
    assert sent == 2 * count  # city HR's officer and the committee office's, per result
    assert tasks.result_filing_remind(today="2023-07-13") == 0


def test_reminders_on_consecutive_days_of_the_process_clock():
    """Once per item and process day — in demo mode the days pass in seconds, so the real clock cannot tell."""
    w = world()
    application(w, "result_publicity")
    assert tasks.result_filing_remind(today="2023-07-13") == 2
    assert tasks.result_filing_remind(today="2023-07-14") == 2
    assert tasks.result_filing_remind(today="2023-07-14") == 0


def test_region_results_get_no_city_filing_reminder():
    from tests.titles.workflow_world import case, review_world

    w = review_world()
    case(w, "region", "passed")
    assert tasks.result_filing_remind(today="2023-07-13") == 0
