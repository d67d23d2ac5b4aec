"""The permission matrix (``tests/quality/permission_matrix.py``): every route × every role × own/other object.

DESIGN.md "Who uses it": every page and every API call shows or changes only what the person's memberships reach.
The world is built once for the module (``matrix_world.build``, rolled back at the end); each cell is one request in
a savepoint of its own, so an allowed POST that acts changes nothing for the next cell.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import nullcontext
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from posts.models import Scheme, SpecialPost
from tests.quality.matrix_world import USERS, build
from tests.quality.permission_matrix import LEAKS, all_rows
from titles.models import (
    ApplicantProfile,
    Application,
    Attendance,
    Certificate,
    Committee,
    CommitteeSeat,
    CorrectionNotice,
    DocketEntry,
    Judge,
    Material,
    Meeting,
    PanelDraw,
    Recusal,
    ResultComplaint,
)
from titles.models.committees import JudgeAvailability  # not re-exported by titles.models
from workflow import clock
from workflow.models import AuditRecord, Membership, Objection, Publicity

ROWS = all_rows()
DISCOVER = os.environ.get("MATRIX_DISCOVER") == "1"  # print the observed table instead of asserting

# What "nothing changed" means: the audit count and the state of every row an action could touch.
_WATCHED = (
    (AuditRecord, ("id",)),
    (Application, ("id", "state", "committee_key", "correction_used")),
    (Scheme, ("id", "state", "professional", "appointed")),
    (SpecialPost, ("id", "state", "extensions", "term_end")),
    (Committee, ("id", "state", "valid_until")),
    (CommitteeSeat, ("id",)),
    (PanelDraw, ("id",)),
    (Meeting, ("id", "state", "place", "minutes")),
    (DocketEntry, ("id", "agree", "disagree", "abstain", "passed")),
    (Attendance, ("id", "present")),
    (Recusal, ("id",)),
    (Judge, ("id", "active")),
    (JudgeAvailability, ("id", "day", "available")),
    (Material, ("id",)),
    (Certificate, ("id",)),
    (CorrectionNotice, ("id", "state")),
    (Publicity, ("id", "state")),
    (Objection, ("id", "outcome")),
    (ResultComplaint, ("id", "outcome")),
    (ApplicantProfile, ("id",)),
    (Membership, ("id", "active")),
)


def fingerprint() -> tuple:
    return tuple(tuple(model.objects.order_by("pk").values_list(*fields)) for model, fields in _WATCHED)


def _writes() -> int | None:
    """Rows written on this connection so far (SQLite), or None: a cell that wrote nothing changed nothing."""
    raw = connection.connection
    return getattr(raw, "total_changes", None)


def changed_since_start(w, writes_before) -> bool:
    """Every cell starts from the same world (the previous cell's savepoint was rolled back), so the fingerprint of
    the start is taken once; it is compared again only when the cell wrote something (sessions, messages…)."""
    if writes_before is not None and _writes() == writes_before:
        return False
    return fingerprint() != w.fingerprint


# ----------------------------------------------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, once per module, inside a transaction rolled back at the end (no row outlives the module)."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build()
            w.sessions = {}
            for who in USERS:  # one signed-in session per person, made once (a cell only sends its cookie)
                user = getattr(w.users, who)
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    w.sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
            w.fingerprint = fingerprint()
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _resolve(w, value):
    """A world object's name → its pk; anything else as written."""
    if isinstance(value, str) and value.startswith("@"):
        return getattr(w, value[1:]).pk
    if isinstance(value, str) and hasattr(w, value):
        return getattr(w, value).pk
    return value


def _url(w, r) -> str:
    url = r.path or reverse(r.route, args=[_resolve(w, a) for a in r.args])
    return f"{url}?{r.query}" if r.query else url


def _body(w, r) -> dict:
    body = {}
    for key, value in r.data.items():
        if isinstance(value, list):
            body[key] = [_resolve(w, v if str(v).startswith("@") else v) for v in value]
        else:
            body[key] = _resolve(w, value) if isinstance(value, str) and value.startswith("@") else value
    return body


def outcome(response, changed: bool) -> str:
    """The cell a response fills (see the legend of ``permission_matrix``)."""
    if response.status_code == 302:
        location = urlsplit(response["Location"]).path
        if location == "/admin/login/":
            return "A"
        if location == reverse("login"):
            return "L"
        return "D" if changed else "R"
    return f"{response.status_code}{'D' if changed else ''}"


def _client(w, who: str) -> Client:
    client = Client()
    if who in w.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[who]
    return client


def _read(response):
    """Read a streamed file whole: the test client's wrapper then closes it (and the file). A second close() would
    send request_finished again and close the test's database connection on PostgreSQL."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def ask(w, r, who: str):
    client = _client(w, who)
    url = _url(w, r)
    if r.method == "GET":
        return _read(client.get(url)), False
    writes = _writes()
    if r.json is not None:
        response = client.post(url, json.dumps(r.json), content_type="application/json")
    else:
        response = client.post(url, _body(w, r))
    _read(response)
    return response, changed_since_start(w, writes)


# ------------------------------------------------------------------------------------------------------- cells


def _params():
    """One case per row (its cells but the known leaks), and one per known leak cell, an expected failure."""
    for r in ROWS:
        cells = r.cells() if r.expect else dict.fromkeys(USERS, "?")
        checked = {who: e for who, e in cells.items() if e != "-" and (r.id, who) not in LEAKS}
        if checked:
            yield pytest.param(r, checked, id=r.id)
        for who, e in cells.items():
            if (r.id, who) in LEAKS:
                reason = f"LEAK: {LEAKS[(r.id, who)]}"
                yield pytest.param(r, {who: e}, id=f"{r.id}|{who}", marks=pytest.mark.xfail(strict=True, reason=reason))


def check_cell(w, r, who: str, expected: str) -> str | None:
    """One request in a savepoint of its own; the difference from the expected cell, if any."""
    if r.route.startswith("titles:certificate_verify") or r.route in ("login", "admin:login"):
        cache.clear()  # the public verification and the logins are throttled per address / per name
    sid = transaction.savepoint()
    try:
        with clock.at(date.fromisoformat(r.today)) if r.today else nullcontext():
            response, changed = ask(w, r, who)
    finally:
        transaction.savepoint_rollback(sid)
    got = outcome(response, changed)
    if DISCOVER:
        _observed.setdefault(r.id, {})[who] = got
        return None
    if got != expected:
        return f"{who}: expected {expected}, got {got}"
    if r.method == "POST" and expected != "D" and changed:
        return f"{who}: refused ({got}) but something changed"
    return None


_observed: dict[str, dict[str, str]] = {}


@pytest.mark.django_db
@pytest.mark.parametrize(("r", "cells"), list(_params()))
def test_permission_matrix(world, r, cells):
    wrong = [d for who, expected in cells.items() if (d := check_cell(world, r, who, expected))]
    assert not wrong, f"{r.id}: " + "; ".join(wrong)


def test_discovered_table():
    if DISCOVER:
        for r in ROWS:
            seen = _observed.get(r.id, {})
            cells = r.cells() if r.expect else {}
            marks = ["*" if cells.get(u, "-") not in ("-", seen.get(u, "-")) else " " for u in USERS]
            print(f"{r.id:70s} " + " ".join(f"{seen.get(u, '-'):>4s}{m}" for u, m in zip(USERS, marks, strict=True)))


def test_leaks_name_real_cells():
    cells = {(r.id, who) for r in ROWS for who, e in r.cells().items() if e != "-"}
    assert not set(LEAKS) - cells, sorted(set(LEAKS) - cells)


# ------------------------------------------------------------------------------------- what the lists link to
# A list answers 200 to everybody signed in, so its status says nothing: what it shows must be reached too. A list
# page may link to an object's page only for a person whose cell of that page is 200 in the table above.

LIST_PAGES = (
    "home",
    "posts:scheme_list",
    "posts:dashboard",
    "titles:applicant_applications",
    "titles:review_list",
    "titles:unit_publicity",
    "titles:result_publicity",
    "titles:committee_list",
    "titles:meeting_calendar",
    "titles:judge_home",
    "titles:hr_approvals",
)
OBJECT_PAGES = (
    "posts:scheme_detail",
    "posts:special_post_detail",
    "titles:applicant_application",
    "titles:material_file",
    "titles:review_detail",
    "titles:application_progress",
    "titles:certificate_download",
    "titles:committee_detail",
    "titles:meeting_detail",
    "titles:judge_docket",
    "titles:dossier",
)

# Links to the person's own committee's pages that the page then refuses (403): a dead link, not a leak (the list
# shows the judge only the committee and the meeting they sit on). Reported; the judge's way in is judge_docket.
DEAD_LINKS = {
    ("titles:committee_list", "judge_a", "GET titles:committee_detail[committee_a]"),
    ("titles:committee_list", "judge_b", "GET titles:committee_detail[committee_b]"),
    ("titles:meeting_calendar", "judge_a", "GET titles:meeting_detail[meeting_a]"),
    ("titles:meeting_calendar", "judge_b", "GET titles:meeting_detail[meeting_b]"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", LIST_PAGES)
def test_lists_link_only_to_reached_objects(world, page):
    objects = [r for r in ROWS if r.method == "GET" and r.route in OBJECT_PAGES]
    wrong = []
    for who in USERS:
        if who == "anon":
            continue
        sid = transaction.savepoint()
        try:
            response = _read(_client(world, who).get(reverse(page)))
        finally:
            transaction.savepoint_rollback(sid)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        for r in objects:
            if (page, who, r.id) in DEAD_LINKS:
                continue
            if r.cells()[who] != "200" and re.search(rf'href="{re.escape(_url(world, r))}(?:[?#][^"]*)?"', html):
                wrong.append(f"{who} sees a link to {r.id} (cell {r.cells()[who]})")
    assert not wrong, f"{page}: " + "; ".join(wrong)
