"""Markers that need a service skip, saying why, where the service is absent — never faked."""

import os
import shutil

import pytest
from django.db import connection


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _redis_worker() -> bool:
    return bool(os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"))


def pytest_configure(config):
    # FLOW-05: the audit table's triggers refuse to be emptied (workflow/migrations/0005), except on the test
    # setup's own connections: pytest-django flushes every table after a transactional test. Only here is it on.
    from django.conf import settings

    settings.WUHAI_AUDIT_TEST_FLUSH = True


def pytest_collection_modifyitems(config, items):
    # .ci/run sets WUHAI_REQUIRE_E2E=1: there the browser tests must run, so a missing chromium is an error, not a skip.
    if os.environ.get("WUHAI_REQUIRE_E2E") == "1" and not shutil.which("chromium"):
        if any("e2e" in item.keywords for item in items):
            raise pytest.UsageError("WUHAI_REQUIRE_E2E=1 but Debian's chromium is not installed: the e2e tests cannot run")
    for item in items:
        if "postgres" in item.keywords and not _postgres():
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… (.ci/run does)"))
        if "redis" in item.keywords and not _redis_worker():
            item.add_marker(
                pytest.mark.skip(reason="needs Redis and a real worker: set CELERY_BROKER_URL=redis://… (.ci/run does)")
            )
        if "e2e" in item.keywords and not shutil.which("chromium"):
            item.add_marker(pytest.mark.skip(reason="needs Debian's chromium (apt-get install chromium)"))


@pytest.fixture
def calendar_2023():
    from workflow.calendar import calendar_for_years

    return calendar_for_years(range(2022, 2027))


# Reference data that the migrations load (calendar, series catalogue, ratio profiles). A transactional test ends
# with a flush that empties every table, and pytest-django runs those tests last, so a later one could otherwise
# start without it; the seeds are idempotent, so running them again is exact.
_REFERENCE_SEEDS = (
    ("workflow.calendar_seed", "calendar_seed_from_package", "workflow.CalendarYear"),
    ("titles.migrations.0002_seed_catalogue", "seed", "titles.Series"),
    ("posts.migrations.0002_seed_ratio_profiles", "forwards", "posts.RatioProfile"),
)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for module, function, model in _REFERENCE_SEEDS:
        if not apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)
