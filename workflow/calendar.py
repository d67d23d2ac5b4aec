"""China's working-day calendar (FLOW-02) and publicity periods (FLOW-03). Pure: no ORM.

A working day is a weekday that is not a statutory holiday, plus the make-up working days (调休上班) that fall on
weekends. The data is per year: a year the calendar does not hold is refused with ``YearNotLoaded`` — never a
Monday-to-Friday guess, because a wrong publicity end date is a legal defect in the procedure.

The stored calendar (``workflow.models.CalendarDay`` + ``CalendarYear``) is read by ``workflow.selectors.work_calendar``;
``calendar_for_years`` builds the same object straight from the ``chinesecalendar`` package, which seeds the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

# FLOW-03: "公示期不少于5个工作日"
PUBLICITY_WORKING_DAYS = 5

_ONE_DAY = timedelta(days=1)


class YearNotLoaded(ValueError):
    """FLOW-02: the calendar holds no usable data for this year: the State Council's notice is not entered yet, or
    it is entered but not marked complete (``entered``)."""

    def __init__(self, year: int, *, entered: bool = False):
        self.year = year
        self.entered = entered
        if entered:
            message = (
                f"工作日历中 {year} 年的数据尚未标记为完整（须录入元旦、春节等全部节假日并勾选“已完整录入”），"
                f"无法计算工作日。 / The working-day calendar of {year} is entered but not marked complete "
                f"(enter all its holidays, New Year's Day and Spring Festival included, and tick “complete”)."
            )
        else:
            message = (
                f"工作日历中没有 {year} 年的数据（国务院节假日安排尚未录入），无法计算工作日。"
                f" / The working-day calendar has no data for {year}; enter that year's holiday notice first."
            )
        super().__init__(message)


# FLOW-02: the festivals a year must hold before its dates count (see ``calendar_year_gaps``).
NEW_YEARS_DAY = "new_years_day"
SPRING_FESTIVAL = "spring_festival"


def calendar_year_gaps(year: int, holidays: Mapping[date, str]) -> list[str]:
    """FLOW-02: what a year's entered holidays (date → festival) lack before the year may be used: 1 January must
    be a holiday (元旦) and at least one holiday must be labelled 春节. Every notice has both, so a year without
    them is an unfinished entry, not a year without holidays. Returns the missing festivals (empty: complete)."""
    own = {day: festival for day, festival in holidays.items() if day.year == year}
    gaps = []
    if date(year, 1, 1) not in own:
        gaps.append(NEW_YEARS_DAY)
    if SPRING_FESTIVAL not in own.values():
        gaps.append(SPRING_FESTIVAL)
    return gaps


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int]
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)
    # Years entered but not complete: refused like a missing year, with a message that says so.
    unfinished: frozenset[int] = field(default_factory=frozenset)

    def _require(self, day: date) -> None:
        if day.year not in self.years:
            raise YearNotLoaded(day.year, entered=day.year in self.unfinished)

    def is_workday(self, day: date) -> bool:
        """FLOW-02."""
        self._require(day)
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        """The day itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day strictly after ``day`` (n ≥ 0; n = 0 returns ``day``)."""
        if n < 0:
            raise ValueError("n must be non-negative")
        while n:
            day += _ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def publicity_end(self, start: date, days: int = PUBLICITY_WORKING_DAYS) -> date:
        """FLOW-03: last day of a publicity posted on ``start`` lasting ``days`` working days.

        Posted on a working day, that day is day 1; posted on a non-working day, day 1 is the next working day.
        (``chinese_calendar.find_workday`` miscounts the second case, hence our own loop.)
        """
        if days < 1:
            raise ValueError("a publicity lasts at least one working day")
        return self.add_workdays(self.next_workday(start), days - 1)

    def workdays_between(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last``, both included (0 when last < first)."""
        count = 0
        day = first
        while day <= last:
            if self.is_workday(day):
                count += 1
            day += _ONE_DAY
        return count

    def publicity_may_close(self, start: date, today: date, days: int = PUBLICITY_WORKING_DAYS) -> bool:
        """FLOW-03: a publicity may be closed only after the end of its last working day. FLOW-01: "不少于5个工作日"
        includes the 5th day, so the day after it is the first on which the period has run its course."""
        return today > self.publicity_end(start, days)


def chinese_calendar_days(years: Iterable[int]) -> tuple[frozenset[int], frozenset[date], frozenset[date]]:
    """(years covered, holidays, make-up working days) from the ``chinesecalendar`` package for ``years``.

    Only years the package really covers are returned; the caller sees which were skipped.
    """
    from chinese_calendar import constants

    covered = {d.year for d in constants.holidays}
    wanted = {int(y) for y in years} & covered
    holidays = frozenset(d for d in constants.holidays if d.year in wanted)
    workdays = frozenset(d for d in constants.workdays if d.year in wanted)
    return frozenset(wanted), holidays, workdays


# chinesecalendar's holiday names → ``CalendarDay.Festival``.
PACKAGE_FESTIVALS = {
    "New Year's Day": NEW_YEARS_DAY,
    "Spring Festival": SPRING_FESTIVAL,
    "Tomb-sweeping Day": "tomb_sweeping_day",
    "Labour Day": "labour_day",
    "Dragon Boat Festival": "dragon_boat_festival",
    "Mid-autumn Festival": "mid_autumn_festival",
    "National Day": "national_day",
}


def chinese_calendar_entries(years: Iterable[int]) -> tuple[frozenset[int], dict[date, tuple[str, str]]]:
    """(years covered, date → (kind "holiday"/"workday", festival)) from the ``chinesecalendar`` package."""
    from chinese_calendar import constants

    covered, holidays, workdays = chinese_calendar_days(years)
    entries = {}
    for kind, days, names in (("holiday", holidays, constants.holidays), ("workday", workdays, constants.workdays)):
        for day in days:
            entries[day] = (kind, PACKAGE_FESTIVALS.get(str(names[day]), "other"))
    return covered, entries


def calendar_for_years(years: Iterable[int]) -> WorkCalendar:
    covered, holidays, workdays = chinese_calendar_days(years)
    return WorkCalendar(years=covered, holidays=holidays, makeup_workdays=workdays)
