from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


def _throttle_key(request, username: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    return f"login-failures:{username.lower()}:{address}"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Login that locks a username+address pair out after too many failures within a window."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("登录失败次数过多，请 %(minutes)s 分钟后再试。"),
    }

    def clean(self):
        username = (self.data.get("username") or "").strip()
        key = _throttle_key(self.request, username)
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
            cache.set(key, failures + 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            raise
        cache.delete(key)
        return cleaned
