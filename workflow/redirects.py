"""Where a form's ``next`` may send the browser: only a path on this site.

One rule for every view that follows a ``next`` it was sent (the demo date, closing a publicity): the value must be
a relative path of this host — ``/titles/review/?page=2`` — and pass Django's ``url_has_allowed_host_and_scheme``
(which also refuses control characters and the browser quirks ``//host`` and ``/\\host``). A full URL is refused
even when it names this host, so a page served over https never sends the browser to http. Anything else falls back
to the view's own page. (Django's login view and ``set_language`` apply the same Django check themselves.)
"""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, candidate: str | None, fallback: str) -> str:
    url = candidate or ""
    relative = url.startswith("/") and not url.startswith(("//", "/\\"))
    if relative and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback
