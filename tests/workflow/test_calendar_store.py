"""FLOW-02: the calendar is data in the database, seeded by migration, extendable by HR; INTERFACES §2 commands."""

import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from workflow.calendar import YearNotLoaded, calendar_for_years
from workflow.models import AuditRecord, CalendarDay, CalendarYear
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


def year_2027(*, published, days=()):
    row = CalendarYear.objects.create(
        year=2027, source="国务院办公厅通知", notice="国办发明电〔2026〕X号", published=published
    )
    for day, kind, festival in days:
        CalendarDay.objects.create(calendar_year=row, day=day, kind=kind, festival=festival)
    return row


NOTICE_2027 = [
    (date(2027, 1, 1), "holiday", "new_years_day"),
    (date(2027, 2, 8), "holiday", "spring_festival"),
    (date(2027, 2, 6), "workday", "spring_festival"),  # a Saturday made a working day
]


def test_FLOW_02_migration_seeds_every_year_the_package_holds():
    stored = work_calendar()
    package = calendar_for_years(range(2000, 2100))
    assert stored == package
    assert {2023, 2024, 2025, 2026} <= stored.years and not stored.unfinished


def test_FLOW_02_seeded_days_belong_to_their_year_and_name_their_festival():
    for day, year, kind, festival in CalendarDay.objects.values_list("day", "calendar_year__year", "kind", "festival"):
        assert day.year == year
        assert kind == "workday" or festival, day
    assert CalendarDay.objects.get(day=date(2026, 2, 17)).festival == "spring_festival"
    assert CalendarDay.objects.get(day=date(2026, 2, 28)).get_kind_display() == "调休上班"
    assert set(CalendarYear.objects.values_list("published", flat=True)) == {True}


def test_FLOW_02_a_year_entered_without_its_days_is_refused_not_guessed():
    # Entering only the year used to make every weekday of 2027 a working day (2027-01-01, a Friday, included).
    year_2027(published=False)
    with pytest.raises(YearNotLoaded) as err:
        work_calendar().is_workday(date(2027, 1, 1))
    assert err.value.year == 2027 and err.value.entered
    code, out, err_text = run("workday", "2027-01-01")
    assert (code, out) == (2, "") and "2027" in err_text and "标记为完整" in err_text


def test_FLOW_02_a_year_marked_complete_without_spring_festival_is_still_refused():
    year_2027(published=True, days=[NOTICE_2027[0]])
    with pytest.raises(YearNotLoaded) as err:
        work_calendar().is_workday(date(2027, 3, 1))
    assert err.value.year == 2027


def test_FLOW_02_a_complete_year_without_the_tick_is_refused():
    year_2027(published=False, days=NOTICE_2027)
    with pytest.raises(YearNotLoaded):
        work_calendar().is_workday(date(2027, 3, 1))


def test_FLOW_02_hr_extends_the_calendar_with_a_new_year():
    with pytest.raises(YearNotLoaded):
        work_calendar().is_workday(date(2027, 1, 1))
    year_2027(published=True, days=NOTICE_2027)
    cal = work_calendar()
    assert cal.is_workday(date(2027, 1, 1)) is False  # a Friday, but New Year's Day
    assert cal.is_workday(date(2027, 2, 6)) is True  # a Saturday made a working day
    assert cal.is_workday(date(2027, 2, 7)) is False  # an ordinary Sunday
    assert cal.is_workday(date(2027, 3, 1)) is True


def test_FLOW_02_stored_calendar_reads_in_two_queries(django_assert_num_queries):
    year_2027(published=True, days=NOTICE_2027)
    with django_assert_num_queries(2):
        work_calendar()


def test_FLOW_02_day_of_another_year_is_invalid():
    row = year_2027(published=False)
    with pytest.raises(Exception, match="2027"):
        CalendarDay(calendar_year=row, day=date(2028, 1, 1), kind="holiday", festival="new_years_day").full_clean()
    with pytest.raises(Exception, match="festival"):
        CalendarDay(calendar_year=row, day=date(2027, 1, 1), kind="holiday").full_clean()


def test_FLOW_02_calendar_import_adds_nothing_when_the_package_has_no_new_year():
    assert run("calendar_import")[0] == 0
    assert CalendarYear.objects.count() == len(calendar_for_years(range(2000, 2100)).years)
    assert not AuditRecord.objects.filter(transition="calendar_year_import").exists()


def test_FLOW_02_calendar_import_restores_a_package_year_and_audits_it():
    CalendarDay.objects.filter(calendar_year__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    code, out, _err = run("calendar_import")
    assert code == 0 and out.endswith("2026")
    assert work_calendar().is_workday(date(2026, 10, 10)) is True
    assert AuditRecord.objects.get(transition="calendar_year_import").subject_repr == "2026"


def test_FLOW_02_calendar_import_keeps_a_year_hr_entered():
    CalendarDay.objects.filter(calendar_year__year=2026).delete()
    CalendarYear.objects.filter(year=2026).update(published=False, source="HR")
    run("calendar_import")
    assert CalendarYear.objects.get(year=2026).source == "HR" and not CalendarDay.objects.filter(day__year=2026)


# --- INTERFACES §2 ---------------------------------------------------------------------------------------


def test_FLOW_03_publicity_end_command_prints_iso_date():
    assert run("publicity_end", "2023-09-27") == (0, "2023-10-09", "")


def test_FLOW_03_publicity_end_command_days_option():
    assert run("publicity_end", "2023-06-05", "--days", "7")[1] == "2023-06-13"


def test_FLOW_03_publicity_end_command_across_2026_makeup_saturday():
    # Wed 2026-02-11 = 1, Thu 12 = 2, Fri 13 = 3, Sat 14 (调休) = 4, (15–23 Spring Festival) Tue 24 = 5.
    assert run("publicity_end", "2026-02-11")[:2] == (0, "2026-02-24")


def test_FLOW_02_publicity_end_command_unknown_year_exits_2_naming_it():
    code, out, err = run("publicity_end", "2031-03-03")
    assert code == 2
    assert out == ""
    assert "2031" in err


def test_FLOW_02_publicity_end_on_the_last_days_of_2026():
    assert run("publicity_end", "2026-12-25")[:2] == (0, "2026-12-31")  # the 5th working day is 31 December
    code, out, err = run("publicity_end", "2026-12-28")  # its 5th working day would fall in 2027
    assert (code, out) == (2, "") and "2027" in err


@pytest.mark.parametrize(
    ("day", "answer"),
    [
        ("2023-10-07", "workday"),  # Saturday, 调休上班
        ("2023-10-06", "holiday"),
        ("2026-01-04", "workday"),  # Sunday, 调休上班
        ("2026-02-14", "workday"),
        ("2026-02-28", "workday"),
        ("2026-05-09", "workday"),
        ("2026-09-20", "workday"),
        ("2026-10-10", "workday"),
        ("2026-10-11", "holiday"),  # the Sunday after: an ordinary weekend day
        ("2026-10-01", "holiday"),
        ("2026-12-31", "workday"),
        ("2004-01-01", "holiday"),  # the first year the package holds
        ("2004-01-02", "workday"),
    ],
)
def test_FLOW_02_workday_command(day, answer):
    assert run("workday", day)[:2] == (0, answer)


@pytest.mark.parametrize("day", ["2003-12-31", "2027-01-01", "2040-01-02"])
def test_FLOW_02_workday_command_unloaded_year_exits_2_naming_it(day):
    code, out, err = run("workday", day)
    assert (code, out) == (2, "") and day[:4] in err


@pytest.mark.parametrize("command", ["workday", "publicity_end"])
@pytest.mark.parametrize(
    "value", ["2023-13-01", "20230927", "2023-W39-3", "2023-9-27", "2023-09-27T00:00", " 2023-09-27", "２０２３-09-27"]
)
def test_FLOW_02_commands_reject_malformed_dates_with_exit_2(command, value):
    with pytest.raises(CommandError) as err:
        call_command(command, value)
    assert err.value.returncode == 2
    assert "YYYY-MM-DD" in str(err.value)


def test_FLOW_02_manage_py_exits_2_on_a_compact_date():
    # The real exit status, as a shell script sees it (the date is refused before the database is read).
    done = subprocess.run(
        [sys.executable, "manage.py", "workday", "20230927"], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
