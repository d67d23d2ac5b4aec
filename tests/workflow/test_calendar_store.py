"""FLOW-02: the calendar is data in the database, seeded by migration, extendable by HR; INTERFACES §2 commands."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from workflow.calendar import YearNotLoaded, calendar_for_years
from workflow.models import CalendarDay, CalendarYear
from workflow.selectors import work_calendar

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().strip(), err.getvalue().strip()


def test_FLOW_02_migration_seeds_every_year_the_package_holds():
    stored = work_calendar()
    package = calendar_for_years(range(2000, 2100))
    assert stored == package
    assert {2023, 2024, 2025, 2026} <= stored.years


def test_FLOW_02_hr_extends_the_calendar_with_a_new_year():
    with pytest.raises(YearNotLoaded):
        work_calendar().is_workday(date(2031, 1, 1))
    CalendarYear.objects.create(year=2031, source="国务院办公厅通知", notice="国办发明电〔2030〕X号")
    CalendarDay.objects.create(day=date(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, note="元旦")
    CalendarDay.objects.create(day=date(2031, 1, 4), kind=CalendarDay.Kind.WORKDAY, note="调休上班")
    cal = work_calendar()
    assert cal.is_workday(date(2031, 1, 1)) is False  # a Wednesday, but New Year's Day
    assert cal.is_workday(date(2031, 1, 4)) is True  # a Saturday made a working day
    assert cal.is_workday(date(2031, 1, 5)) is False


def test_FLOW_03_publicity_end_command_prints_iso_date():
    assert run("publicity_end", "2023-09-27") == (0, "2023-10-09", "")


def test_FLOW_03_publicity_end_command_days_option():
    assert run("publicity_end", "2023-06-05", "--days", "7")[1] == "2023-06-13"


def test_FLOW_02_publicity_end_command_unknown_year_exits_2_naming_it():
    code, out, err = run("publicity_end", "2031-03-03")
    assert code == 2
    assert out == ""
    assert "2031" in err


def test_FLOW_02_workday_command():
    assert run("workday", "2023-10-07")[:2] == (0, "workday")
    assert run("workday", "2023-10-06")[:2] == (0, "holiday")
    code, _, err = run("workday", "2040-01-02")
    assert code == 2 and "2040" in err


def test_FLOW_02_commands_reject_malformed_dates_with_exit_2():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as err:
        call_command("workday", "2023-13-01")
    assert err.value.returncode == 2
    assert "YYYY-MM-DD" in str(err.value)
