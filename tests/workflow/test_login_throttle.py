"""Login throttling (README: WUHAI_LOGIN_FAILURE_LIMIT per user name and address): the site's login and the Django
admin's share one counter, and the counter's user name is normalised (NFKC, case-folded, stripped)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from workflow.forms import login_name_key, login_throttle_key

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"
THROTTLED = "登录失败次数过多"


@pytest.fixture(autouse=True)
def _limit(settings):
    cache.clear()
    settings.LOGIN_FAILURE_LIMIT = 3
    yield
    cache.clear()


@pytest.fixture
def alice():
    return get_user_model().objects.create_user("Alice", password=PASSWORD, is_staff=True)


def _fail(client, path, username="Alice"):
    page = client.post(path, {"username": username, "password": "wrong"})
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    return page


def _login(client, path, username="Alice"):
    return client.post(path, {"username": username, "password": PASSWORD})


@pytest.mark.parametrize("name", ["Alice", "ALICE", "alice", "  Alice  ", "ＡＬＩＣＥ", "ａｌｉｃｅ", "\u3000Alice\t"])
def test_login_name_key_is_nfkc_casefolded_and_stripped(name):
    assert login_name_key(name) == "alice"


def test_login_name_key_keeps_different_names_apart():
    assert login_name_key("Alice") != login_name_key("Alicia")
    assert login_name_key("张三") == "张三" and login_name_key("张三") != login_name_key("张四")


def test_login_throttle_key_depends_on_the_address(rf):
    here, there = rf.post("/", REMOTE_ADDR="10.0.0.1"), rf.post("/", REMOTE_ADDR="10.0.0.2")
    assert login_throttle_key(here, "ALICE") == login_throttle_key(here, "ＡＬＩＣＥ")
    assert login_throttle_key(here, "Alice") != login_throttle_key(there, "Alice")


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_one_failure_below_the_limit_still_logs_in(client, alice, path):
    for _ in range(2):
        _fail(client, path)
    response = _login(client, path)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_at_the_limit_the_right_password_is_refused(client, alice, path):
    for _ in range(3):
        _fail(client, path)
    page = _login(client, path)
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert THROTTLED in page.content.decode()


@pytest.mark.parametrize(("failing", "then"), [("/login/", "/admin/login/"), ("/admin/login/", "/login/")])
def test_site_and_admin_logins_share_one_counter(client, alice, failing, then):
    _fail(client, failing)
    _fail(client, failing)
    _fail(client, then)
    page = _login(client, then)
    assert "_auth_user_id" not in client.session
    assert THROTTLED in page.content.decode()
    page = _login(client, failing)
    assert "_auth_user_id" not in client.session and THROTTLED in page.content.decode()


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_spellings_of_one_name_share_one_counter(client, alice, path):
    for spelling in ("ALICE", "ＡＬＩＣＥ", " alice "):
        _fail(client, path, spelling)
    page = _login(client, path, "Alice")
    assert "_auth_user_id" not in client.session
    assert THROTTLED in page.content.decode()


def test_another_address_keeps_its_own_counter(client, alice):
    for _ in range(3):
        client.post("/login/", {"username": "Alice", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post("/login/", {"username": "Alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


def test_a_form_without_a_password_does_not_reset_the_counter(client, alice):
    """Regression: the counter was cleared whenever ``clean`` passed, and a form with an empty password passes it
    (it authenticates nobody), so a blank try between wrong guesses reset the lock."""
    for _ in range(2):
        _fail(client, "/login/")
    client.post("/login/", {"username": "Alice", "password": ""})
    _fail(client, "/login/")
    page = _login(client, "/login/")
    assert "_auth_user_id" not in client.session and THROTTLED in page.content.decode()


def test_a_correct_password_refused_by_the_admin_does_not_count(client):
    """A non-staff account with the right password is refused by the admin login; that is no guessing."""
    get_user_model().objects.create_user("bob", password=PASSWORD)
    for _ in range(3):
        page = _login(client, "/admin/login/", "bob")
        assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert _login(client, "/login/", "bob").status_code == 302


def test_a_successful_login_clears_the_counter(client, alice):
    for _ in range(2):
        _fail(client, "/login/")
    assert _login(client, "/login/").status_code == 302
    client.post("/logout/")
    for _ in range(2):
        _fail(client, "/login/")
    assert _login(client, "/login/").status_code == 302
