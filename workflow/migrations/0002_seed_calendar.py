"""FLOW-02: seed the working-day calendar from the chinesecalendar package, for every year it covers."""

from django.db import migrations


def seed_calendar(apps, schema_editor):
    from workflow.calendar import chinese_calendar_days

    CalendarYear = apps.get_model("workflow", "CalendarYear")
    CalendarDay = apps.get_model("workflow", "CalendarDay")
    years, holidays, workdays = chinese_calendar_days(range(2000, 2100))
    existing_years = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinesecalendar") for y in sorted(years - existing_years)]
    )
    existing_days = set(CalendarDay.objects.values_list("day", flat=True))
    CalendarDay.objects.bulk_create(
        [CalendarDay(day=d, kind="holiday") for d in sorted(holidays) if d not in existing_days]
        + [CalendarDay(day=d, kind="workday", note="调休上班") for d in sorted(workdays) if d not in existing_days]
    )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]

    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
