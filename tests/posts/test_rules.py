"""posts.rules — every POST rule on both sides of its boundary. Pure: no database."""

import dataclasses
from datetime import date
from fractions import Fraction

import pytest

from posts.rules import (
    SpecialPost,
    UnitScheme,
    allowed_count,
    check_jurisdictions,
    check_special_post_request,
    check_unit,
    complies_with_cap,
    default_profile,
    over_quota_replacement,
    special_post_allowed_grades,
    special_post_term,
)
from workflow.findings import ERROR, WARNING


def unit(jurisdiction="city", sector="general", **fields) -> UnitScheme:
    affiliation = "city_direct" if jurisdiction == "city" else "district"
    return UnitScheme(name="测试单位", jurisdiction=jurisdiction, affiliation=affiliation, sector=sector, **fields)


def only(findings, rule, scope=None):
    return [f for f in findings if f.rule == rule and (scope is None or f.scope == scope)]


def check(scheme, profile=None):
    return check_unit(scheme, profile or default_profile(scheme.jurisdiction, scheme.sector))


# --------------------------------------------------------------------------------------------------------- POST-02/03


def test_POST_02_default_profile_city_caps():
    profile = default_profile("city")
    assert (profile.senior_cap, profile.senior_intermediate_cap) == (Fraction(1, 4), Fraction(7, 10))
    assert profile.label == "2.5:4.5:3"


@pytest.mark.parametrize("district", ["haibowan", "hainan", "wuda"])
def test_POST_02_default_profile_district_caps(district):
    profile = default_profile(district)
    assert (profile.senior_cap, profile.senior_intermediate_cap) == (Fraction(18, 100), Fraction(60, 100))


@pytest.mark.parametrize("sector", ["education", "health", "agriculture", "forestry", "animal_husbandry", "water"])
def test_POST_02_default_profile_district_knowledge_intensive_caps(sector):
    profile = default_profile("hainan", sector)
    assert (profile.senior_cap, profile.senior_intermediate_cap) == (Fraction(20, 100), Fraction(62, 100))


def test_POST_02_default_profile_city_knowledge_intensive_sector_unchanged():
    assert default_profile("city", "education").senior_cap == Fraction(1, 4)


def test_POST_03_city_senior_exactly_25_percent_passes():
    assert only(check(unit(professional={7: 5, 12: 15})), "POST-03") == []


def test_POST_03_city_senior_one_more_fails():
    findings = only(check(unit(professional={7: 6, 12: 14})), "POST-03", "senior")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.severity, finding.actual, finding.limit) == (ERROR, 6, 5)
    assert "高级岗位 6 个，超过控制数 5 个（2.5:4.5:3，共 20 个专业技术岗位）" == finding.message


def test_POST_03_city_senior_plus_intermediate_exactly_70_percent_passes():
    assert only(check(unit(professional={7: 5, 10: 9, 12: 6})), "POST-03") == []


def test_POST_03_city_senior_plus_intermediate_one_more_fails():
    findings = only(check(unit(professional={7: 5, 10: 10, 12: 5})), "POST-03")
    assert [(f.scope, f.actual, f.limit) for f in findings] == [("senior+intermediate", 15, 14)]


def test_POST_03_grade1_counts_in_senior():
    assert only(check(unit(professional={1: 1, 7: 5, 12: 14})), "POST-03", "senior")


def test_POST_03_district_general_18_percent_passes_and_one_more_fails():
    assert only(check(unit("wuda", professional={7: 9, 12: 41})), "POST-03") == []
    assert only(check(unit("wuda", professional={7: 10, 12: 40})), "POST-03", "senior")


def test_POST_03_district_general_60_percent_passes_and_one_more_fails():
    assert only(check(unit("wuda", professional={7: 9, 10: 21, 12: 20})), "POST-03") == []
    assert only(check(unit("wuda", professional={7: 9, 10: 22, 12: 19})), "POST-03", "senior+intermediate")


def test_POST_03_district_education_20_percent_passes_and_one_more_fails():
    assert only(check(unit("haibowan", "education", professional={7: 10, 12: 40})), "POST-03") == []
    assert only(check(unit("haibowan", "education", professional={7: 11, 12: 39})), "POST-03", "senior")


def test_POST_03_district_education_62_percent_passes_and_one_more_fails():
    assert only(check(unit("haibowan", "health", professional={7: 10, 10: 21, 12: 19})), "POST-03") == []
    assert only(check(unit("haibowan", "health", professional={7: 10, 10: 22, 12: 18})), "POST-03")


def test_POST_03_directional_not_in_professional_base():
    # 8 senior of 40 → cap 7; counting 10 directional posts in P would wrongly raise the cap to 9.
    scheme = unit("wuda", professional={7: 8, 12: 32}, directional={6: 10})
    assert only(check(scheme), "POST-03", "senior")


def test_POST_03_directional_not_in_senior_count():
    assert only(check(unit("wuda", professional={7: 9, 12: 41}, directional={7: 5})), "POST-03") == []


def test_POST_03_special_posts_not_counted():
    scheme = unit(professional={7: 5, 12: 15}, special=(SpecialPost("professional", 5, 3),))
    assert only(check(scheme), "POST-03") == []


def test_POST_03_empty_scheme_passes():
    assert check(unit()) == []


# ------------------------------------------------------------------------------------------------------------ POST-04

SUB_RATIO_CASES = [
    # scope, passing distribution, failing distribution (one more post in the capped grades)
    ("full_senior:grade2", {2: 1, 3: 3, 4: 6}, {2: 2, 3: 2, 4: 6}),
    ("full_senior:grade2+3", {2: 1, 3: 3, 4: 6}, {2: 1, 3: 4, 4: 5}),
    ("deputy_senior:grade5", {5: 2, 6: 4, 7: 4}, {5: 3, 6: 3, 7: 4}),
    ("deputy_senior:grade5+6", {5: 2, 6: 4, 7: 4}, {5: 2, 6: 5, 7: 3}),
    ("intermediate:grade8", {8: 3, 9: 4, 10: 3}, {8: 4, 9: 3, 10: 3}),
    ("intermediate:grade8+9", {8: 3, 9: 4, 10: 3}, {8: 3, 9: 5, 10: 2}),
    ("junior:grade11", {11: 5, 12: 5}, {11: 6, 12: 4}),
]


@pytest.mark.parametrize(("scope", "passing", "failing"), SUB_RATIO_CASES)
def test_POST_04_sub_ratio_exactly_at_cap_passes(scope, passing, failing):
    assert only(check(unit(professional=passing)), "POST-04") == []


@pytest.mark.parametrize(("scope", "passing", "failing"), SUB_RATIO_CASES)
def test_POST_04_sub_ratio_one_more_fails(scope, passing, failing):
    findings = only(check(unit(professional=failing)), "POST-04")
    assert [f.scope for f in findings] == [scope]
    assert findings[0].severity == ERROR


def test_POST_04_grade2_exactly_ten_percent_passes():
    assert only(check(unit(professional={2: 1, 3: 3, 4: 6})), "POST-04", "full_senior:grade2") == []


def test_POST_04_grade2_one_more_fails():
    finding = only(check(unit(professional={2: 2, 3: 2, 4: 6})), "POST-04", "full_senior:grade2")[0]
    assert (finding.actual, finding.limit) == (2, 1)
    assert "正高级二级岗位 2 个，超过控制数 1 个" in finding.message


def test_POST_04_grade1_excluded_from_full_senior_base():
    # base = grades 2–4 = 9 → grade 2 cap ⌊0.9⌋ = 0; counting grade 1 would make it 14 → 1.
    assert only(check(unit(professional={1: 5, 2: 1, 3: 2, 4: 6})), "POST-04", "full_senior:grade2")
    assert only(check(unit(professional={1: 5, 2: 1, 3: 3, 4: 6})), "POST-04", "full_senior:grade2") == []


def test_POST_04_grade13_excluded_from_junior_base():
    # base = grades 11–12 = 9 → cap ⌊4.5⌋ = 4 < 5; counting grade 13 would make it 19 → 9.
    assert only(check(unit(professional={11: 5, 12: 4, 13: 10})), "POST-04", "junior:grade11")
    assert only(check(unit(professional={11: 5, 12: 5, 13: 10})), "POST-04", "junior:grade11") == []


def test_POST_04_level_without_posts_not_checked():
    assert only(check(unit(professional={1: 3, 13: 4})), "POST-04") == []


def test_POST_04_directional_not_in_deputy_senior_base():
    # 5: 1, 6: 2, 7: 2 → base 5, grade-5 cap 1; directional grade-7 posts would raise it.
    scheme = unit("hainan", professional={5: 2, 6: 1, 7: 2}, directional={7: 5})
    assert only(check(scheme), "POST-04", "deputy_senior:grade5")


def test_POST_04_special_not_in_sub_ratio():
    scheme = unit(professional={5: 2, 6: 4, 7: 4}, special=(SpecialPost("professional", 5, 2),))
    assert only(check(scheme), "POST-04") == []


# ------------------------------------------------------------------------------------------------------------ POST-01


def test_POST_01_professional_exactly_70_percent_passes():
    assert only(check(unit(professional={12: 7}, management={8: 3})), "POST-01") == []


def test_POST_01_professional_below_70_percent_warns():
    findings = only(check(unit(professional={12: 7}, management={8: 3}, worker={"general": 1})), "POST-01")
    assert [(f.severity, f.scope, f.actual) for f in findings] == [(WARNING, "professional_share", 7)]


def test_POST_01_directional_counts_as_professional():
    assert only(check(unit("wuda", professional={12: 6}, directional={7: 1}, management={8: 3})), "POST-01") == []


def test_POST_01_special_posts_excluded_from_total():
    scheme = unit(professional={12: 7}, management={8: 3}, special=(SpecialPost("worker", 3, 5),))
    assert only(check(scheme), "POST-01") == []


def test_POST_01_not_public_service_professional_not_checked():
    assert (
        only(check(unit(professional={12: 1}, management={8: 9}, public_service_professional=False)), "POST-01") == []
    )


# ------------------------------------------------------------------------------------------------------------ POST-05


def test_POST_05_unit_city_one_to_three_passes():
    assert only(check(unit(professional={4: 2, 7: 6, 12: 40})), "POST-05") == []


def test_POST_05_unit_city_above_one_to_three_warns():
    findings = only(check(unit(professional={4: 3, 7: 6, 12: 40})), "POST-05")
    assert [(f.severity, f.scope) for f in findings] == [(WARNING, "full_to_deputy")]


def test_POST_05_unit_below_lower_bound_not_reported():
    assert only(check(unit(professional={7: 10, 12: 40})), "POST-05") == []


def test_POST_05_unit_district_one_to_five_passes_and_more_warns():
    assert only(check(unit("wuda", professional={4: 2, 7: 10, 12: 60})), "POST-05") == []
    assert only(check(unit("wuda", professional={4: 3, 7: 10, 12: 60})), "POST-05", "full_to_deputy")


def test_POST_05_unit_grade1_counts_in_full_senior():
    assert only(check(unit(professional={1: 1, 4: 2, 7: 6, 12: 40})), "POST-05")


def test_POST_05_directional_not_in_deputy_senior():
    assert only(check(unit("wuda", professional={4: 2, 7: 9, 12: 60}, directional={7: 5})), "POST-05")


# ------------------------------------------------------------------------------------------------------------ POST-06


def test_POST_06_grade3_exactly_30_percent_of_quota_passes():
    assert only(check(unit(professional={3: 3, 4: 6}, quota_full_senior=10)), "POST-06") == []


def test_POST_06_grade3_one_more_fails():
    findings = only(check(unit(professional={3: 4, 4: 6}, quota_full_senior=10)), "POST-06")
    assert [(f.scope, f.actual, f.limit, f.severity) for f in findings] == [("full_senior:grade3", 4, 3, ERROR)]


def test_POST_06_grade4_exactly_60_percent_passes_and_one_more_fails():
    assert only(check(unit(professional={4: 6}, quota_full_senior=10)), "POST-06") == []
    assert only(check(unit(professional={4: 7}, quota_full_senior=10)), "POST-06", "full_senior:grade4")


def test_POST_06_full_senior_exactly_quota_passes_and_one_more_fails():
    assert only(check(unit(professional={1: 1, 2: 1, 3: 3, 4: 5}, quota_full_senior=10)), "POST-06") == []
    findings = only(check(unit(professional={1: 2, 2: 1, 3: 3, 4: 5}, quota_full_senior=10)), "POST-06")
    assert [(f.scope, f.actual, f.limit) for f in findings] == [("full_senior:quota", 11, 10)]


def test_POST_06_without_quota_not_checked():
    assert only(check(unit(professional={3: 9})), "POST-06") == []


def test_POST_06_exempt_unit_not_checked():
    assert only(check(unit(professional={3: 9}, quota_full_senior=1, senior_grade_exempt=True)), "POST-06") == []


# ------------------------------------------------------------------------------------------------------------ POST-07


def test_POST_07_floor_allowed_count():
    assert allowed_count(Fraction(1, 4), 10, "floor") == 2
    assert allowed_count(Fraction(1, 4), 10, "half_up") == 3
    assert allowed_count(Fraction(1, 4), 9, "half_up") == 2  # 2.25


def test_POST_07_half_up_exactly_half_rounds_up():
    assert allowed_count(Fraction(1, 10), 5, "half_up") == 1
    assert allowed_count(Fraction(1, 10), 4, "half_up") == 0


def test_POST_07_floor_mode_fails_where_half_up_passes():
    scheme = unit(professional={7: 3, 12: 7})  # 3 senior of 10 → 2.5
    assert only(check(scheme), "POST-03", "senior")[0].limit == 2
    half_up = dataclasses.replace(default_profile("city"), rounding="half_up")
    assert only(check(scheme, half_up), "POST-03") == []


def test_POST_07_half_up_one_more_fails():
    half_up = dataclasses.replace(default_profile("city"), rounding="half_up")
    assert only(check(unit(professional={7: 4, 12: 6}), half_up), "POST-03", "senior")


def test_POST_07_exact_fractions_not_floats():
    # 0.57 × 100 is 56.99999999999999 in floating point; exactly 57 must pass.
    assert complies_with_cap(57, Fraction(57, 100), 100)
    assert not complies_with_cap(58, Fraction(57, 100), 100)
    profile = dataclasses.replace(default_profile("city"), senior_cap=Fraction(57, 100))
    assert only(check(unit(professional={7: 57, 12: 43}), profile), "POST-03", "senior") == []


def test_POST_07_half_up_minimum_for_professional_share():
    # 6 of 9 posts: 70 % × 9 = 6.3 → floor mode needs 6.3 (warn); half_up needs round(6.3) = 6 (pass).
    scheme = unit(professional={12: 6}, management={8: 3})
    assert only(check(scheme), "POST-01")
    half_up = dataclasses.replace(default_profile("city"), rounding="half_up")
    assert only(check(scheme, half_up), "POST-01") == []


def test_POST_07_unknown_rounding_refused():
    with pytest.raises(ValueError):
        allowed_count(Fraction(1, 2), 3, "ceiling")


# ------------------------------------------------------------------------------------------------------------ POST-08


def test_POST_08_city_unit_with_directional_fails():
    findings = only(check(unit(professional={12: 10}, directional={6: 1})), "POST-08")
    assert [(f.severity, f.scope, f.actual) for f in findings] == [(ERROR, "directional", 1)]


def test_POST_08_city_unit_without_directional_passes():
    assert only(check(unit(professional={12: 10}, directional={6: 0})), "POST-08") == []


def test_POST_08_district_unit_with_directional_passes_per_unit():
    assert only(check(unit("wuda", professional={12: 10}, directional={6: 5})), "POST-08") == []


def test_POST_08_district_directional_exactly_10_percent_passes():
    schemes = [
        unit("wuda", professional={12: 45}, directional={7: 5}),
        unit("wuda", professional={12: 45}, directional={7: 5}),
    ]
    assert only(check_jurisdictions(schemes), "POST-08") == []


def test_POST_08_district_directional_one_more_fails():
    schemes = [
        unit("wuda", professional={12: 45}, directional={7: 6}),
        unit("wuda", professional={12: 44}, directional={7: 5}),
    ]
    findings = only(check_jurisdictions(schemes), "POST-08")
    assert [(f.scope, f.actual, f.limit, f.severity) for f in findings] == [
        ("jurisdiction:wuda:directional", 11, 10, ERROR)
    ]


def test_POST_08_districts_aggregated_separately():
    schemes = [
        unit("wuda", professional={12: 90}, directional={7: 10}),
        unit("hainan", professional={12: 1}, directional={7: 1}),
    ]
    findings = only(check_jurisdictions(schemes), "POST-08")
    assert [f.scope for f in findings] == ["jurisdiction:hainan:directional"]


# ------------------------------------------------------------------------------------------------- POST-02 aggregate


def test_POST_02_city_aggregate_exactly_25_percent_passes():
    schemes = [unit(professional={7: 3, 12: 7}), unit(professional={7: 2, 12: 8})]
    assert only(check_jurisdictions(schemes), "POST-02") == []


def test_POST_02_city_aggregate_one_more_fails():
    schemes = [unit(professional={7: 3, 12: 7}), unit(professional={7: 3, 12: 7})]
    findings = only(check_jurisdictions(schemes), "POST-02")
    assert [(f.scope, f.actual, f.limit) for f in findings] == [("jurisdiction:city:senior", 6, 5)]


def test_POST_02_city_aggregate_senior_intermediate_boundary():
    passing = [unit(professional={7: 5, 10: 9, 12: 6})]
    failing = [unit(professional={7: 5, 10: 5, 12: 5}), unit(professional={10: 5})]
    assert only(check_jurisdictions(passing * 2), "POST-02") == []
    findings = only(check_jurisdictions(failing), "POST-02")
    assert [f.scope for f in findings] == ["jurisdiction:city:senior+intermediate"]


def test_POST_02_district_aggregate_uses_overall_18_percent_even_for_education_units():
    schemes = [unit("hainan", "education", professional={7: 5, 12: 20})] * 2  # each 20 % (allowed per unit)
    assert only(check_unit(schemes[0], default_profile("hainan", "education")), "POST-03") == []
    findings = only(check_jurisdictions(schemes), "POST-02")
    assert [(f.scope, f.actual, f.limit) for f in findings] == [("jurisdiction:hainan:senior", 10, 9)]


def test_POST_02_district_aggregate_exactly_18_and_60_percent_passes():
    schemes = [unit("hainan", professional={7: 9, 10: 21, 12: 20})]
    assert only(check_jurisdictions(schemes), "POST-02") == []
    schemes = [unit("hainan", professional={7: 9, 10: 22, 12: 19})]
    assert only(check_jurisdictions(schemes), "POST-02", "jurisdiction:hainan:senior+intermediate")


def test_POST_02_aggregate_excludes_directional_and_special():
    schemes = [
        unit("wuda", professional={7: 9, 12: 41}, directional={7: 5}, special=(SpecialPost("professional", 5, 4),))
    ]
    assert only(check_jurisdictions(schemes), "POST-02") == []


def test_POST_02_aggregate_uses_given_jurisdiction_profile():
    strict = dataclasses.replace(default_profile("city"), senior_cap=Fraction(1, 10))
    findings = check_jurisdictions([unit(professional={7: 2, 12: 8})], {"city": strict})
    assert only(findings, "POST-02", "jurisdiction:city:senior")


# ------------------------------------------------------------------------------------------------- POST-05 aggregate


def test_POST_05_city_aggregate_one_to_three_passes_and_above_fails():
    assert only(check_jurisdictions([unit(professional={4: 2, 7: 6, 12: 100})]), "POST-05") == []
    findings = only(
        check_jurisdictions([unit(professional={4: 2, 7: 6}), unit(professional={4: 1, 12: 100})]), "POST-05"
    )
    assert [(f.severity, f.scope) for f in findings] == [(ERROR, "jurisdiction:city:full_to_deputy")]


def test_POST_05_city_aggregate_one_to_four_passes_and_below_warns():
    assert only(check_jurisdictions([unit(professional={4: 2, 7: 8, 12: 100})]), "POST-05") == []
    findings = only(check_jurisdictions([unit(professional={4: 2, 7: 9, 12: 100})]), "POST-05")
    assert [(f.severity, f.scope) for f in findings] == [(WARNING, "jurisdiction:city:full_to_deputy")]


def test_POST_05_district_aggregate_bounds():
    ok_upper = [unit("wuda", professional={4: 2, 7: 10, 12: 100})]
    above = [unit("wuda", professional={4: 3, 7: 10, 12: 100})]
    ok_lower = [unit("wuda", professional={4: 1, 7: 6, 12: 100})]
    below = [unit("wuda", professional={4: 1, 7: 7, 12: 100})]
    assert only(check_jurisdictions(ok_upper), "POST-05") == []
    assert only(check_jurisdictions(above), "POST-05")[0].severity == ERROR
    assert only(check_jurisdictions(ok_lower), "POST-05") == []
    assert only(check_jurisdictions(below), "POST-05")[0].severity == WARNING


def test_POST_05_aggregate_without_senior_posts_not_checked():
    assert only(check_jurisdictions([unit(professional={12: 10})]), "POST-05") == []


# ------------------------------------------------------------------------------------------------------------ POST-09


def test_POST_09_allowed_grades_by_jurisdiction():
    assert special_post_allowed_grades("city") == (1, 2, 3, 4, 5, 6, 7)
    assert special_post_allowed_grades("hainan")[-1] == 8


def test_POST_09_city_special_grade7_passes_grade8_fails():
    assert only(check(unit(special=(SpecialPost("professional", 7, 1),))), "POST-09") == []
    findings = only(check(unit(special=(SpecialPost("professional", 8, 1),))), "POST-09")
    assert [(f.severity, f.scope) for f in findings] == [(ERROR, "special")]


def test_POST_09_district_special_grade8_passes_grade9_fails():
    assert only(check(unit("wuda", special=(SpecialPost("professional", 8, 1),))), "POST-09") == []
    assert only(check(unit("wuda", special=(SpecialPost("professional", 9, 1),))), "POST-09")[0].severity == ERROR


def test_POST_09_grade2_special_warns():
    findings = only(check(unit(special=(SpecialPost("professional", 2, 1),))), "POST-09")
    assert [(f.severity, f.scope) for f in findings] == [(WARNING, "special")]


def test_POST_09_grade3_special_no_warning():
    assert only(check(unit(special=(SpecialPost("professional", 3, 1),))), "POST-09") == []


def test_POST_09_worker_special_grade_not_limited():
    assert only(check(unit(special=(SpecialPost("worker", 5, 1),))), "POST-09") == []


def test_POST_09_term_three_years():
    term = special_post_term(date(2024, 3, 1))
    assert (term.end, term.runs_to_retirement, term.findings) == (date(2027, 3, 1), False, ())


def test_POST_09_term_four_years_without_project_fails():
    assert special_post_term(date(2024, 3, 1), term_years=4).findings[0].rule == "POST-09"


def test_POST_09_term_major_project_five_years_passes_six_fails():
    assert special_post_term(date(2024, 3, 1), term_years=5, major_research_project=True).findings == ()
    assert special_post_term(date(2024, 3, 1), term_years=6, major_research_project=True).findings


def test_POST_09_term_one_extension_passes_two_fail():
    term = special_post_term(date(2024, 3, 1), extensions=1)
    assert (term.end, term.findings) == (date(2030, 3, 1), ())
    assert special_post_term(date(2024, 3, 1), extensions=2).findings[0].scope == "special:extension"


def test_POST_09_term_exactly_five_years_to_retirement_normal_term():
    term = special_post_term(date(2024, 3, 1), retirement_date=date(2029, 3, 1))
    assert (term.end, term.runs_to_retirement) == (date(2027, 3, 1), False)


def test_POST_09_term_under_five_years_to_retirement_runs_to_retirement():
    term = special_post_term(date(2024, 3, 1), retirement_date=date(2029, 2, 28))
    assert (term.end, term.runs_to_retirement) == (date(2029, 2, 28), True)


def test_POST_09_term_feb29_start_ends_month_end():
    assert special_post_term(date(2024, 2, 29)).end == date(2027, 2, 28)


def test_POST_09_request_with_regular_vacancy_fails():
    assert check_special_post_request("professional", 6, regular_set=3, regular_appointed=2)[0].severity == ERROR


def test_POST_09_request_without_vacancy_passes():
    assert check_special_post_request("professional", 6, regular_set=3, regular_appointed=3) == []


# ------------------------------------------------------------------------------------------------------------ POST-12


@pytest.mark.parametrize(
    ("appointed", "allowed", "departures"),
    [
        (10, 10, None),  # not over
        (9, 10, None),
        (11, 10, 1),  # exactly 10 % → 退一补一 (以下 includes 10 %)
        (12, 10, 2),  # 20 %
        (33, 30, 1),  # exactly 10 %
        (34, 30, 2),  # 13.3 %
        (221, 201, 1),  # 9.95 %
        (222, 201, 2),  # 10.45 %
        (1, 0, 2),
    ],
)
def test_POST_12_over_quota_replacement_boundaries(appointed, allowed, departures):
    result = over_quota_replacement(appointed, allowed)
    assert result.departures_per_hire == departures
    assert result.rule == "POST-12"


def test_POST_12_over_share_is_exact_and_unpacks():
    result = over_quota_replacement(33, 30)
    assert result.over_share == Fraction(1, 10)
    ratio, rule = result
    assert (ratio, rule, result.label) == (1, "POST-12", "退一补一")


def test_POST_12_negative_counts_refused():
    with pytest.raises(ValueError):
        over_quota_replacement(-1, 3)


# ------------------------------------------------------------------------------------------- limits and English text


def test_POST_01_limit_is_the_smallest_complying_count():
    """7 of 11 posts: 70 % of 11 = 7.7 → the limit is 8 (an integer; 7.7 itself is not a count), and 8 passes."""
    (finding,) = only(check(unit(professional={12: 7}, management={8: 4})), "POST-01")
    assert finding.limit == 8 and isinstance(finding.limit, int)
    assert only(check(unit(professional={12: 8}, management={8: 3})), "POST-01") == []  # 8 of 11 ≥ 7.7


def test_POST_05_lower_bound_limit_is_an_integer():
    """City aggregate FS 1 : DS 10 is below 1:4 (needs ≥ 2.5): the limit is ⌈2.5⌉ = 3."""
    scheme = unit(professional={4: 1, 5: 2, 6: 4, 7: 4, 12: 60})
    (finding,) = only(check_jurisdictions([scheme]), "POST-05")
    assert (finding.severity, finding.limit) == (WARNING, 3)
    assert "1:3–1:4" in finding.message_en and "至" not in finding.message_en


def test_english_messages_use_singular_for_one():
    (finding,) = only(check(unit(professional={7: 1, 12: 2})), "POST-03", "senior")
    assert finding.message_en.startswith("1 senior post exceeds the cap of 0")
