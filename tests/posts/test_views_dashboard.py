"""HR jurisdiction dashboard (POST-02/05/08 aggregates, units with errors, SVG bars, fixed queries) and the POST-12
calculator page."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from posts import dashboard, rules
from posts.forms import exact_percent
from posts.models import Scheme
from posts.services import scheme_create

from .factories import CITY_OK, DISTRICT_OK, MANAGEMENT, WORKER, K, org, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    from django.core.cache import cache

    cache.clear()  # the dashboard's cache lives across tests in the local-memory backend
    return world()


def filed_scheme(unit, professional, **extra):
    """A filed scheme row for the dashboard (its workflow is tested in test_services_schemes)."""
    return Scheme.objects.create(unit=unit, version=1, state=Scheme.State.FILED, professional=professional,
                                 management=MANAGEMENT, worker=WORKER, filed_on=date(2024, 3, 1), **extra)  # fmt: skip


def city_units(n: int, start: int = 0):
    return [org(f"cu-{start + i}", K.UNIT, affiliation="city_direct", name=f"市直单位{start + i}") for i in range(n)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("city_officer", 200), ("district_officer", 200), ("unit_hr", 403), ("dept", 403)],
)
def test_dashboard_by_role(client, w, who, status):
    client.force_login(getattr(w, who))
    assert client.get(reverse("posts:dashboard")).status_code == status


def test_dashboard_applicant_forbidden(client, w):
    from workflow.models import Role

    from .factories import person

    client.force_login(person("applicant", Role.APPLICANT, w.unit))
    assert client.get(reverse("posts:dashboard")).status_code == 403


def test_city_hr_sees_city_level_and_district_hr_its_district(client, w):
    filed_scheme(w.unit, CITY_OK)
    filed_scheme(w.district_unit, DISTRICT_OK)
    client.force_login(w.city_officer)
    text = client.get(reverse("posts:dashboard")).content.decode()
    assert 'data-jurisdiction="city"' in text and 'data-jurisdiction="haibowan"' not in text
    client.force_login(w.district_officer)
    text = client.get(reverse("posts:dashboard")).content.decode()
    assert 'data-jurisdiction="haibowan"' in text and 'data-jurisdiction="city"' not in text


def test_dashboard_aggregate_findings_and_units_with_errors(client, w):
    """POST-02 on the city aggregate: 2 units of 100 posts, one with 35 高级 → 60 of 200 > 50."""
    filed_scheme(w.unit, CITY_OK)
    filed_scheme(w.other_unit, {**CITY_OK, "7": 19, "13": 0, "12": 8, "11": 8})  # 35 高级 of 100
    client.force_login(w.city_officer)
    text = client.get(reverse("posts:dashboard")).content.decode()
    assert 'data-rule="POST-02"' in text and "市本级汇总：高级岗位" in text
    assert "超出总体控制目标" in text
    assert "乌海市人民医院" in text.split("存在错误的单位")[1]  # listed with its errors
    assert "乌海市第一中学" not in text.split("存在错误的单位")[1]
    assert "<svg" in text and 'class="seg-senior"' in text
    assert "<script" not in text.split("<main")[1]  # bars are server-side SVG, no chart library


@pytest.mark.parametrize("units", [1, 3])
def test_dashboard_queries_do_not_grow_with_units(client, w, django_assert_num_queries, units):
    from django.core.cache import cache

    for unit in city_units(units):
        filed_scheme(unit, CITY_OK)
    for unit in city_units(units, start=100):  # as many schemes waiting in review
        Scheme.objects.create(unit=unit, version=1, state=Scheme.State.HR_REVIEW, professional=CITY_OK)
    client.force_login(w.city_officer)
    client.get(reverse("posts:dashboard"))  # warm the session (and the cache)
    cache.clear()
    # cold: session, user, the memberships (read once per request: also the navigation's roles); the dashboard's
    # profiles; fingerprint (3); jurisdiction_check (schemes+units, unit profiles, special posts, aggregate profile);
    # schemes in review, their profiles, their special posts
    with django_assert_num_queries(14):
        response = client.get(reverse("posts:dashboard"))
    assert response.status_code == 200
    assert f"<strong>{units + 0}</strong>" in response.content.decode()
    # warm: the fingerprint finds the cached result — session, user, memberships, profiles, fingerprint (3)
    with django_assert_num_queries(7):
        assert client.get(reverse("posts:dashboard")).status_code == 200


def test_dashboard_lists_schemes_in_review_with_errors(client, w):
    """A filed scheme cannot have been filed with errors, but a scheme waiting in review can have them against the
    standard in force now (HR tightened it after submission): the dashboard lists it with its state."""
    from decimal import Decimal

    from posts.models import RatioProfile

    filed_scheme(w.unit, CITY_OK)
    Scheme.objects.create(unit=w.other_unit, version=1, state=Scheme.State.HR_REVIEW, professional=CITY_OK,
                          management=MANAGEMENT, worker=WORKER)  # fmt: skip
    client.force_login(w.city_officer)
    listed = client.get(reverse("posts:dashboard")).content.decode().split("存在错误的单位")[1]
    assert "乌海市人民医院" not in listed  # compliant: 25 of 100 at the 25 % cap
    RatioProfile.objects.create(jurisdiction="city", sector=w.other_unit.sector, senior_cap=Decimal("0.2000"),
                                senior_intermediate_cap=Decimal("0.7000"), effective_year=date.today().year)  # fmt: skip
    listed = client.get(reverse("posts:dashboard")).content.decode().split("存在错误的单位")[1]
    assert "乌海市人民医院" in listed and "人社部门备案审核中" in listed and "POST-03" in listed


def test_dashboard_cache_follows_a_new_filing(client, w):
    """The aggregate is cached, but a newly filed scheme (a new fingerprint) is counted at once."""
    filed_scheme(w.unit, CITY_OK)
    client.force_login(w.city_officer)
    assert 'data-rule="POST-02"' not in client.get(reverse("posts:dashboard")).content.decode()
    filed_scheme(w.other_unit, {**CITY_OK, "7": 19, "13": 0, "12": 8, "11": 8})
    assert 'data-rule="POST-02"' in client.get(reverse("posts:dashboard")).content.decode()


def test_dashboard_data_read_once_per_process_until_the_shared_cache_changes(w):
    """The cached value (thousands of units at regional scale) is unpickled once, then this process's copy is used
    while the shared cache holds the same token; an expired or cleared cache entry is never served from it."""
    from django.core.cache import cache

    from posts.selectors import jurisdiction_dashboard

    filed_scheme(w.unit, {**CITY_OK, "7": 19, "13": 0, "12": 8, "11": 8})
    first = jurisdiction_dashboard("city")
    assert jurisdiction_dashboard("city") is first  # no second read of the shared cache
    assert [u["unit"] for u in first["units_with_errors"]] == [w.unit.name]
    type(w.unit).objects.filter(pk=w.unit.pk).update(name="改名后的单位")  # invisible to the fingerprint
    assert jurisdiction_dashboard("city") is first  # within the cache timeout, as documented
    cache.clear()  # what the timeout does
    fresh = jurisdiction_dashboard("city")
    assert fresh is not first and [u["unit"] for u in fresh["units_with_errors"]] == ["改名后的单位"]


def test_dashboard_units_with_errors_paginated(client, w):
    from posts.views import DASHBOARD_PAGE_SIZE

    over = {**CITY_OK, "7": 19, "13": 0, "12": 8, "11": 8}
    for unit in city_units(DASHBOARD_PAGE_SIZE + 2):
        filed_scheme(unit, over)
    client.force_login(w.city_officer)
    first = client.get(reverse("posts:dashboard")).content.decode()
    assert first.count('<tr><td><a href="/posts/schemes/') == DASHBOARD_PAGE_SIZE
    assert f'<span class="badge">{DASHBOARD_PAGE_SIZE + 2}</span>' in first and "page_city=2" in first
    second = client.get(reverse("posts:dashboard") + "?page_city=2").content.decode()
    assert second.count('<tr><td><a href="/posts/schemes/') == 2


def test_structure_bars_exact_targets():
    totals = rules.JurisdictionTotals("city", units=1, professional=200, senior=50, intermediate=90, full_senior=10,
                                      deputy_senior=40, directional=0)  # fmt: skip
    bars = dashboard.structure_bars(totals, rules.default_profile("city"))
    assert [s.pct for s in bars["target"]] == [25.0, 45.0, 30.0]
    assert [s.pct for s in bars["actual"]] == [25.0, 45.0, 30.0]
    assert [s.x for s in bars["actual"]] == [0.0, 25.0, 70.0]


def test_cap_bars_verdicts_come_from_the_engine():
    schemes = [rules.UnitScheme("a", "haibowan", "district", professional={5: 20, 8: 40, 11: 40}, directional={6: 12})]
    aggregate = rules.check_jurisdictions(schemes)
    totals = rules.jurisdiction_totals(schemes)["haibowan"]
    bars = {b.scope: b for b in dashboard.cap_bars(totals, rules.default_profile("haibowan"), aggregate)}
    assert bars["jurisdiction:haibowan:senior"].severity == "error"  # 20 > 18 (POST-02)
    assert bars["jurisdiction:haibowan:directional"].severity == "error"  # 12 > ⌊10 % × 112⌋ = 11 (POST-08)
    assert bars["jurisdiction:haibowan:senior+intermediate"].severity is None  # 60 ≤ 60


# --------------------------------------------------------------------------------------------------------- POST-12


@pytest.mark.parametrize(
    ("share", "text"),
    [(Fraction(1, 10), "10%"), (Fraction(1, 8), "12.5%"), (Fraction(1, 9), "100/9% ≈ 11.11%"), (Fraction(0), "0%")],
)
def test_exact_percent(share, text):
    assert exact_percent(share) == text


def test_over_quota_calculator_one_and_two_departures(client, w):
    """POST-12: 11 appointed on 10 → 10 % → 退一补一 (FLOW-01: 10 % is 以下); 23 on 20 → 15 % → 退二补一."""
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK)
    client.force_login(w.unit_hr)
    url = reverse("posts:over_quota", args=[scheme.pk])
    params = {"full_senior_appointed": 11, "full_senior_allowed": 10, "intermediate_appointed": 23,
              "intermediate_allowed": 20, "junior_appointed": 5, "junior_allowed": 30}  # fmt: skip
    response = client.get(url, params, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    full = text.split('data-level="full_senior"')[1].split("</tr>")[0]
    assert "10%" in full and "退一补一" in full
    inter = text.split('data-level="intermediate"')[1].split("</tr>")[0]
    assert "15%" in inter and "退二补一" in inter
    junior = text.split('data-level="junior"')[1].split("</tr>")[0]
    assert "未超比例" in junior


def test_over_quota_page_prefills_from_the_scheme(client, w):
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK)
    client.force_login(w.dept)
    text = client.get(reverse("posts:over_quota", args=[scheme.pk])).content.decode()
    assert 'name="full_senior_allowed" value="3"' in text  # grades 3 + 4 of CITY_OK
    assert "超岗位聘用测算" in text


def test_over_quota_on_the_scheme_page(client, w):
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK)
    client.force_login(w.unit_hr)
    text = client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()
    assert 'id="over-quota-form"' in text and "POST-12" in text


def test_POST_12_scheme_page_calculator_shows_results_for_recorded_appointments(client, w):
    """With 在聘人数 recorded, the unit page's calculator shows each level's result at once (it asked for the numbers
    it already had)."""
    scheme = filed_scheme(w.unit, CITY_OK, appointed={"professional": {**CITY_OK, "8": 15}})  # 中级 47 on 45
    client.force_login(w.unit_hr)
    text = client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()
    inter = text.split('data-level="intermediate"')[1].split("</tr>")[0]
    assert "退一补一" in inter and "请填写" not in inter  # 2 over 45 = 4.4 % ≤ 10 %
    assert "未超比例" in text.split('data-level="junior"')[1].split("</tr>")[0]


def test_POST_12_calculator_negative_count_shows_the_error_of_that_row(client, w):
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK)
    client.force_login(w.unit_hr)
    params = {"full_senior_appointed": -1, "full_senior_allowed": 10, "junior_appointed": 5, "junior_allowed": 30}
    text = client.get(reverse("posts:over_quota", args=[scheme.pk]), params, HTTP_HX_REQUEST="true").content.decode()
    full = text.split('data-level="full_senior"')[1].split("</tr>")[0]
    assert "应为 0 或正整数" in full and "退一补一" not in full
    assert "未超比例" in text.split('data-level="junior"')[1].split("</tr>")[0]  # the other rows still computed


def test_POST_12_calculator_form_is_not_blocked_by_browser_validation(client, w):
    """htmx halts a request when the form fails HTML validation (min=0): ``novalidate`` lets -1 reach the server."""
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK)
    client.force_login(w.unit_hr)
    text = client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()
    assert 'id="over-quota-form" novalidate' in text
