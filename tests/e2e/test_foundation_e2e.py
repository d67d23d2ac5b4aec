"""Each demo role logs in through a real browser and sees its home page in Chinese, on a desktop and a phone."""

import pytest

from workflow.demo import DEMO_ACCOUNTS, seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_every_role_logs_in_and_sees_its_home_in_chinese(page, phone, login, live_server, shoot, settings):
    settings.DEMO_MODE = True
    seed()
    page.goto(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "登录"
    assert "wuhai-demo-2026" in page.content()
    shoot(page, "00-login")
    phone.goto(f"{live_server.url}/login/")
    shoot(phone, "00-login-phone")
    for username, _display, role, *_ in DEMO_ACCOUNTS:
        login(page, username)
        assert page.locator(f'[data-role="{role}"]').count() == 1
        assert page.locator("h1").first.inner_text() == "工作台"
        shoot(page, f"01-home-{username}")
        page.click("text=退出")
        page.wait_for_url(f"{live_server.url}/login/")


def test_language_switch_in_the_header(page, login, live_server, settings):
    seed()
    login(page, "hr_officer")
    page.select_option("#lang-select", "en")
    page.wait_for_load_state("load")
    page.wait_for_selector("text=Dashboard")
    assert page.locator("html").get_attribute("lang") == "en"
