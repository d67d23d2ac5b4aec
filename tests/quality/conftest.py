"""Shared helpers of the quality suite: the project's WSGI application, callable in-process inside a test transaction; the
demo data seeded once per module."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

_handler = None


def wsgi_app(environ, start_response):
    """``config.wsgi.application`` as Django's test client runs it: the request signals must not close the database
    connection, which would end the test's transaction (and, on PostgreSQL, the test database's only connection).

    The body is read whole before the signals are reconnected, so ``request_finished`` fires while they are off.
    """
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = _handler(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return [body]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data, seeded once for a test module and rolled back after it (seeding takes seconds)."""
    from django.conf import settings
    from django.db import transaction
    from django.utils.module_loading import import_string

    with django_db_blocker.unblock(), transaction.atomic():
        for path in settings.DEMO_SEEDERS:
            import_string(path)()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_world, db):
    """The demo accounts, with the login-throttling counters (in the cache) cleared around each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
