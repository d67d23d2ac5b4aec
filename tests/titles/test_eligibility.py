"""Eligibility engine (titles.eligibility) — general rules, durations, windows. Pure: no database."""

from datetime import date

import pytest

from tests.titles.eligibility_helpers import (
    ANNOUNCED,
    CATALOGUE,
    ONE_DAY,
    SEPARATE_CLOSES,
    check,
    refusal,
    refusal_rules,
    routes,
    title,
)
from titles.eligibility import anniversary, committee_for

SENIOR_DAY = date(2023, 6, 1)  # inside the 2023 senior window (closes 9 June)


# --- FLOW-01 durations -----------------------------------------------------------------------------------------


def test_FLOW_01_anniversary_of_feb_29_in_common_year_is_feb_28():
    assert anniversary(date(2020, 2, 29), 1) == date(2021, 2, 28)


def test_FLOW_01_anniversary_of_feb_29_in_leap_year_is_feb_29():
    assert anniversary(date(2020, 2, 29), 4) == date(2024, 2, 29)


def test_FLOW_01_anniversary_of_ordinary_day_is_same_day():
    assert anniversary(date(2018, 6, 1), 5) == date(2023, 6, 1)


def test_FLOW_01_feb_29_start_met_on_feb_28():
    result = check(current_title=title("intermediate", date(2016, 2, 29)), as_of=date(2021, 2, 28), year=2021,
                   target_level="deputy_senior")
    assert refusal(result, "TITLE-02")  # the duration is met; only the 2021 window (not loaded) stops it
    assert "WH-01" not in refusal_rules(result)


def test_FLOW_01_feb_29_start_one_day_short_on_feb_27():
    result = check(current_title=title("intermediate", date(2016, 2, 29)), as_of=date(2021, 2, 27), year=2021,
                   target_level="deputy_senior")
    assert refusal(result, "WH-01").missing.days == 1


# --- TITLE-01 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("employment", ["civil_servant", "retired"])
def test_TITLE_01_civil_servant_and_retired_refused(employment):
    result = check(employment=employment, work_started_on=date(2020, 1, 1))
    assert result.routes == ()
    assert refusal_rules(result) == ["TITLE-01"]


@pytest.mark.parametrize("employment", ["enterprise", "social_org", "individual_org", "non_public", "freelancer"])
def test_TITLE_01_other_employments_may_apply(employment):
    result = check(employment=employment, work_started_on=date(2022, 7, 1))
    assert "TITLE-01" not in refusal_rules(result)
    assert routes(result) == [("recognition", "assistant", "RECOG-01")]


# --- TITLE-22 --------------------------------------------------------------------------------------------------


def test_TITLE_22_demerit_on_last_day_of_sanction_refused():
    result = check(sanction_kind="demerit", sanction_ends_on=date(2023, 7, 14), work_started_on=date(2022, 7, 1))
    assert result.routes == ()
    assert refusal_rules(result) == ["TITLE-22"]


def test_TITLE_22_demerit_ended_day_before_not_refused():
    result = check(sanction_kind="demerit", sanction_ends_on=date(2023, 7, 13), work_started_on=date(2022, 7, 1))
    assert routes(result) == [("recognition", "assistant", "RECOG-01")]


def test_TITLE_22_warning_sanction_not_refused():
    result = check(sanction_kind="warning", sanction_ends_on=date(2023, 12, 31), work_started_on=date(2022, 7, 1))
    assert "TITLE-22" not in refusal_rules(result)


@pytest.mark.parametrize("kind", ["demerit", "demotion", "dismissal"])
def test_TITLE_22_heavy_sanction_without_end_date_read_as_in_force(kind):
    result = check(sanction_kind=kind, sanction_ends_on=None, work_started_on=date(2022, 7, 1))
    assert result.routes == ()
    assert "视为仍在处分期内" in refusal(result, "TITLE-22").message


def test_TITLE_22_warning_without_end_date_not_refused():
    result = check(sanction_kind="warning", sanction_ends_on=None, work_started_on=date(2022, 7, 1))
    assert routes(result) == [("recognition", "assistant", "RECOG-01")]


def test_TITLE_22_only_institution_employees():
    result = check(employment="enterprise", sanction_kind="demotion", sanction_ends_on=date(2023, 12, 31),
                   work_started_on=date(2022, 7, 1))
    assert "TITLE-22" not in refusal_rules(result)


# --- TITLE-12 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("series", ["health", "economics", "accounting", "audit", "statistics", "publishing",
                                    "communications", "computer", "translation"])
def test_TITLE_12_exam_only_intermediate_refused_obtained_by_exam(series):
    result = check(series=series, education="master", degree="master", graduated_on=date(2020, 7, 1),
                   work_started_on=date(2020, 7, 1), target_level="intermediate")
    assert result.routes == ()
    assert refusal_rules(result) == ["TITLE-12"]
    assert "以考代评" in refusal(result, "TITLE-12").message
    assert "national exam" in refusal(result, "TITLE-12").message_en


def test_TITLE_12_computer_deputy_senior_exam_only():
    result = check(series="computer", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2015, 1, 1), "computer"))
    assert refusal_rules(result) == ["TITLE-12"]


def test_TITLE_12_mongolian_translation_is_reviewed():
    result = check(series="mongolian_translation", target_level="assistant", work_started_on=date(2022, 7, 1))
    assert routes(result) == [("recognition", "assistant", "RECOG-01")]
    assert result.routes[0].committee.zh.startswith("乌海市民族事务委员会")


def test_TITLE_12_health_senior_not_exam_only():
    result = check(series="health", target_level="deputy_senior", as_of=SENIOR_DAY, exam_passed=True,
                   current_title=title("intermediate", date(2018, 6, 1), "health"))
    assert "TITLE-12" not in refusal_rules(result)


# --- TITLE-13 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("series", ["health", "economics", "accounting", "audit", "statistics"])
def test_TITLE_13_senior_review_without_exam_refused(series):
    result = check(series=series, target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2018, 6, 1), series))
    assert result.routes == ()
    assert refusal(result, "TITLE-13").level == "deputy_senior"


def test_TITLE_13_senior_review_with_valid_exam_open_once_its_window_is_announced():
    kw = dict(series="accounting", target_level="deputy_senior", as_of=SENIOR_DAY, exam_passed=True,
              current_title=title("intermediate", date(2018, 6, 1), "accounting"))
    assert routes(check(catalogue=ANNOUNCED, **kw)) == [("review", "deputy_senior", "WH-01")]
    # TITLE-02: 考评结合 dates are "另行安排" — not published in the 2023 seed, so no route yet.
    unannounced = check(**kw)
    assert unannounced.routes == ()
    assert "另行安排" in refusal(unannounced, "TITLE-02").message


def test_TITLE_13_non_exam_series_needs_no_exam():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2018, 6, 1)))
    assert routes(result) == [("review", "deputy_senior", "WH-01")]


# --- TITLE-02 windows ------------------------------------------------------------------------------------------


def _senior(as_of, **kw):
    return check(target_level="deputy_senior", as_of=as_of, current_title=title("intermediate", date(2015, 1, 1)), **kw)


def test_TITLE_02_senior_open_on_closing_day_june_9():
    assert routes(_senior(date(2023, 6, 9))) == [("review", "deputy_senior", "WH-01")]


def test_TITLE_02_senior_closed_day_after_june_10():
    result = _senior(date(2023, 6, 10))
    assert result.routes == ()
    assert "2023-06-09" in refusal(result, "TITLE-02").message


def test_TITLE_02_intermediate_open_on_july_14_closed_july_15():
    kw = dict(target_level="intermediate", current_title=title("assistant", date(2015, 1, 1)))
    assert routes(check(as_of=date(2023, 7, 14), **kw)) == [("review", "intermediate", "WH-01")]
    assert refusal_rules(check(as_of=date(2023, 7, 15), **kw)) == ["TITLE-02"]


@pytest.mark.parametrize("series", ["primary_secondary_teacher", "secondary_vocational_teacher"])
def test_TITLE_02_teachers_all_levels_open_july_31_closed_august_1(series):
    kw = dict(series=series, target_level="deputy_senior", current_title=title("intermediate", date(2015, 1, 1), series))
    assert routes(check(as_of=date(2023, 7, 31), **kw)) == [("review", "deputy_senior", "WH-01")]
    assert refusal_rules(check(as_of=date(2023, 8, 1), **kw)) == ["TITLE-02"]


def test_TITLE_02_directional_senior_open_july_31_closed_august_1():
    kw = dict(series="agriculture", unit_location="district", directional=True, target_level="deputy_senior",
              current_title=title("intermediate", date(2015, 1, 1), "agriculture"))
    assert routes(check(as_of=date(2023, 7, 31), **kw)) == [("review", "deputy_senior", "TITLE-20")]
    assert refusal_rules(check(as_of=date(2023, 8, 1), **kw)) == ["TITLE-02"]


def test_TITLE_02_year_without_windows_refused():
    result = check(year=2024, as_of=date(2024, 5, 1), target_level="deputy_senior",
                   current_title=title("intermediate", date(2015, 1, 1)))
    assert result.routes == ()
    assert "2024" in refusal(result, "TITLE-02").message


# Doc B §二(一)2: 考评结合 senior levels and 体育、工艺美术、文学创作 (every level) are "另行安排". Their 2023 windows
# exist without dates: refused with TITLE-02 until HR enters the dates, then open up to the closing day inclusive.
SEPARATE_CASES = [
    ("health", "deputy_senior", "intermediate"),
    ("economics", "full_senior", "deputy_senior"),
    ("accounting", "deputy_senior", "intermediate"),
    ("audit", "deputy_senior", "intermediate"),
    ("statistics", "full_senior", "deputy_senior"),
    ("sports_coach", "deputy_senior", "intermediate"),
    ("arts_crafts", "intermediate", "assistant"),
    ("literary_creation", "assistant", "member"),
]


@pytest.mark.parametrize(("series", "level", "held"), SEPARATE_CASES)
def test_TITLE_02_separately_scheduled_not_announced_refused(series, level, held):
    result = check(series=series, target_level=level, as_of=date(2023, 6, 1), exam_passed=True,
                   current_title=title(held, date(2010, 1, 1), series))
    assert result.routes == ()
    message = refusal(result, "TITLE-02").message
    assert "另行安排" in message and "尚未公布" in message
    assert refusal(result, "TITLE-02").level == level


@pytest.mark.parametrize(("series", "level", "held"), SEPARATE_CASES)
def test_TITLE_02_separately_scheduled_open_on_announced_closing_day_closed_the_day_after(series, level, held):
    kw = dict(series=series, target_level=level, exam_passed=True, current_title=title(held, date(2010, 1, 1), series))
    assert routes(check(catalogue=ANNOUNCED, as_of=SEPARATE_CLOSES, **kw)) == [("review", level, "WH-01")]
    after = check(catalogue=ANNOUNCED, as_of=SEPARATE_CLOSES + ONE_DAY, **kw)
    assert after.routes == ()
    assert SEPARATE_CLOSES.isoformat() in refusal(after, "TITLE-02").message


def test_TITLE_02_exam_review_senior_not_held_to_the_general_senior_deadline():
    # Before this reading 会计 副高 closed with the general senior window on 9 June.
    kw = dict(series="accounting", target_level="deputy_senior", exam_passed=True,
              current_title=title("intermediate", date(2010, 1, 1), "accounting"))
    assert routes(check(catalogue=ANNOUNCED, as_of=date(2023, 6, 10), **kw)) == [("review", "deputy_senior", "WH-01")]


def test_TITLE_02_exam_only_levels_and_other_series_keep_the_general_windows():
    from titles.catalogue import SERIES_BY_KEY, window_group

    assert window_group(SERIES_BY_KEY["accounting"], "intermediate", False) == "intermediate_junior"
    assert window_group(SERIES_BY_KEY["engineering"], "deputy_senior", False) == "senior"
    assert window_group(SERIES_BY_KEY["sports_coach"], "member", False) == "separate_series"
    # 基层卫生 directional senior: §二(一)1's directional date is the more specific one.
    assert window_group(SERIES_BY_KEY["health"], "deputy_senior", True) == "directional_senior"


def test_TITLE_02_separately_scheduled_series_year_not_loaded_refused():
    result = check(series="sports_coach", year=2024, as_of=date(2024, 5, 1), target_level="deputy_senior",
                   current_title=title("intermediate", date(2015, 1, 1), "sports_coach"))
    assert result.routes == ()
    assert "尚未载入" in refusal(result, "TITLE-02").message


def test_TITLE_02_window_opens_on_its_opening_day_not_the_day_before():
    from dataclasses import replace

    opening = date(2023, 6, 1)
    opened = replace(CATALOGUE, windows=tuple(
        replace(w, opens_on=opening) if w.group == "senior" else w for w in CATALOGUE.windows))
    kw = dict(target_level="deputy_senior", current_title=title("intermediate", date(2015, 1, 1)))
    assert routes(check(catalogue=opened, as_of=opening, **kw)) == [("review", "deputy_senior", "WH-01")]
    before = check(catalogue=opened, as_of=opening - ONE_DAY, **kw)
    assert before.routes == ()
    closed = refusal(before, "TITLE-02")
    assert closed.missing.days == 1 and closed.missing.met_on == opening
    # The page counts conditions to the deadline (as_of) but applies on today (applied_on): still closed.
    early = check(catalogue=opened, as_of=date(2023, 6, 9), applied_on=opening - ONE_DAY, **kw)
    assert refusal_rules(early) == ["TITLE-02"]


def test_TITLE_03_condition_met_after_deadline_warns():
    result = check()  # the INTERFACES example: 1 year is completed on 15 July, the window closed on 14 July
    assert refusal(result, "RECOG-01").missing.days == 1
    assert [w.rule for w in result.warnings] == ["TITLE-03"]


# --- WH-01 ordinary step-by-step review (proposed ID) -------------------------------------------------------


def test_WH_01_intermediate_exactly_five_years_open():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2018, 6, 1)))
    assert routes(result) == [("review", "deputy_senior", "WH-01")]


def test_WH_01_intermediate_one_day_short_of_five_years_refused():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2018, 6, 1) + ONE_DAY))
    r = refusal(result, "WH-01")
    assert (r.missing.days, r.missing.met_on) == (1, date(2023, 6, 2))
    assert "还差 1 天满 5 年" in r.message


def test_WH_01_assistant_exactly_four_years_open_and_one_day_short_refused():
    kw = dict(target_level="intermediate")
    assert routes(check(current_title=title("assistant", date(2019, 7, 14)), **kw)) == [
        ("review", "intermediate", "WH-01")]
    assert refusal(check(current_title=title("assistant", date(2019, 7, 15)), **kw), "WH-01").missing.days == 1


def test_WH_01_deputy_to_full_exactly_five_years_open_and_one_day_short_refused():
    kw = dict(target_level="full_senior", as_of=SENIOR_DAY)
    assert routes(check(current_title=title("deputy_senior", date(2018, 6, 1)), **kw)) == [
        ("review", "full_senior", "WH-01")]
    assert refusal(check(current_title=title("deputy_senior", date(2018, 6, 2)), **kw), "WH-01").missing.days == 1


def test_WH_01_member_to_assistant_exactly_two_years_open_and_one_day_short_refused():
    kw = dict(target_level="assistant", education="below_college", degree=None)
    assert routes(check(current_title=title("member", date(2021, 7, 14)), **kw)) == [
        ("review", "assistant", "WH-01")]
    assert refusal(check(current_title=title("member", date(2021, 7, 15)), **kw), "WH-01").missing.days == 1


def test_WH_01_skipping_a_level_refused():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("assistant", date(2000, 1, 1)))
    assert result.routes == ()
    assert refusal_rules(result) == ["WH-01"]


def test_WH_01_same_level_already_held_refused():
    result = check(target_level="intermediate", current_title=title("intermediate", date(2000, 1, 1)))
    assert "已具有中级职称" in refusal(result, "WH-01").message


def test_TITLE_21_papers_required_only_city_institution_listed_series():
    kw = dict(target_level="deputy_senior", as_of=SENIOR_DAY, exam_passed=True, catalogue=ANNOUNCED)
    city = check(series="accounting", current_title=title("intermediate", date(2015, 1, 1), "accounting"), **kw)
    district = check(series="accounting", unit_location="district",
                     current_title=title("intermediate", date(2015, 1, 1), "accounting"), **kw)
    engineer = check(current_title=title("intermediate", date(2015, 1, 1)), **kw)
    assert city.routes[0].papers_required is True
    assert district.routes[0].papers_required is False
    assert engineer.routes[0].papers_required is False  # engineering: papers only for 正高级工程师


# --- TITLE-17 transfer of series --------------------------------------------------------------------------------


def _transfer(new_post, **kw):
    return check(series="archives", target_level="intermediate",
                 current_title=title("intermediate", date(2015, 1, 1), "engineering"), new_post_started_on=new_post,
                 **kw)


def test_TITLE_17_exactly_one_year_in_new_post_same_level_open():
    assert routes(_transfer(date(2022, 7, 14))) == [("review", "intermediate", "TITLE-17")]


def test_TITLE_17_one_day_short_of_one_year_refused():
    r = refusal(_transfer(date(2022, 7, 15)), "TITLE-17")
    assert r.missing.days == 1


def test_TITLE_17_new_post_date_missing_refused_naming_field():
    found = refusal(_transfer(None), "TITLE-17")
    assert found.field == "new_post_started_on"  # for the CLI/API output ("field")
    assert "转岗（转系列）到现岗位的日期" in found.message
    assert "new_post_started_on" not in found.message  # the applicant's page shows the message in plain words


def test_TITLE_17_higher_level_in_new_series_before_transfer_refused():
    result = check(series="archives", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2010, 1, 1), "engineering"),
                   new_post_started_on=date(2020, 1, 1))
    assert "先转后评" in refusal(result, "TITLE-17").message


def test_TITLE_17_one_level_higher_exactly_one_year_after_transfer_open():
    result = check(series="archives", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2022, 6, 1), "archives", original=date(2016, 1, 1)))
    assert routes(result) == [("review", "deputy_senior", "TITLE-17")]


def test_TITLE_17_one_level_higher_one_day_short_of_one_year_refused():
    result = check(series="archives", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2022, 6, 2), "archives", original=date(2016, 1, 1)))
    assert refusal(result, "TITLE-17").missing.days == 1


def test_TITLE_17_seniority_counted_from_original_title_one_day_short_refused():
    result = check(series="archives", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2021, 1, 1), "archives", original=date(2018, 6, 2)))
    assert refusal(result, "TITLE-17").missing.met_on == date(2023, 6, 2)


def test_TITLE_17_specialty_of_same_series_is_not_a_transfer():
    result = check(series="mechanical_engineering", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2015, 1, 1), "engineering"))
    assert routes(result) == [("review", "deputy_senior", "WH-01")]


# --- TITLE-18 non-public sector ---------------------------------------------------------------------------------


def _non_public(work_started_on, target="intermediate", education="bachelor", as_of=date(2023, 7, 14), **kw):
    return check(employment="non_public", education=education, degree=None, graduated_on=date(2000, 7, 1),
                 work_started_on=work_started_on, target_level=target, as_of=as_of, **kw)


def test_TITLE_18_bachelor_exactly_five_years_intermediate_open():
    assert routes(_non_public(date(2018, 7, 14)), "TITLE-18") == [("direct_review", "intermediate", "TITLE-18")]


def test_TITLE_18_bachelor_one_day_short_of_five_years_refused():
    assert refusal(_non_public(date(2018, 7, 15)), "TITLE-18").missing.days == 1


def test_TITLE_18_college_exactly_eight_years_intermediate_open():
    assert routes(_non_public(date(2015, 7, 14), education="college"), "TITLE-18") == [
        ("direct_review", "intermediate", "TITLE-18")]


def test_TITLE_18_college_one_day_short_of_eight_years_refused():
    assert refusal(_non_public(date(2015, 7, 15), education="college"), "TITLE-18").missing.days == 1


def test_TITLE_18_bachelor_exactly_twelve_years_deputy_senior_open():
    result = _non_public(date(2011, 6, 1), target="deputy_senior", as_of=SENIOR_DAY)
    assert routes(result) == [("direct_review", "deputy_senior", "TITLE-18")]
    assert result.routes[0].submission_route == "senior"


def test_TITLE_18_bachelor_one_day_short_of_twelve_years_refused():
    assert refusal(_non_public(date(2011, 6, 2), target="deputy_senior", as_of=SENIOR_DAY), "TITLE-18").missing.days == 1


def test_TITLE_18_college_cannot_go_directly_to_deputy_senior():
    result = _non_public(date(1990, 1, 1), target="deputy_senior", education="college", as_of=SENIOR_DAY)
    assert routes(result) == []


def test_TITLE_18_deputy_senior_in_exam_review_series_needs_exam():
    result = _non_public(date(2011, 6, 1), target="deputy_senior", as_of=SENIOR_DAY, series="economics")
    assert refusal_rules(result) == ["TITLE-13"]


def test_TITLE_18_institution_staff_not_covered():
    result = check(employment="institution", work_started_on=date(2010, 1, 1), graduated_on=date(2009, 7, 1),
                   target_level="intermediate")
    assert routes(result, "TITLE-18") == []


def test_TITLE_18_non_public_intermediate_routes_to_district_hr():
    route = _non_public(date(2018, 7, 14)).routes[0]
    assert route.submission_route == "non_public"
    assert "区人力资源和社会保障局" in route.committee.zh


# --- TITLE-19 grassroots ----------------------------------------------------------------------------------------


def _township(start, education="bachelor", **kw):
    return check(unit_location="township", education=education, degree=None, graduated_on=date(2000, 7, 1),
                 work_started_on=start, target_level="intermediate", field_matches=False, **kw)


def test_TITLE_19_township_bachelor_exactly_two_years_direct_intermediate_open():
    assert routes(_township(date(2021, 7, 14)), "TITLE-19") == [("direct_review", "intermediate", "TITLE-19")]


def test_TITLE_19_township_bachelor_one_day_short_of_two_years_refused():
    assert refusal(_township(date(2021, 7, 15)), "TITLE-19").missing.days == 1


def test_TITLE_19_township_college_exactly_four_years_open():
    assert routes(_township(date(2019, 7, 14), education="college"), "TITLE-19") == [
        ("direct_review", "intermediate", "TITLE-19")]


def test_TITLE_19_township_college_one_day_short_of_four_years_refused():
    assert refusal(_township(date(2019, 7, 15), education="college"), "TITLE-19").missing.days == 1


def test_TITLE_19_township_uses_township_start_date():
    result = _township(date(2010, 1, 1), township_work_started_on=date(2021, 7, 15))
    assert refusal(result, "TITLE-19").missing.days == 1


def _long_service(district, township):
    return check(unit_location="district", target_level="deputy_senior", as_of=SENIOR_DAY,
                 current_title=title("intermediate", date(2022, 1, 1)), years_in_district=district,
                 years_in_township=township)


def test_TITLE_19_thirty_years_in_district_one_level_up_open():
    assert routes(_long_service(30, 0)) == [("direct_review", "deputy_senior", "TITLE-19")]


def test_TITLE_19_twenty_nine_years_in_district_not_open():
    result = _long_service(29, 0)
    assert routes(result) == []
    # What is missing is said (it was only the generic step-by-step line).
    message = [r for r in result.refusals if r.rule == "TITLE-19"][0].message
    assert "现 29 年，还差 1 年" in message and "满30年" in message


def test_TITLE_19_missing_years_not_listed_when_the_level_is_open_otherwise():
    result = check(unit_location="district", target_level="deputy_senior", as_of=SENIOR_DAY, years_in_district=12,
                   current_title=title("intermediate", date(2015, 1, 1)))
    assert routes(result) == [("review", "deputy_senior", "WH-01")]
    assert "TITLE-19" not in refusal_rules(result)


def test_TITLE_19_twenty_years_in_township_open_nineteen_not():
    assert routes(_long_service(0, 20)) == [("direct_review", "deputy_senior", "TITLE-19")]
    assert routes(_long_service(0, 19)) == []


def test_TITLE_19_rural_service_three_years_one_year_early_open():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2019, 6, 1)),
                   rural_service_years=3, outstanding_contribution=True)
    assert routes(result) == [("review", "deputy_senior", "TITLE-19")]


def test_TITLE_19_rural_service_one_year_early_one_day_short_refused():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2019, 6, 2)),
                   rural_service_years=3, outstanding_contribution=True)
    assert refusal(result, "TITLE-19").missing.days == 1


def test_TITLE_19_rural_service_under_three_years_no_early_route():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2019, 6, 1)),
                   rural_service_years="2.9", outstanding_contribution=True)
    assert refusal_rules(result) == ["WH-01"]


def test_TITLE_19_city_teacher_senior_without_rural_year_warned():
    result = check(series="primary_secondary_teacher", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2015, 1, 1), "primary_secondary_teacher"),
                   rural_service_years="0.5")
    assert "TITLE-19" in [w.rule for w in result.warnings]
    assert routes(result) == [("review", "deputy_senior", "WH-01")]


def test_TITLE_19_city_teacher_with_one_rural_year_not_warned():
    result = check(series="primary_secondary_teacher", target_level="deputy_senior", as_of=SENIOR_DAY,
                   current_title=title("intermediate", date(2015, 1, 1), "primary_secondary_teacher"),
                   rural_service_years=1)
    assert "TITLE-19" not in [w.rule for w in result.warnings]


# --- TITLE-20 directional ---------------------------------------------------------------------------------------


def _directional(**kw):
    base = dict(series="health", unit_location="district", directional=True, target_level="deputy_senior",
                as_of=SENIOR_DAY, exam_passed=True, current_title=title("intermediate", date(2015, 1, 1), "health"))
    base.update(kw)
    return check(**base)


def test_TITLE_20_district_health_directional_routes_to_health_commission():
    result = _directional()
    assert routes(result) == [("review", "deputy_senior", "TITLE-20")]
    assert result.routes[0].committee.zh.startswith("乌海市卫生健康委员会")
    assert result.routes[0].submission_route == "directional_senior"


@pytest.mark.parametrize(
    ("series", "office"),
    [
        ("primary_secondary_teacher", "乌海市教育局"),  # 基层中小学教师
        ("agriculture", "乌海市农牧局"),  # 基层农牧业
        ("health", "乌海市卫生健康委员会"),  # 基层卫生（除基层药学外）
        ("pharmacy", "乌海市市场监督管理局"),  # 基层药学
        ("cultural_heritage", "乌海市文体旅游广电局"),  # 基层文博
        ("water_engineering", "乌海市水务局"),  # 基层水利
    ],
)
def test_TITLE_20_directional_goes_to_the_attachment_2_city_department(series, office):
    # Doc B §三(二)1: district department → district HR re-check → district department → city department.
    result = _directional(series=series, district="hainan", current_title=title("intermediate", date(2015, 1, 1), series))
    assert [(r.route, r.rule, r.directional) for r in result.routes] == [("review", "TITLE-20", True)]
    assert result.routes[0].receiving_office == office
    assert result.routes[0].submission_route == "directional_senior"


def test_TITLE_20_general_district_senior_keeps_the_district_hr_office():
    result = _directional(directional=False, district="hainan", series="agriculture",
                          current_title=title("intermediate", date(2015, 1, 1), "agriculture"))
    assert result.routes[0].directional is False
    assert result.routes[0].receiving_office == "海南区人力资源和社会保障局"


def test_TITLE_20_city_unit_refused():
    assert refusal_rules(_directional(unit_location="city")) == ["TITLE-20"]


def test_TITLE_20_series_outside_directional_fields_refused():
    result = _directional(series="engineering", current_title=title("intermediate", date(2015, 1, 1)))
    assert refusal_rules(result) == ["TITLE-20"]


def test_TITLE_20_intermediate_level_refused():
    assert "TITLE-20" in refusal_rules(_directional(target_level="intermediate"))


def test_TITLE_20_both_tracks_same_year_refused():
    assert refusal_rules(_directional(other_track_same_year=True)) == ["TITLE-20"]


# --- TITLE-16 exceptional ----------------------------------------------------------------------------------------


def test_TITLE_16_eight_kind_honour_full_senior_directly_without_exam():
    result = check(series="health", target_level="full_senior", as_of=SENIOR_DAY, catalogue=ANNOUNCED,
                   current_title=title("intermediate", date(2021, 1, 1), "health"),
                   honours=("state_council_special_allowance",))
    assert routes(result) == [("direct_review", "full_senior", "TITLE-16")]


def test_TITLE_16_four_kind_honour_one_level_up_needs_exam_in_exam_review_series():
    kw = dict(series="health", target_level="deputy_senior", as_of=SENIOR_DAY, catalogue=ANNOUNCED,
              current_title=title("intermediate", date(2022, 1, 1), "health"), honours=("talent_321_level2",))
    without_exam = check(**kw)
    assert without_exam.routes == ()
    assert refusal(without_exam, "TITLE-13").route == "direct_review"
    assert routes(check(exam_passed=True, **kw)) == [("direct_review", "deputy_senior", "TITLE-16")]


def test_TITLE_16_four_kind_honour_not_two_levels_up():
    result = check(target_level="full_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2022, 1, 1)),
                   honours=("region_youth_innovation_award",))
    assert routes(result) == []


def test_TITLE_16_district_only_honour_in_city_refused():
    result = check(target_level="deputy_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2022, 1, 1)),
                   honours=("region_sci_tech_second_third_or_industry_first_twice",))
    assert "TITLE-16" in refusal_rules(result)
    assert routes(result) == []


def test_TITLE_16_used_once_before_refused():
    result = check(target_level="full_senior", as_of=SENIOR_DAY, current_title=title("intermediate", date(2022, 1, 1)),
                   honours=("talent_321_level1",), used_exceptional_before=True)
    assert "TITLE-16" in refusal_rules(result)
    assert routes(result) == []


def test_TITLE_16_civil_servant_transfer_on_fifth_anniversary_open():
    result = check(target_level="intermediate", civil_service_transfer_on=date(2018, 7, 14), first_application=True)
    assert routes(result, "TITLE-16") == [("direct_review", "intermediate", "TITLE-16")]


def test_TITLE_16_civil_servant_transfer_day_after_five_years_refused():
    result = check(target_level="intermediate", civil_service_transfer_on=date(2018, 7, 13), first_application=True)
    assert routes(result, "TITLE-16") == []
    assert "TITLE-16" in refusal_rules(result)


def test_TITLE_16_civil_servant_transfer_not_first_application_refused():
    result = check(target_level="intermediate", civil_service_transfer_on=date(2022, 1, 1), first_application=False)
    assert "TITLE-16" in refusal_rules(result)


def test_TITLE_16_civil_servant_transfer_exam_review_series_needs_exam():
    result = check(series="audit", target_level="deputy_senior", as_of=SENIOR_DAY,
                   civil_service_transfer_on=date(2022, 1, 1), first_application=True)
    assert refusal_rules(result) == ["TITLE-13"]


# --- TITLE-11 / TITLE-06 -----------------------------------------------------------------------------------------


def test_TITLE_11_teacher_full_senior_quota_noted():
    result = check(series="primary_secondary_teacher", target_level="full_senior", as_of=SENIOR_DAY,
                   rural_service_years=1,
                   current_title=title("deputy_senior", date(2015, 1, 1), "primary_secondary_teacher"))
    assert routes(result) == [("review", "full_senior", "WH-01")]
    assert "6 人" in [w for w in result.warnings if w.rule == "TITLE-11"][0].message
    assert "共同组建" in result.routes[0].committee.zh


def test_TITLE_06_district_intermediate_goes_to_district_hr_with_district_name():
    result = check(unit_location="district", district="wuda", target_level="intermediate",
                   current_title=title("assistant", date(2015, 1, 1)))
    route = result.routes[0]
    assert route.receiving_office == "乌达区人力资源和社会保障局"
    assert route.committee.zh.startswith("所在区人力资源和社会保障局")


def test_TITLE_06_senior_not_delegated_goes_to_region_via_city_hr():
    row = committee_for(CATALOGUE, CATALOGUE.series["engineering"], "deputy_senior", "city", False)
    assert row.submission_route == "senior"
    assert row.committee_zh.startswith("内蒙古自治区")
