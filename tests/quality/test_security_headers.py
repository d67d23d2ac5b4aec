"""Security headers on every HTML page, HttpOnly cookies, and the production security settings.

In-process pages are crawled from the URL configuration (every route without a parameter) as an anonymous visitor,
a demo officer and the superuser, so a new page is covered the day it is added. The production values are read in a
subprocess, because the test run itself is never in production mode (settings.TESTING).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from workflow.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SECRET = "q" * 20 + "Zq8!vB2@x#L9%rT7^mW4&pY6*sN1(dF3)hJ5"

# Routes that are not pages: POST-only actions and redirects.
NOT_PAGES = {"/logout/", "/i18n/setlang/"}


def _routes(resolver=None, prefix=""):
    """Every route of the URL configuration that takes no parameter, e.g. ``/admin/auth/user/add/``."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if getattr(entry.pattern, "converters", None) or any(c in pattern for c in "<(["):
            continue
        pattern = pattern.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + pattern


def script_sources(csp: str) -> list[str]:
    for directive in csp.split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    # Without script-src, default-src governs scripts.
    for directive in csp.split(";"):
        name, *values = directive.split()
        if name == "default-src":
            return values
    return []


def assert_secure_html_headers(response, where: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    scripts = script_sources(csp)
    assert "'self'" in scripts, f"{where}: script-src lacks 'self': {csp!r}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"{where}: {csp!r}"
    assert "frame-ancestors 'none'" in csp, f"{where}: {csp!r}"
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}, where


def _crawl(client: Client) -> dict[str, object]:
    pages = {}
    for path in sorted(set(_routes())):
        if path in NOT_PAGES or path.startswith("/api/v1/"):
            continue
        response = client.get(path)
        if response.get("Content-Type", "").startswith("text/html"):
            pages[path] = response
    return pages


@pytest.mark.parametrize("username", [None, "applicant", "hr_officer", "admin"])
def test_every_html_page_carries_the_security_headers(demo, username):
    client = Client(raise_request_exception=False)
    if username:
        assert client.login(username=username, password=DEMO_PASSWORD), username
    pages = _crawl(client)
    assert "/login/" in pages or username
    assert len(pages) >= (3 if username == "admin" else 1)
    for path, response in pages.items():
        assert_secure_html_headers(response, f"{username or 'anonymous'} GET {path} ({response.status_code})")


def test_error_pages_carry_the_security_headers(db):
    client = Client(raise_request_exception=False)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_secure_html_headers(response, "404")


def test_api_docs_page_has_the_same_policy_and_loads_only_local_static_files(client, settings):
    """/api/v1/docs (Swagger UI) gets no CSP exemption: ninja's bundled files are served from our static files."""
    from django.contrib.staticfiles import finders

    from workflow.middleware import CONTENT_SECURITY_POLICY

    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert docs["Content-Security-Policy"] == client.get("/login/")["Content-Security-Policy"]
    assert docs["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert_secure_html_headers(docs, "GET /api/v1/docs")
    html = docs.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs, _body in scripts]
    # Every executable script is a file of ours; the one inline element is JSON data (type=application/json),
    # which the browser never runs (and which the policy would refuse if it were a script).
    for (attrs, body), src in zip(scripts, sources, strict=True):
        if src is None:
            assert 'type="application/json"' in attrs and body.strip().startswith("{"), attrs
    script_urls = [m.group(1) for m in sources if m]
    style_urls = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html) + re.findall(
        r'<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html
    )
    assert any(u.endswith("swagger-ui-bundle.js") for u in script_urls), script_urls
    assert any(u.endswith("swagger-ui.css") for u in style_urls), style_urls
    # No inline style element or attribute and no inline event handler either (style-src/script-src 'self').
    assert "<style" not in html and not re.search(r"<[^>]+\sstyle=", html), html
    assert not re.search(r"<[^>]+\son[a-z]+=", html), html
    for url in script_urls + style_urls:
        assert url.startswith("/" + settings.STATIC_URL.strip("/") + "/"), f"not a local static URL: {url}"
        relative = url.removeprefix("/" + settings.STATIC_URL.strip("/") + "/")
        assert finders.find(relative), f"{relative} not found by the staticfiles finders"
        served = client.get(url)
        assert served.status_code == 200, (url, served.status_code)
        body = b"".join(served.streaming_content) if served.streaming else served.content
        assert body, url
    schema = client.get("/api/v1/openapi.json")
    assert schema["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_csrf_and_session_cookies_are_httponly(demo):
    client = Client(enforce_csrf_checks=True)
    login_page = client.get("/login/")
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] is True
    token = login_page.context["csrf_token"]
    response = client.post(
        "/login/", {"username": "applicant", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


# ----------------------------------------------------------------------------------------------- production mode

PRODUCTION_PROBE = r"""
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings

values = {name: getattr(settings, name, None) for name in (
    "DEBUG", "TESTING", "DEMO_MODE", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "EMAIL_BACKEND", "WHITENOISE_USE_FINDERS",
    "PASSWORD_HASHERS")}
values["STATICFILES_STORAGE"] = settings.STORAGES["staticfiles"]["BACKEND"]

# The login page as served in production mode (plain static storage: no collectstatic in this probe — the
# production smoke test covers the manifest).
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
    client = Client(HTTP_HOST="zc.wuhai.example")
    plain = client.get("/login/")
    tls = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    values["http"] = {"status": plain.status_code, "location": plain.get("Location")}
    values["https"] = {
        "status": tls.status_code,
        "headers": dict(tls.headers),
        "cookies": {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"])}
                    for name, m in tls.cookies.items()},
    }
print(json.dumps(values, default=str))
"""


def production_settings(**extra_env) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WUHAI_"))}
    env.update({"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "zc.wuhai.example", **extra_env})
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    return production_settings()


def test_production_mode_is_not_debug_demo_or_test(production):
    assert production["DEBUG"] is False and production["DEMO_MODE"] is False and production["TESTING"] is False
    assert production["ALLOWED_HOSTS"] == ["zc.wuhai.example"]
    assert production["WHITENOISE_USE_FINDERS"] is False
    assert production["STATICFILES_STORAGE"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "console" not in production["EMAIL_BACKEND"]
    assert "MD5" not in production["PASSWORD_HASHERS"][0]


def test_production_cookies_are_secure_and_httponly(production):
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True and production["CSRF_COOKIE_HTTPONLY"] is True
    cookies = production["https"]["cookies"]
    assert cookies["csrftoken"] == {"secure": True, "httponly": True}


def test_production_redirects_to_https_and_sends_hsts(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and production["SECURE_HSTS_PRELOAD"] is True
    assert production["http"] == {"status": 301, "location": "https://zc.wuhai.example/login/"}
    https = production["https"]
    assert https["status"] == 200
    headers = https["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Cache-Control"].startswith("private") or "private" in headers["Cache-Control"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert "'unsafe-inline'" not in script_sources(headers["Content-Security-Policy"])


def test_production_behind_a_redirecting_proxy_keeps_secure_cookies_and_hsts():
    values = production_settings(DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="63072000")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["http"]["status"] == 200  # the proxy redirects; Django does not loop
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["https"]["headers"]["Strict-Transport-Security"].startswith("max-age=63072000")


def test_check_deploy_passes_behind_a_redirecting_proxy():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WUHAI_"))}
    env.update({"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "zc.wuhai.example"})
    env["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
