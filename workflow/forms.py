import hashlib
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

THROTTLED = _("登录失败次数过多，请 %(minutes)s 分钟后再试。")


def login_name_key(username: str) -> str:
    """The user name as the throttle counts it: NFKC, case-folded, stripped — so "Alice", "ALICE" and the full-width
    "ＡＬＩＣＥ" are one name and share one counter (Django itself NFKC-normalises the name it authenticates)."""
    name = unicodedata.normalize("NFKC", username or "")
    return unicodedata.normalize("NFKC", name.casefold()).strip()


def login_throttle_key(request, username: str) -> str:
    """One counter per (normalised user name, client address), shared by the site's login and the admin's."""
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    digest = hashlib.sha256(login_name_key(username).encode("utf-8", errors="surrogatepass")).hexdigest()
    return f"login-failures:{digest}:{address}"


class LoginThrottleMixin:
    """Locks a user name + address pair out after ``LOGIN_FAILURE_LIMIT`` failed logins within
    ``LOGIN_FAILURE_WINDOW_SECONDS``; a successful login clears the counter.

    Only wrong credentials count: a correct password refused for another reason (e.g. a non-staff account at the
    admin login) does not lock the owner out of the site. Only a successful authentication clears the counter (a
    form sent without a password authenticates nobody and must not reset it)."""

    def clean(self):
        username = self.data.get("username") or ""
        key = login_throttle_key(self.request, username)
        failures = cache.get(key, 0)
        if failures >= settings.LOGIN_FAILURE_LIMIT:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if getattr(self, "user_cache", None) is None:
                cache.set(key, failures + 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            raise
        if getattr(self, "user_cache", None) is not None:
            cache.delete(key)
        return cleaned


class ThrottledAuthenticationForm(LoginThrottleMixin, AuthenticationForm):
    """The site's login (workflow.views.LoginView)."""

    error_messages = {**AuthenticationForm.error_messages, "throttled": THROTTLED}


class ThrottledAdminAuthenticationForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The Django admin's login (``admin.site.login_form``, set in workflow/admin.py): same counter as the site's."""

    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": THROTTLED}
