"""URLconf of ``bench_region.py`` (installed with ``override_settings(ROOT_URLCONF="region_urls")``): the project's
URLs plus one baseline page.

The baseline is the cheapest page a signed-in user can get through the same middleware and the same layout: a
login-required view rendering an empty page that extends ``base.html`` (session, user, context processors,
navigation). Every page of the benchmark is reported as a multiple of it, measured in the same run.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET

from config.urls import urlpatterns as project_urlpatterns

_TEMPLATE = None


@require_GET
@login_required
def baseline(request):
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = engines["django"].from_string('{% extends "base.html" %}')
    return HttpResponse(_TEMPLATE.render({}, request))


urlpatterns = [path("__bench__/baseline/", baseline, name="bench_baseline"), *project_urlpatterns]
