"""The scheme editor in a real browser: a live POST-03 error appears while typing, “采用建议” (POST-13) fixes it,
saving stores the fixed counts; the editor and the dashboard on a phone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from posts.models import Scheme
from posts.services import scheme_create
from workflow.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _world():
    from tests.posts.factories import CITY_OK, MANAGEMENT, WORKER, world

    w = world()
    for user in (w.unit_hr, w.city_officer):
        user.set_password(DEMO_PASSWORD)
        user.save()
    w.scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, management=MANAGEMENT, worker=WORKER)
    Scheme.objects.create(unit=w.other_unit, version=1, state=Scheme.State.FILED, filed_on=date(2024, 3, 1),
                          professional={**CITY_OK, "7": 19, "13": 0, "12": 8, "11": 8})  # fmt: skip
    return w


def test_editor_flags_an_error_live_and_the_suggestion_fixes_it(page, login, live_server, shoot):
    w = _world()
    login(page, "unit_hr")
    page.goto(f"{live_server.url}/posts/schemes/{w.scheme.pk}/edit/")
    expect(page.locator("#findings")).to_contain_text("符合岗位设置比例要求")
    shoot(page, "posts-01-editor-compliant")

    page.fill("#id_professional_7", "13")  # 高级 29 of 104 > 26
    error = page.locator('#findings li[data-rule="POST-03"]').first
    expect(error).to_be_visible()
    expect(error).to_contain_text("高级岗位 29 个，超过控制数 26 个")
    expect(page.locator("#findings")).to_contain_text("POST-13")
    shoot(page, "posts-02-editor-live-error")

    page.click("text=采用建议")
    expect(page.locator("#findings")).to_contain_text("符合岗位设置比例要求")
    expect(page.locator('#findings li[data-rule="POST-03"]')).to_have_count(0)
    assert page.input_value("#id_professional_7") != "13"
    shoot(page, "posts-03-editor-suggestion-applied")

    page.click("button[name=action][value=save]")
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    scheme = Scheme.objects.get(pk=w.scheme.pk)
    senior = sum(scheme.professional.get(str(g), 0) for g in range(1, 8))
    assert sum(scheme.professional.values()) == 104 and senior <= 26


def test_editor_and_dashboard_on_a_phone(phone, login, live_server, shoot):
    w = _world()
    login(phone, "unit_hr")
    phone.goto(f"{live_server.url}/posts/schemes/{w.scheme.pk}/edit/")
    expect(phone.locator("#id_professional_13")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    shoot(phone, "posts-04-editor-phone")
    phone.click("text=退出")
    login(phone, "city_officer")
    phone.goto(f"{live_server.url}/posts/dashboard/")
    expect(phone.locator('[data-jurisdiction="city"]')).to_contain_text(re.compile("POST-02"))
    expect(phone.locator(".units-with-errors")).to_contain_text("乌海市人民医院")
    shoot(phone, "posts-05-dashboard-phone")
