from django.conf import settings


def site(request):
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "DEMO_MODE": settings.DEMO_MODE,
    }
