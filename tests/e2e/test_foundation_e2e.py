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


def test_api_docs_render_under_the_normal_csp(page, live_server, shoot):
    """/api/v1/docs is Swagger UI from django-ninja's bundled static files, under the site's CSP (no exemption, no
    CDN): the page draws both operations, and a blocked script or style would be a console error (conftest)."""
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector('[data-path="/api/v1/posts/schemes/check"]')
    page.wait_for_selector('[data-path="/api/v1/titles/eligibility"]')
    shoot(page, "02-api-docs")


def test_a_csp_violation_fails_the_browser_test(browser, live_server, request):
    """The conftest's watch itself: an inline script on one of our pages is refused by the CSP and recorded."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(f"{live_server.url}/login/")
        tab.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
        )
        tab.wait_for_timeout(200)
    finally:
        context.close()
    assert any("Content Security Policy" in e for e in browser.errors), browser.errors
    browser.errors.clear()  # seen: this test passes


def test_admin_pages_run_under_the_csp(page, live_server, shoot):
    """The admin (its login throttled like the site's) and its JavaScript pages — a change form with inlines and a
    date widget, a filtered list — log no CSP violation or script error (conftest)."""
    seed()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "wuhai-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ("/admin/workflow/calendaryear/add/", "/admin/workflow/auditrecord/?role=unit_hr", "/admin/auth/user/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/admin/workflow/calendaryear/add/")
    page.click(".add-row a")  # the inline's "add another" (admin JavaScript)
    shoot(page, "03-admin-calendar-year")
