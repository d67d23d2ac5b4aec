"""FLOW-02: store the years the installed ``chinesecalendar`` package holds and the database does not.

Used by migration 0006, by ``manage.py calendar_import`` (after upgrading the package for a new year) and by the
test setup (re-seeding after a flush). Takes an app registry, so a migration can pass its historical one.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .calendar import chinese_calendar_entries

PACKAGE_YEARS = range(2000, 2100)


def package_source() -> str:
    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover - it is a dependency
        return "chinesecalendar"


def calendar_seed_from_package(apps, schema_editor=None) -> list[int]:
    """Add every year the package covers and the database lacks, with its holidays and make-up working days,
    complete (``published``). Years already stored — seeded before or entered by HR — are never touched.
    Returns the years added (idempotent: a second run adds none)."""
    CalendarYear = apps.get_model("workflow", "CalendarYear")
    CalendarDay = apps.get_model("workflow", "CalendarDay")
    covered, entries = chinese_calendar_entries(PACKAGE_YEARS)
    added = sorted(covered - set(CalendarYear.objects.values_list("year", flat=True)))
    if not added:
        return []
    source = package_source()
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source=source, published=True) for y in added])
    by_year = {row.year: row for row in CalendarYear.objects.filter(year__in=added)}
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                calendar_year=by_year[day.year],
                day=day,
                kind=kind,
                festival=festival,
                note="调休上班" if kind == "workday" else "",
            )
            for day, (kind, festival) in sorted(entries.items())
            if day.year in by_year
        ]
    )
    return added
