"""TITLE-10 (vacancies of the filed scheme, 5 % senior excess with a report), TITLE-11 (teacher 正高 total),
GREEN-01 (green channel not counted): the pure checks with one-step boundaries, then the selector over posts."""

from __future__ import annotations

import pytest

from titles.quota import UnitQuota, findings_for_level, teacher_quota_finding, unit_quota_findings

# 100 senior posts (grades 1–7), all but 2 filled at 副高, 1 vacancy at 正高, 3 at 中级.
SET = {4: 10, 5: 20, 6: 30, 7: 40, 8: 50, 9: 50, 10: 50}
VACANT = {4: 1, 7: 2, 10: 3}


def quota(**applications) -> UnitQuota:
    return UnitQuota(
        unit="乌海市某中心", has_filed_scheme=True, set_posts=SET, vacancies=VACANT, applications=applications
    )


def rules(findings):
    return [(f.rule, f.severity, f.scope) for f in findings]


def test_title_10_within_vacancies_no_finding():
    assert unit_quota_findings(quota(deputy_senior=2, full_senior=1, intermediate=3)) == []


def test_title_10_intermediate_one_over_vacancies_is_an_error():
    assert rules(unit_quota_findings(quota(intermediate=4))) == [("TITLE-10", "error", "intermediate:vacancies")]


def test_title_10_an_over_full_level_blocks_only_its_own_applications():
    # 中级 one over its 3 vacancies, 副高 eight over (beyond 5 % of 100 senior posts): each blocks its own level only.
    findings = unit_quota_findings(quota(intermediate=4, deputy_senior=2 + 6))
    assert rules(findings_for_level(findings, "intermediate")) == [("TITLE-10", "error", "intermediate:vacancies")]
    assert rules(findings_for_level(findings, "deputy_senior")) == [("TITLE-10", "error", "senior:excess")]
    assert rules(findings_for_level(findings, "full_senior")) == [("TITLE-10", "error", "senior:excess")]
    assert findings_for_level(findings, "assistant") == []
    no_scheme = unit_quota_findings(UnitQuota(unit="乌海市某中心", has_filed_scheme=False, applications={"member": 1}))
    assert rules(findings_for_level(no_scheme, "assistant")) == [("TITLE-10", "error", "scheme")]


def test_title_10_senior_excess_exactly_5_percent_needs_only_the_report():
    # 5 % of 100 senior posts = 5 beyond the vacancies: "以内" includes 5 (FLOW-01).
    findings = unit_quota_findings(quota(deputy_senior=2 + 4, full_senior=1 + 1))
    assert rules(findings) == [("TITLE-10", "warning", "senior:report")]
    filed = UnitQuota(**{**quota(deputy_senior=6, full_senior=2).__dict__, "excess_report_filed": True})
    assert unit_quota_findings(filed) == []


def test_title_10_senior_excess_one_over_5_percent_is_an_error():
    findings = unit_quota_findings(quota(deputy_senior=2 + 5, full_senior=1 + 1))
    assert rules(findings) == [("TITLE-10", "error", "senior:excess")]
    assert findings[0].actual == 6 and findings[0].limit == 5


def test_title_10_fractional_cap_is_exact():
    # 30 senior posts → 5 % = 1.5: one excess passes, two do not (Fraction, never floats).
    small = {5: 10, 6: 10, 7: 10}
    base = {"unit": "u", "has_filed_scheme": True, "set_posts": small, "vacancies": {}}
    assert rules(unit_quota_findings(UnitQuota(**base, applications={"deputy_senior": 1}))) == [
        ("TITLE-10", "warning", "senior:report")
    ]
    assert rules(unit_quota_findings(UnitQuota(**base, applications={"deputy_senior": 2}))) == [
        ("TITLE-10", "error", "senior:excess")
    ]


def test_title_10_unit_under_reform_gets_no_excess():
    q = UnitQuota(**{**quota(deputy_senior=3).__dict__, "under_reform": True})
    assert rules(unit_quota_findings(q)) == [("TITLE-10", "error", "deputy_senior:vacancies")]


def test_title_10_no_filed_scheme_is_an_error():
    q = UnitQuota(unit="u", has_filed_scheme=False, applications={"intermediate": 1})
    assert rules(unit_quota_findings(q)) == [("TITLE-10", "error", "scheme")]


def test_title_11_teacher_quota_boundary():
    assert teacher_quota_finding(year=2023, quota=6, count=6) is None
    finding = teacher_quota_finding(year=2023, quota=6, count=7)
    assert (finding.rule, finding.severity, finding.actual, finding.limit) == ("TITLE-11", "error", 7, 6)
    assert teacher_quota_finding(year=2023, quota=None, count=99) is None


@pytest.mark.django_db
def test_title_10_selector_reads_the_filed_scheme_and_green_01_is_not_counted(django_assert_num_queries):
    from posts.models import Scheme
    from tests.titles.test_application_services import make_unit, make_year
    from titles.models import Application, Series
    from titles.selectors.applications import unit_quota_report, unit_quotas

    year = make_year()
    unit = make_unit()
    scheme = Scheme.objects.create(
        unit=unit, version=1, professional={"7": 2, "10": 1}, appointed={"professional": {"7": 2, "10": 0}}
    )
    Scheme.objects.filter(pk=scheme.pk).update(state="filed")
    from django.contrib.auth import get_user_model

    users = [get_user_model().objects.create_user(f"u{i}") for i in range(4)]
    engineering = Series.objects.get(key="engineering")
    common = {"unit": unit, "evaluation_year": year, "series": engineering, "state": "submitted"}
    Application.objects.create(applicant=users[0], level="intermediate", **common)
    Application.objects.create(applicant=users[1], level="intermediate", **common)
    Application.objects.create(
        applicant=users[2], level="intermediate", route="green_channel", green_category=3, **common
    )
    Application.objects.create(applicant=users[3], level="intermediate", **{**common, "state": "draft"})
    with django_assert_num_queries(2):
        quotas = unit_quotas([unit], year.year)
    assert quotas[unit.pk].applications == {"intermediate": 2}
    assert quotas[unit.pk].vacancies[10] == 1
    assert [(f.rule, f.scope) for f in unit_quota_report(unit, year.year)] == [("TITLE-10", "intermediate:vacancies")]
