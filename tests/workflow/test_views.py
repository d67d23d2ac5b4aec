"""Login, per-role home pages in Chinese, demo accounts only in demo mode, throttling, language switch."""

import pytest
from django.core.cache import cache

from workflow.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo():
    seed()


def test_login_page_is_chinese_and_hides_demo_accounts_outside_demo_mode(client, settings, demo):
    settings.DEMO_MODE = False
    page = client.get("/login/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "登录" in text and 'lang="zh-hans"' in text
    assert DEMO_PASSWORD not in text


def test_login_page_shows_demo_accounts_in_demo_mode(client, settings, demo):
    settings.DEMO_MODE = True
    text = client.get("/login/").content.decode()
    assert DEMO_PASSWORD in text
    for username, *_ in DEMO_ACCOUNTS:
        assert username in text


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(("username", "role"), [(a[0], a[2]) for a in DEMO_ACCOUNTS])
def test_every_demo_role_logs_in_and_sees_its_home(client, demo, username, role):
    response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    text = page.content.decode()
    assert page.status_code == 200
    assert f'data-role="{role}"' in text
    assert "工作台" in text


def test_wrong_password_is_refused_in_chinese(client, demo):
    page = client.post("/login/", {"username": "applicant", "password": "wrong"})
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "请输入一个正确的" in page.content.decode() or "正确" in page.content.decode()


def test_login_is_throttled_after_repeated_failures(client, settings, demo):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/login/", {"username": "applicant", "password": "wrong"})
    page = client.post("/login/", {"username": "applicant", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in page.content.decode()


def test_logout_needs_post_and_ends_the_session(client, demo):
    client.post("/login/", {"username": "applicant", "password": DEMO_PASSWORD})
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert "_auth_user_id" not in client.session


def test_language_switch_to_english(client, demo):
    client.post("/login/", {"username": "hr_officer", "password": DEMO_PASSWORD})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get("/").content.decode()
    assert 'lang="en"' in text
    assert "Dashboard" in text


def test_csrf_is_enforced_on_login():
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/login/", {"username": "a", "password": "b"}).status_code == 403


def test_pages_carry_a_strict_content_security_policy(client):
    csp = client.get("/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_chinese_is_the_default_whatever_the_browser_prefers(client):
    text = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in text and "登录" in text


def test_favicon_is_served_at_the_site_root(client):
    """Browsers fetch /favicon.ico on every page that links no icon (the admin's too); a 404 there is a console
    error in every browser test (tests/e2e/conftest.py)."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\x00\x00\x01\x00")  # the ICO header
    assert "icon" in response["Content-Type"]
