from django.conf import settings

from . import clock
from .permissions import roles


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "DEMO_MODE": settings.DEMO_MODE,
        # The demo date (演示日期) in the header; production reads no clock here.
        "demo_today": clock.today() if settings.DEMO_MODE else None,
        # The navigation shows each section only to the roles that work in it (from the memberships the request
        # has read already: workflow.selectors.active_memberships).
        "user_roles": roles(user) if user is not None else set(),
    }
