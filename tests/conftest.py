"""Markers that need a service skip, saying why, where the service is absent — never faked."""

import os
import shutil

import pytest
from django.db import connection


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _redis_worker() -> bool:
    return bool(os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"))


def pytest_collection_modifyitems(config, items):
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
