"""``next`` redirects: only a relative path of this site is followed (workflow.redirects.safe_next_url) — by the
demo date, by closing a publicity, and by Django's own login and language switch."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from workflow.redirects import safe_next_url

HOSTILE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "http://evil.example@testserver/",
    "javascript:alert(1)",
    " //evil.example",
    "\x00//evil.example",
    "http://testserver/titles/",  # this host, but a full URL: it could leave https for http
]
FOLLOWED = ["/", "/titles/review/", "/titles/review/?page=2&q=%E5%BC%A0", "/posts/schemes/#grid"]


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_next_url_refuses_anything_but_a_local_path(rf, target):
    assert safe_next_url(rf.post("/"), target, "/fallback/") == "/fallback/"
    assert safe_next_url(rf.post("/", secure=True), target, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("target", FOLLOWED)
def test_safe_next_url_follows_a_local_path(rf, target):
    assert safe_next_url(rf.post("/"), target, "/fallback/") == target
    assert safe_next_url(rf.post("/", secure=True), target, "/fallback/") == target


@pytest.mark.parametrize("target", [None, ""])
def test_safe_next_url_without_next_falls_back(rf, target):
    assert safe_next_url(rf.post("/"), target, "/fallback/") == "/fallback/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_login_and_language_switch_refuse_an_outside_next(client, target):
    cache.clear()
    get_user_model().objects.create_user("alice", password="pw-alice-2026")
    response = client.post("/login/", {"username": "alice", "password": "pw-alice-2026", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    cache.clear()
