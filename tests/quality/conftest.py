"""Shared helpers of the quality suite: the project's WSGI application, callable in-process inside a test transaction."""

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
