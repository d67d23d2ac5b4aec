"""The permission matrix is complete (issue 7 item 2): every URL pattern of the project, every operation of the API
and every step a URL's slug selects has its rows in ``tests/quality/permission_matrix.py`` — a GET row and a POST
row, each filling every column (every role, side A and side B: own and other organisation).

The URL patterns are read from the resolver (walked recursively, namespaces included), the API's operations from
its OpenAPI schema and from its routers (an operation left out of the schema is still an operation), the review
steps from the tables the views dispatch on. Nothing is excluded but the plumbing of ``PLUMBING``, each with its
reason. A new URL, operation or step fails this module until its rows are written.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from config.api import api
from tests.quality.permission_matrix import TABLE, admin_rows
from titles.views.review import BATCH_SERVICES, FORMS

METHODS = ("GET", "POST")

# What is not held to "a GET and a POST row, every column" — and why.
PLUMBING: dict[str, str] = {
    "admin:": (
        "Django's admin: every admin URL is behind AdminSite.admin_view (an active staff member, else the admin "
        "login) and ModelAdmin.has_*_permission, which decide GET and POST alike. admin_rows() has a GET row of "
        "every admin URL, generated from the site's registry, for the anonymous visitor, a signed-in member without "
        "staff status (unit_hr_a: admin_view looks at is_staff only, so every non-staff role is the same), city HR's "
        "reference-data staff account and the superuser."
    ),
}
# The project serves no other plumbing through its URL configuration: static files are WhiteNoise's (middleware,
# no URL pattern), set_language (i18n/) and the API's schema and docs pages have full rows like every page.


def _is_admin(key: str) -> bool:
    """An admin URL: named in the "admin" namespace, or the admin's unnamed patterns ("admin/…")."""
    return any(key.startswith(prefix) for prefix in PLUMBING) or key.startswith("admin/")


def url_patterns(resolver=None, prefix="", namespace=""):
    """(route key, pattern) of every URL pattern: "namespace:name", or the pattern when it has no name."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, pattern, ns)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else pattern), pattern


def api_operations() -> set[tuple[str, str]]:
    """(method, route key) of every API operation: from the OpenAPI schema and from the routers."""
    operations = set()
    for path, methods in api.get_openapi_schema()["paths"].items():
        match = resolve(path)
        operations.update((method.upper(), f"{match.namespace}:{match.url_name}") for method in methods)
    root = reverse("api-v1:api-root")  # /api/v1/
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            match = resolve(root + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/")))
            for operation in view.operations:
                operations.update((m.upper(), f"{match.namespace}:{match.url_name}") for m in operation.methods)
    return operations


def _rows_of(rows, method, route):
    return [r for r in rows if r.method == method and r.route == route]


def test_every_url_pattern_has_a_get_and_a_post_row():
    """Every URL pattern has a GET row and a POST row (the POST of a page that only reads, the GET of an action:
    405 or what the view consistently does); admin URLs a GET row (``PLUMBING``)."""
    rows = TABLE + admin_rows()
    missing = []
    for key, pattern in url_patterns():
        methods = ("GET",) if _is_admin(key) else METHODS
        missing += [f"{method} {key} ({pattern})" for method in methods if not _rows_of(rows, method, key)]
    assert not missing, "no row in tests/quality/permission_matrix.py for:\n  " + "\n  ".join(missing)


def test_no_row_of_a_route_that_no_longer_exists():
    routes = {key for key, _pattern in url_patterns()}
    stale = sorted({r.route for r in TABLE + admin_rows()} - routes)
    assert not stale, f"rows of routes that no longer exist: {stale}"


def test_every_api_operation_has_a_row():
    operations = api_operations()
    assert operations, "the API has no operation: the walk of its schema and routers is broken"
    missing = sorted(f"{method} {route}" for method, route in operations if not _rows_of(TABLE, method, route))
    assert not missing, f"API operations without a row: {missing}"


# URL patterns whose slug chooses the step (one view, many actions): every step needs a POST row of its own.
STEPS = {
    "titles:review_action": (1, sorted(FORMS)),  # /titles/review/<pk>/do/<action>/
    "titles:review_batch": (0, sorted(BATCH_SERVICES)),  # /titles/review/batch/<action>/
}


@pytest.mark.parametrize("route", sorted(STEPS))
def test_every_step_of_a_url_has_a_post_row(route):
    position, steps = STEPS[route]
    covered = {r.args[position] for r in _rows_of(TABLE, "POST", route)}
    assert not set(steps) - covered, f"{route}: steps without a POST row: {sorted(set(steps) - covered)}"
    assert covered - set(steps), f"{route}: no row asks for a step that does not exist (expected 404)"


def test_every_row_fills_every_column():
    """Every role on every row: no cell left unchecked ("-") but in the admin's rows (``PLUMBING``)."""
    partial = [r.id for r in TABLE if "-" in r.cells().values() and not _is_admin(r.route)]
    assert not partial, f"rows with unchecked cells: {partial}"


def test_every_admin_row_asks_a_member_without_staff_status():
    rows = admin_rows()
    assert rows
    unchecked = [r.id for r in rows if r.cells()["unit_hr_a"] == "-"]
    assert not unchecked, unchecked


def test_the_walk_sees_every_kind_of_url():
    """The walk itself: it finds named pages of every app, the admin's unnamed catch-all and the API."""
    keys = {key for key, _pattern in url_patterns()}
    for expected in ("home", "set_language", "posts:scheme_list", "titles:review_action", "admin:index",
                     "admin/(?P<url>.*)$", "api-v1:scheme_check_api", "api-v1:openapi-json"):  # fmt: skip
        assert expected in keys, expected
