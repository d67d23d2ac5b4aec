"""Selectors: DB ratio profiles → engine profiles (POST-03, POST-07), scheme → UnitScheme, fixed query counts."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction

import pytest

from posts import rules
from posts.inbox import dept_reviewer_schemes, hr_officer_schemes, hr_officer_special_posts, unit_hr_schemes
from posts.models import RatioProfile, Scheme
from posts.selectors import (
    jurisdiction_check,
    profiles_for_keys,
    profiles_for_schemes,
    profiles_for_units,
    ratio_profile_for,
    scheme_profiles,
    scheme_vacancies,
    unit_scheme,
)
from workflow.models import Membership, Organisation

from .factories import CITY_OK, DISTRICT_OK, org, person

pytestmark = pytest.mark.django_db


def units(n, jurisdiction="city", sector="education", **extra):
    return [org(f"u-{jurisdiction}-{sector}-{i}", "unit", jurisdiction, sector=sector, **extra) for i in range(n)]


# ------------------------------------------------------------------------------------------------ profiles


def test_POST_03_seeded_profiles_equal_the_engine_defaults():
    for jurisdiction in rules.JURISDICTIONS:
        for sector in ("general", *rules.KNOWLEDGE_INTENSIVE_SECTORS):
            assert profiles_for_keys([(jurisdiction, sector)], year=2024)[
                (jurisdiction, sector)
            ] == dataclasses.replace(rules.default_profile(jurisdiction, sector), effective_year=2023)


def test_POST_03_no_stored_profile_falls_back_to_the_post_02_defaults():
    RatioProfile.objects.all().delete()
    (unit,) = units(1, "hainan", "health")
    assert ratio_profile_for(unit, year=2024) == rules.default_profile("hainan", "health")


def test_POST_03_before_the_first_effective_year_the_defaults_apply():
    RatioProfile.objects.filter(jurisdiction="city", sector="general").update(senior_cap=Decimal("0.1"))
    (unit,) = units(1, "city", "general")
    assert ratio_profile_for(unit, year=2022).senior_cap == Fraction(1, 4)
    assert ratio_profile_for(unit, year=2023).senior_cap == Fraction(1, 10)


def test_POST_03_latest_effective_year_not_after_the_year_wins():
    RatioProfile.objects.create(
        jurisdiction="city",
        sector="education",
        senior_cap=Decimal("0.2200"),
        senior_intermediate_cap=Decimal("0.6800"),
        effective_year=2026,
        label="2.2:4.6:3.2",
    )
    (unit,) = units(1)
    assert ratio_profile_for(unit, year=2025).senior_cap == Fraction(1, 4)
    profile = ratio_profile_for(unit, year=2027)
    assert (profile.senior_cap, profile.senior_intermediate_cap, profile.label) == (
        Fraction(22, 100), Fraction(68, 100), "2.2:4.6:3.2")  # fmt: skip


def test_POST_07_stored_caps_are_exact_fractions_and_rounding_is_kept():
    RatioProfile.objects.filter(jurisdiction="wuda", sector="general").update(
        senior_cap=Decimal("0.1234"), rounding="half_up"
    )
    (unit,) = units(1, "wuda", "general")
    profile = ratio_profile_for(unit, year=2024)
    assert profile.senior_cap == Fraction(1234, 10000) and isinstance(profile.senior_cap, Fraction)
    assert profile.rounding == "half_up"


def test_POST_03_sector_without_own_default_follows_the_jurisdictions_stored_general_row():
    RatioProfile.objects.filter(jurisdiction="haibowan", sector="general").update(senior_cap=Decimal("0.1500"))
    (culture,) = units(1, "haibowan", "culture")
    (education,) = units(1, "haibowan", "education")
    RatioProfile.objects.filter(jurisdiction="haibowan", sector="education").delete()
    assert ratio_profile_for(culture, year=2024).senior_cap == Fraction(15, 100)
    # a knowledge-intensive sector never inherits the general row: its own 20 % default applies
    assert ratio_profile_for(education, year=2024).senior_cap == Fraction(20, 100)


@pytest.mark.parametrize("n", [1, 3])
def test_profiles_for_units_is_one_query_whatever_the_number_of_units(django_assert_num_queries, n):
    many = units(n, "city") + units(n, "hainan", "health") + units(n, "wuda", "culture")
    with django_assert_num_queries(1):
        result = profiles_for_units(many, year=2024)
    assert len(result) == 3 * n


def test_profiles_for_schemes_keeps_the_input_order(django_assert_num_queries):
    schemes = [rules.UnitScheme(name="a", jurisdiction="hainan", affiliation="district", sector="health"),
               rules.UnitScheme(name="b", jurisdiction="city", affiliation="city_direct")]  # fmt: skip
    with django_assert_num_queries(1):
        profiles = profiles_for_schemes(schemes, year=2024)
    assert [p.jurisdiction for p in profiles] == ["hainan", "city"]
    assert profiles[0].senior_cap == Fraction(1, 5)


def test_POST_03_scheme_profiles_replaces_the_io_defaults_in_one_query(django_assert_num_queries):
    RatioProfile.objects.filter(jurisdiction="hainan", sector="general").update(senior_cap=Decimal("0.1500"))
    schemes = [rules.UnitScheme(name="a", jurisdiction="hainan", affiliation="district", sector="culture"),
               rules.UnitScheme(name="b", jurisdiction="hainan", affiliation="district", sector="health")]  # fmt: skip
    with django_assert_num_queries(1):
        profiles = scheme_profiles(schemes, year=2024)
    assert [p.senior_cap for p in profiles.units] == [Fraction(15, 100), Fraction(20, 100)]
    assert profiles.jurisdictions["hainan"].senior_cap == Fraction(15, 100)


# ------------------------------------------------------------------------------------------------- schemes


def test_unit_scheme_converts_a_row_to_the_engines_dataclass():
    (unit,) = units(1, "haibowan", "education", affiliation="district", senior_grade_exempt=True)
    scheme = Scheme.objects.create(unit=unit, version=1, professional=DISTRICT_OK, management={"7": 1},
                                   worker={"general": 2}, directional={"6": 2}, quota_full_senior=1)  # fmt: skip
    result = unit_scheme(scheme)
    assert result.professional[6] == 4 and result.worker == {"general": 2} and result.directional == {6: 2}
    assert (result.jurisdiction, result.affiliation, result.sector, result.senior_grade_exempt) == (
        "haibowan", "district", "education", True)  # fmt: skip
    assert result.professional_total == 50 and result.quota_full_senior == 1


def test_scheme_vacancies_are_set_minus_appointed_never_negative():
    (unit,) = units(1)
    scheme = Scheme.objects.create(unit=unit, version=1, professional={"6": 3, "7": 2},
                                   appointed={"professional": {"6": 1, "7": 4}})  # fmt: skip
    assert scheme_vacancies(scheme, "professional") == {"6": 2, "7": 0}


@pytest.mark.parametrize("n", [1, 3])
def test_POST_02_jurisdiction_check_runs_in_a_fixed_number_of_queries(django_assert_num_queries, n):
    for unit in units(n):
        Scheme.objects.filter(pk=Scheme.objects.create(unit=unit, version=1, professional=CITY_OK).pk).update(
            state="filed"
        )
    with django_assert_num_queries(4):
        result = jurisdiction_check("city", year=2024)
    assert len(result["units"]) == n and not any(f.is_error for f in result["aggregate"])


# --------------------------------------------------------------------------------------------------- inbox


def _membership(user):
    return Membership.objects.select_related("organisation").get(user=user)


@pytest.mark.parametrize("n", [1, 3])
def test_inbox_providers_run_a_fixed_number_of_queries(django_assert_num_queries, n):
    city_hr = org("city-hr", "city_hr")
    dept = org("dept", "department")
    reviewer = person("reviewer", "dept_reviewer", dept)
    officer = person("officer", "hr_officer", city_hr)
    batch = units(n, affiliation="city_department", supervisor=dept)
    for unit in batch:
        Scheme.objects.filter(pk=Scheme.objects.create(unit=unit, version=1).pk).update(state="dept_review")
        Scheme.objects.filter(pk=Scheme.objects.create(unit=unit, version=2).pk).update(state="hr_review")
    unit_hr = person("unit-hr", "unit_hr", batch[0])
    for user, provider, count in [
        (reviewer, dept_reviewer_schemes, n),
        (officer, hr_officer_schemes, n),
        (unit_hr, unit_hr_schemes, None),
        (officer, hr_officer_special_posts, None),
    ]:
        membership = _membership(user)
        queries = 2 if count else 1  # a count, then one page of rows with their units
        with django_assert_num_queries(queries):
            section = provider(user, membership)
            items = section.items if section else []
        assert len(items) == (count or 0)


def test_inbox_unit_hr_sees_returned_schemes_with_the_reasons():
    (unit,) = units(1)
    user = person("u", "unit_hr", unit)
    scheme = Scheme.objects.create(unit=unit, version=1, return_reasons="八级岗位偏多")
    Scheme.objects.filter(pk=scheme.pk).update(state="returned")
    section = unit_hr_schemes(user, _membership(user))
    assert section.total == 1 and "八级岗位偏多" in section.items[0].detail


def test_inbox_department_sees_only_its_own_units():
    mine, theirs = org("d1", "department"), org("d2", "department")
    reviewer = person("r", "dept_reviewer", mine)
    for unit in units(1, supervisor=theirs):
        Scheme.objects.filter(pk=Scheme.objects.create(unit=unit, version=1).pk).update(state="dept_review")
    assert dept_reviewer_schemes(reviewer, _membership(reviewer)) is None
    assert Organisation.objects.filter(kind="unit").count() == 1
