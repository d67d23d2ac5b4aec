"""RECOG-01 / RECOG-02 recognition without review (考核认定). Pure: no database.

The default applicant is the INTERFACES §3 example; as_of 14 July 2023 (the last day of the 2023 intermediate/junior
window), so "exactly N years" means a start on 14 July of the year N years earlier.
"""

from datetime import date

import pytest

from tests.titles.eligibility_helpers import ONE_DAY, check, refusal, refusal_rules, routes, title

AS_OF = date(2023, 7, 14)


def _recog(education, start, target, degree=None, **kw):
    return check(education=education, degree=degree, graduated_on=date(2000, 7, 1), work_started_on=start,
                 target_level=target, **kw)


# --- RECOG-01 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("education", "years", "target"),
    [("college", 3, "assistant"), ("bachelor", 1, "assistant"), ("master", 2, "intermediate")],
)
def test_RECOG_01_exactly_n_years_recognised(education, years, target):
    result = _recog(education, date(2023 - years, 7, 14), target)
    assert routes(result) == [("recognition", target, "RECOG-01")]


@pytest.mark.parametrize(
    ("education", "years", "target"),
    [("college", 3, "assistant"), ("bachelor", 1, "assistant"), ("master", 2, "intermediate")],
)
def test_RECOG_01_one_day_short_refused(education, years, target):
    result = _recog(education, date(2023 - years, 7, 14) + ONE_DAY, target)
    r = refusal(result, "RECOG-01")
    assert result.routes == ()
    assert (r.missing.days, r.route, r.level) == (1, "recognition", target)
    assert f"还差 1 天满 {years} 年" in r.message


def test_RECOG_01_bachelor_exactly_one_year_recognised():
    assert routes(_recog("bachelor", date(2022, 7, 14), "assistant")) == [("recognition", "assistant", "RECOG-01")]


def test_RECOG_01_bachelor_one_day_short_refused():
    result = check()  # INTERFACES example: work since 2022-07-15, as_of 2023-07-14
    assert refusal(result, "RECOG-01").missing.met_on == date(2023, 7, 15)


def test_RECOG_01_doctorate_intermediate_at_once():
    result = _recog("doctorate", AS_OF, "intermediate", degree="doctorate")
    assert routes(result) == [("recognition", "intermediate", "RECOG-01")]


def test_RECOG_01_doctorate_before_starting_work_refused():
    result = _recog("doctorate", AS_OF + ONE_DAY, "intermediate", degree="doctorate")
    assert refusal(result, "RECOG-01").missing.days == 1


def test_RECOG_01_work_before_graduation_not_counted():
    result = check(graduated_on=date(2022, 7, 15), work_started_on=date(2020, 1, 1))
    assert refusal(result, "RECOG-01").missing.met_on == date(2023, 7, 15)


def test_RECOG_01_part_time_graduate_refused():
    result = _recog("bachelor", date(2020, 1, 1), "assistant", full_time=False)
    assert refusal_rules(result) == ["RECOG-01"]
    assert "全日制" in result.refusals[0].message


def test_RECOG_01_outside_field_refused():
    result = _recog("bachelor", date(2020, 1, 1), "assistant", field_matches=False)
    assert refusal_rules(result) == ["RECOG-01"]


def test_RECOG_01_exam_only_series_excluded():
    result = _recog("master", date(2020, 1, 1), "intermediate", series="accounting")
    assert refusal_rules(result) == ["TITLE-12"]


def test_RECOG_01_college_cannot_be_recognised_intermediate():
    result = _recog("college", date(2000, 1, 1), "intermediate")
    assert routes(result) == []


def test_RECOG_01_not_below_held_title():
    result = _recog("bachelor", date(2020, 1, 1), "assistant", current_title=title("assistant", date(2021, 1, 1)))
    assert routes(result, "RECOG-01") == []


# --- RECOG-02 --------------------------------------------------------------------------------------------------


def _village(education, start, target, degree=None, **kw):
    return _recog(education, start, target, degree=degree, unit_location="village", **kw)


def test_RECOG_02_college_exactly_two_years_recognised():
    assert routes(_village("college", date(2021, 7, 14), "assistant")) == [("recognition", "assistant", "RECOG-02")]


def test_RECOG_02_college_one_day_short_refused():
    result = _village("college", date(2021, 7, 15), "assistant")
    assert refusal(result, "RECOG-02").missing.days == 1
    assert "RECOG-01" in refusal_rules(result)  # neither rule is met: both say what is missing


def test_RECOG_02_bachelor_on_first_day_of_work_recognised():
    result = _village("bachelor", AS_OF, "assistant", degree="bachelor")
    assert routes(result) == [("recognition", "assistant", "RECOG-02")]


def test_RECOG_02_bachelor_before_starting_work_refused():
    result = _village("bachelor", AS_OF + ONE_DAY, "assistant")
    assert refusal(result, "RECOG-02").missing.days == 1


def test_RECOG_02_bachelor_degree_without_bachelor_education_recognised():
    result = _village("college", AS_OF, "assistant", degree="bachelor")
    assert routes(result) == [("recognition", "assistant", "RECOG-02")]


def test_RECOG_02_master_exactly_one_year_intermediate():
    assert routes(_village("master", date(2022, 7, 14), "intermediate", degree="master")) == [
        ("recognition", "intermediate", "RECOG-02")]


def test_RECOG_02_master_one_day_short_refused():
    result = _village("master", date(2022, 7, 15), "intermediate", degree="master")
    assert refusal(result, "RECOG-02").missing.days == 1


def test_RECOG_02_doctorate_degree_intermediate_on_starting_work():
    assert routes(_village("doctorate", AS_OF, "intermediate", degree="doctorate")) == [
        ("recognition", "intermediate", "RECOG-02")]


def test_RECOG_02_doctorate_education_without_degree_needs_one_year():
    result = _village("doctorate", AS_OF, "intermediate", degree=None, full_time=False)  # RECOG-01 closed
    assert refusal(result, "RECOG-02").missing.met_on == date(2024, 7, 14)


def test_RECOG_02_township_start_date_counts():
    kw = dict(unit_location="township", education="college", degree=None, graduated_on=date(2010, 7, 1),
              work_started_on=date(2010, 7, 1), township_work_started_on=date(2021, 7, 15))
    assert refusal(check(full_time=False, **kw), "RECOG-02").missing.days == 1


def test_RECOG_01_counts_all_work_more_favourable_than_RECOG_02_township_years():
    result = check(unit_location="township", education="college", degree=None, graduated_on=date(2010, 7, 1),
                   work_started_on=date(2010, 7, 1), township_work_started_on=date(2021, 7, 15))
    assert routes(result) == [("recognition", "assistant", "RECOG-01")]
    assert "RECOG-02" not in refusal_rules(result)


def test_RECOG_02_city_unit_not_covered():
    result = _recog("bachelor", AS_OF, "assistant")
    assert "RECOG-02" not in refusal_rules(result)
    assert routes(result, "RECOG-02") == []


def test_RECOG_02_does_not_require_full_time():
    assert routes(_village("bachelor", AS_OF, "assistant", full_time=False)) == [
        ("recognition", "assistant", "RECOG-02")]


# --- both apply: the more favourable ---------------------------------------------------------------------------


def test_RECOG_01_RECOG_02_both_apply_more_favourable_wins_and_other_refusal_dropped():
    result = _village("bachelor", date(2023, 1, 1), "assistant", degree="bachelor")
    assert routes(result) == [("recognition", "assistant", "RECOG-02")]
    assert "RECOG-01" not in refusal_rules(result)


def test_RECOG_01_RECOG_02_both_open_reported_once():
    result = _village("bachelor", date(2020, 1, 1), "assistant", degree="bachelor")
    assert routes(result) == [("recognition", "assistant", "RECOG-02")]


def test_RECOG_01_RECOG_02_all_levels_when_no_target():
    result = _village("master", date(2022, 7, 14), None, degree="master")
    assert ("recognition", "assistant", "RECOG-02") in routes(result)
    assert ("recognition", "intermediate", "RECOG-02") in routes(result)


def test_RECOG_01_part_time_master_after_a_full_time_bachelor_uses_the_bachelor():
    # Full-time bachelor 2015, part-time master 2021: the bachelor counts for 助理级 (bachelor + 1 year).
    kw = dict(education="master", full_time=False, degree="master", graduated_on=date(2021, 7, 1),
              full_time_education="bachelor", full_time_graduated_on=date(2015, 7, 1),
              work_started_on=date(2015, 7, 20), field_matches=True, as_of=date(2023, 7, 14))
    assert routes(check(target_level="assistant", **kw)) == [("recognition", "assistant", "RECOG-01")]
    one_day_short = check(target_level="assistant", **{**kw, "work_started_on": date(2022, 7, 15)})
    assert refusal(one_day_short, "RECOG-01").missing.days == 1
    # 中级 needs a full-time master: the part-time one does not count.
    assert "全日制" in refusal(check(target_level="intermediate", **kw), "RECOG-01").message


def test_RECOG_01_part_time_only_still_refused():
    result = check(education="bachelor", full_time=False, full_time_education=None, target_level="assistant")
    assert "全日制" in refusal(result, "RECOG-01").message
