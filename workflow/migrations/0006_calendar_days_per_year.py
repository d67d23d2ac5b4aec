"""FLOW-02: every holiday / make-up day belongs to its year (edited as the year's inline in the admin), is labelled
with its festival, and a year counts only once it is marked complete (``published``) with its 元旦 and 春节.

Backfill: each stored day is linked to the year of its date (a year row is created, not complete, where HR had
entered days without one); days the installed chinesecalendar knows get its festival; a stored year is marked
complete when it passes ``calendar_year_gaps`` — a year entered by hand without its 春节 stops counting until HR
completes it, which is the point (it used to fall back to Monday–Friday for every day not entered).
"""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    from workflow.calendar import calendar_year_gaps, chinese_calendar_entries
    from workflow.calendar_seed import PACKAGE_YEARS, calendar_seed_from_package

    CalendarYear = apps.get_model("workflow", "CalendarYear")
    CalendarDay = apps.get_model("workflow", "CalendarDay")
    _covered, entries = chinese_calendar_entries(PACKAGE_YEARS)
    years = {row.year: row for row in CalendarYear.objects.all()}
    days = list(CalendarDay.objects.all())
    for day in days:
        if day.day.year not in years:
            years[day.day.year] = CalendarYear.objects.create(year=day.day.year, source="admin", published=False)
        day.calendar_year = years[day.day.year]
        known = entries.get(day.day)
        if not day.festival and known and known[0] == day.kind:
            day.festival = known[1]
    CalendarDay.objects.bulk_update(days, ["calendar_year", "festival"], batch_size=500)
    for row in years.values():
        holidays = {d.day: d.festival for d in days if d.calendar_year_id == row.pk and d.kind == "holiday"}
        if not calendar_year_gaps(row.year, holidays):
            row.published = True
            row.save(update_fields=["published"])
    calendar_seed_from_package(apps)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0005_audit_append_only_everywhere")]

    operations = [
        migrations.AddField(
            model_name="calendaryear",
            name="published",
            field=models.BooleanField(
                default=False,
                help_text="勾选后本年度才用于计算工作日；须已录入元旦（1月1日）和春节假期。未勾选的年度，其日期一律拒绝计算。",
                verbose_name="已完整录入",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="festival",
            field=models.CharField(
                blank=True,
                choices=[
                    ("new_years_day", "元旦"),
                    ("spring_festival", "春节"),
                    ("tomb_sweeping_day", "清明节"),
                    ("labour_day", "劳动节"),
                    ("dragon_boat_festival", "端午节"),
                    ("mid_autumn_festival", "中秋节"),
                    ("national_day", "国庆节"),
                    ("other", "其他"),
                ],
                help_text="放假或调休所属的节日",
                max_length=32,
                verbose_name="节日",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="calendar_year",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="days",
                to="workflow.calendaryear",
                verbose_name="年度",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
