"""FLOW-01/02/03 on the pure calendar, with dates from the State Council notices of 2023–2026."""

from datetime import date

import pytest

from workflow.calendar import (
    WorkCalendar,
    YearNotLoaded,
    calendar_for_years,
    calendar_year_gaps,
    chinese_calendar_entries,
)


@pytest.fixture(scope="module")
def cal():
    return calendar_for_years(range(2022, 2027))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 10, 7), True),  # Saturday, 调休上班 for National Day 2023
        (date(2023, 10, 8), True),  # Sunday, 调休上班
        (date(2023, 9, 29), False),  # Friday, Mid-Autumn Festival
        (date(2023, 10, 6), False),  # Friday inside the National Day holiday
        (date(2023, 10, 14), False),  # ordinary Saturday
        (date(2023, 10, 9), True),  # ordinary Monday
        (date(2024, 2, 4), True),  # Sunday, 调休上班 before Spring Festival 2024
        (date(2024, 2, 18), True),  # Sunday, 调休上班 after Spring Festival 2024
        (date(2024, 2, 12), False),  # Monday, Spring Festival 2024
        (date(2025, 1, 26), True),  # Sunday, 调休上班 for Spring Festival 2025
        (date(2025, 2, 8), True),  # Saturday, 调休上班
        (date(2025, 10, 11), True),  # Saturday, 调休上班 after National Day 2025
        (date(2026, 1, 1), False),  # New Year's Day 2026
        # 2026 (国办发明电〔2025〕7号): every 调休上班 weekend day, and the holidays around them.
        (date(2026, 1, 2), False),  # Friday, New Year holiday
        (date(2026, 1, 4), True),  # Sunday, 调休上班 for New Year
        (date(2026, 1, 5), True),  # ordinary Monday
        (date(2026, 2, 14), True),  # Saturday, 调休上班 before Spring Festival
        (date(2026, 2, 16), False),  # Monday, Spring Festival eve holiday
        (date(2026, 2, 23), False),  # Monday, last day of the Spring Festival holiday
        (date(2026, 2, 24), True),  # Tuesday, back to work
        (date(2026, 2, 28), True),  # Saturday, 调休上班 after Spring Festival
        (date(2026, 3, 1), False),  # ordinary Sunday
        (date(2026, 4, 6), False),  # Monday, Qingming holiday
        (date(2026, 5, 5), False),  # Tuesday, Labour Day holiday
        (date(2026, 5, 9), True),  # Saturday, 调休上班 for Labour Day
        (date(2026, 6, 19), False),  # Friday, Dragon Boat Festival
        (date(2026, 9, 20), True),  # Sunday, 调休上班 for National Day
        (date(2026, 9, 25), False),  # Friday, Mid-Autumn Festival
        (date(2026, 10, 7), False),  # Wednesday, last day of the National Day holiday
        (date(2026, 10, 8), True),  # Thursday, back to work
        (date(2026, 10, 10), True),  # Saturday, 调休上班 for National Day
        (date(2026, 12, 31), True),  # Thursday, the last day the package holds
    ],
)
def test_FLOW_02_workday_follows_the_holiday_notice(cal, day, expected):
    assert cal.is_workday(day) is expected


def test_FLOW_02_year_not_loaded_is_refused_never_guessed(cal):
    with pytest.raises(YearNotLoaded) as err:
        cal.is_workday(date(2031, 3, 3))  # a Monday: a Mon–Fri guess would say workday
    assert err.value.year == 2031
    assert "2031" in str(err.value)


def test_FLOW_02_first_package_year_2004_is_held_and_2003_refused():
    cal = calendar_for_years(range(2000, 2100))
    assert min(cal.years) == 2004
    assert cal.is_workday(date(2004, 1, 1)) is False  # New Year's Day 2004
    assert cal.is_workday(date(2004, 1, 2)) is True  # Friday
    with pytest.raises(YearNotLoaded) as err:
        cal.is_workday(date(2003, 12, 31))  # a Wednesday
    assert err.value.year == 2003 and "2003" in str(err.value)


def test_FLOW_02_last_day_of_2026_counts_and_2027_is_refused():
    cal = calendar_for_years(range(2000, 2100))
    assert cal.publicity_end(date(2026, 12, 25)) == date(2026, 12, 31)  # Fri 25 … Thu 31: exactly five
    with pytest.raises(YearNotLoaded) as err:
        cal.publicity_end(date(2026, 12, 28))  # Mon 28 … Thu 31 is four: day 5 would be in 2027
    assert err.value.year == 2027


def test_FLOW_02_entered_but_unfinished_year_is_refused_with_its_own_message():
    cal = WorkCalendar(years=frozenset({2026}), unfinished=frozenset({2027}))
    with pytest.raises(YearNotLoaded) as err:
        cal.is_workday(date(2027, 1, 4))
    assert err.value.entered is True and "2027" in str(err.value) and "标记为完整" in str(err.value)


def test_FLOW_02_year_gaps_need_new_years_day_and_spring_festival():
    assert calendar_year_gaps(2027, {}) == ["new_years_day", "spring_festival"]
    assert calendar_year_gaps(2027, {date(2027, 1, 1): "new_years_day"}) == ["spring_festival"]
    assert calendar_year_gaps(2027, {date(2027, 2, 6): "spring_festival"}) == ["new_years_day"]
    # The previous year's days do not count for this one (2026-12-31 is no 元旦 of 2027).
    assert calendar_year_gaps(2027, {date(2026, 12, 31): "new_years_day", date(2027, 2, 6): "spring_festival"}) == [
        "new_years_day"
    ]
    complete = {date(2027, 1, 1): "new_years_day", date(2027, 2, 6): "spring_festival"}
    assert calendar_year_gaps(2027, complete) == []


def test_FLOW_02_every_package_year_is_complete():
    _covered, entries = chinese_calendar_entries(range(2000, 2100))
    holidays = {day: festival for day, (kind, festival) in entries.items() if kind == "holiday"}
    assert all(calendar_year_gaps(year, holidays) == [] for year in range(2004, 2027))


def test_FLOW_02_empty_calendar_refuses_every_date():
    with pytest.raises(YearNotLoaded):
        WorkCalendar(years=frozenset()).is_workday(date(2023, 5, 5))


def test_FLOW_03_publicity_across_national_day_and_makeup_weekend(cal):
    # Wed 27 Sep = day 1, Thu 28 = 2, (29 Sep–6 Oct off), Sat 7 Oct = 3, Sun 8 Oct = 4, Mon 9 Oct = 5.
    assert cal.publicity_end(date(2023, 9, 27)) == date(2023, 10, 9)


def test_FLOW_03_posted_on_a_workday_counts_that_day_as_day_one(cal):
    # Monday 2023-06-05: Mon..Fri is exactly five working days.
    assert cal.publicity_end(date(2023, 6, 5)) == date(2023, 6, 9)


def test_FLOW_03_posted_on_a_weekend_starts_on_the_next_workday(cal):
    # Saturday 2023-06-03 is no working day: day 1 is Monday 5 June.
    assert cal.publicity_end(date(2023, 6, 3)) == date(2023, 6, 9)


def test_FLOW_03_posted_on_a_makeup_sunday_counts_it(cal):
    # Sunday 2023-06-25 is 调休上班 (Dragon Boat): day 1; 26, 27 = 2, 3; 28 Jun = 4; (22–24 were the holiday) 29 = 5.
    assert cal.publicity_end(date(2023, 6, 25)) == date(2023, 6, 29)


def test_FLOW_03_posted_on_a_holiday_skips_the_holiday(cal):
    # 2024-02-12 (Spring Festival) → first working day is Sunday 18 Feb (调休): 18, 19, 20, 21, 22.
    assert cal.publicity_end(date(2024, 2, 12)) == date(2024, 2, 22)


def test_FLOW_03_period_crossing_into_an_unloaded_year_is_refused():
    cal = calendar_for_years([2026])
    with pytest.raises(YearNotLoaded) as err:
        cal.publicity_end(date(2026, 12, 29))
    assert err.value.year == 2027


def test_FLOW_01_exactly_five_working_days_is_enough_to_close(cal):
    start = date(2023, 9, 27)
    assert cal.publicity_may_close(start, today=date(2023, 10, 10)) is True


def test_FLOW_01_four_working_days_are_not_enough_to_close(cal):
    start = date(2023, 9, 27)
    # On 9 Oct, the 5th working day itself, the period has not ended yet.
    assert cal.publicity_may_close(start, today=date(2023, 10, 9)) is False
    assert cal.workdays_between(start, date(2023, 10, 8)) == 4
    assert cal.workdays_between(start, date(2023, 10, 9)) == 5


def test_FLOW_03_longer_periods_and_zero_are_handled(cal):
    assert cal.publicity_end(date(2023, 6, 5), days=7) == date(2023, 6, 13)
    with pytest.raises(ValueError):
        cal.publicity_end(date(2023, 6, 5), days=0)


def test_FLOW_02_next_workday_is_the_day_itself_when_working(cal):
    assert cal.next_workday(date(2023, 10, 7)) == date(2023, 10, 7)
    assert cal.next_workday(date(2023, 9, 29)) == date(2023, 10, 7)
    assert cal.add_workdays(date(2023, 9, 28), 1) == date(2023, 10, 7)
