from django.conf import settings

# Scripts only from our own origin (no inline script, no CDN: government intranets have no internet).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Every response, the API docs page (Swagger UI from ninja's bundled static files) included.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(settings, "TESTING", False) is False and not settings.DEBUG:
            response.headers.setdefault("Cache-Control", "private")
        return response


class ChosenLanguageMiddleware:
    """Simplified Chinese for everybody unless the person chose another language with the switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set up in English would
    show English pages; the policy's users expect the official language by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestMembershipsMiddleware:
    """One store of memberships per request (``workflow.selectors.active_memberships``): the person's memberships
    are read once, whatever the number of predicates and sections that ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .selectors import request_memberships_close, request_memberships_open

        token = request_memberships_open()
        try:
            return self.get_response(request)
        finally:
            request_memberships_close(token)
