"""A whole autonomous region (DESIGN.md "Scale we design for") on PostgreSQL: pages, batch check, task, PDF, scheduler.

Builds a synthetic region with ``bulk_create`` in a scratch database that this script creates and drops — on the
PostgreSQL server of ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/postgres``; only the server is
used, a new database ``wuhai_bench_<pid>`` is created next to it). When no PostgreSQL server answers, it falls back
to a temporary SQLite file and says so in every JSON line (``"database": "sqlite"``) and on stderr.

Size: ``BENCH_SCALE`` (default 1.0) × 20,000 units with filed schemes, 100,000 applications across every state,
40 committees with 25 seated judges each, meetings and dockets, 10,000 due publicities. CI runs ``BENCH_SCALE=0.05``.

The region is built in two steps — 10 % of it, then the rest — and every page is counted at both sizes: the query
count of a page must not grow with the data (no per-row queries, DESIGN.md). Times are never absolute goals: each
is a ratio to a baseline measured in the same run (DEVELOPERS rule), printed as one JSON line per measurement with
``name``, values, ``ratio``, ``goal`` and ``met``.

Run from the project folder: ``python bench/bench_region.py`` (or ``make bench``, which runs every bench_*.py).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
SEED = 2023
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
# Test-mode settings: plain static storage (no collectstatic manifest), "testserver" allowed, no HTTPS redirect.
os.environ["WUHAI_TESTING"] = "1"
os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly, in this process
os.environ.pop("REDIS_CACHE_URL", None)

DATABASE_NOTE = ""
_DROP = None  # how to remove the scratch database at the end


def _scratch_database() -> None:
    """Point DATABASE_URL at a new scratch database (PostgreSQL if reachable, else a temporary SQLite file)."""
    global DATABASE_NOTE, _DROP
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    if base.startswith(("postgres://", "postgresql://")):
        try:
            import psycopg

            parts = urlsplit(base)
            name = f"wuhai_bench_{os.getpid()}"
            maintenance = urlunsplit(
                (parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", "")
            )
            with psycopg.connect(
                maintenance.replace("postgres://", "postgresql://", 1), autocommit=True, connect_timeout=5
            ) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            os.environ["DATABASE_URL"] = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))

            def drop():
                from django.db import connections

                connections.close_all()
                with psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
                    c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

            _DROP = drop
            DATABASE_NOTE = f"PostgreSQL scratch database {name} on {parts.hostname}:{parts.port or 5432}"
            return
        except Exception as exc:  # noqa: BLE001 — any connection problem: fall back, loudly
            DATABASE_NOTE = f"PostgreSQL unreachable ({exc.__class__.__name__}: {exc}); FELL BACK TO SQLITE"
    else:
        DATABASE_NOTE = "DATABASE_URL is not PostgreSQL; SQLITE scratch file"
    scratch = tempfile.TemporaryDirectory(prefix="wuhai-bench-region-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch.name) / 'region.sqlite3'}"
    _DROP = scratch.cleanup
    print(f"NOTE: {DATABASE_NOTE}", file=sys.stderr)


# --------------------------------------------------------------------------------------------------- output

RESULTS: list[dict] = []


def emit(name: str, *, ratio=None, goal=None, met=None, **values) -> None:
    from django.db import connection

    record = {"benchmark": "bench_region", "name": name, "scale": SCALE, "database": connection.vendor, **values}
    record.update({"ratio": None if ratio is None else round(ratio, 3), "goal": goal, "met": met})
    RESULTS.append(record)
    print(json.dumps(record, ensure_ascii=False), flush=True)


def pct(samples: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# --------------------------------------------------------------------------------------------------- the region

UNITS = max(200, int(20_000 * SCALE))
APPLICATIONS = max(1_000, int(100_000 * SCALE))
DUE_PUBLICITIES = max(200, int(10_000 * SCALE))
ROSTER_ROWS = 2_000 if SCALE >= 1 else max(200, int(2_000 * SCALE))
DEPARTMENTS = max(10, int(200 * SCALE))
ORGANISERS = 20
COMMITTEES = 40
JUDGES_PER_COMMITTEE = 25
FIRST_STEP = 0.1  # the first of the two sizes: 10 % of the region
YEAR = 2023

STATE_WEIGHTS = {
    "draft": 4,
    "submitted": 4,
    "unit_review": 4,
    "unit_publicity": 3,
    "recommended": 4,
    "dept_review": 4,
    "correction": 1,
    "hr_review": 4,
    "accepted": 6,
    "scheduled": 4,
    "forwarded": 1,
    "passed": 3,
    "failed": 2,
    "result_publicity": 2,
    "filed": 4,
    "recognised": 1,
    "certified": 40,
    "withdrawn": 5,
    "rejected": 4,
}
PATH = [
    ("application_submit", "unit"),
    ("unit_review_start", "unit"),
    ("unit_publicity_start", "unit"),
    ("unit_recommend", "unit"),
    ("dept_review_start", "dept"),
    ("dept_forward", "dept"),
    ("hr_route", "hr"),
    ("committee_accept", "office"),
    ("schedule", "office"),
    ("vote_result_record", "office"),
    ("result_publicity_start", "office"),
    ("result_file", "hr"),
    ("certificate_issue", "hr"),
]
STEPS = {
    "draft": 0,
    "submitted": 1,
    "unit_review": 2,
    "unit_publicity": 3,
    "recommended": 4,
    "dept_review": 5,
    "correction": 6,
    "hr_review": 6,
    "accepted": 8,
    "scheduled": 9,
    "forwarded": 7,
    "passed": 10,
    "failed": 10,
    "result_publicity": 11,
    "filed": 12,
    "recognised": 7,
    "certified": 13,
    "withdrawn": 3,
    "rejected": 4,
}
AFTER_UNIT_PUBLICITY = {
    "recommended",
    "dept_review",
    "correction",
    "hr_review",
    "accepted",
    "scheduled",
    "forwarded",
    "passed",
    "failed",
    "result_publicity",
    "filed",
    "recognised",
    "certified",
}
ROUTED = {"hr_review", "accepted", "scheduled", "passed", "failed", "result_publicity", "filed", "certified"}
RESULTED = {"passed", "result_publicity", "filed", "certified", "recognised"}
JURISDICTIONS = ["city", "city", "haibowan", "hainan", "wuda"]


class Region:
    """The synthetic region. ``grow`` adds units and applications up to a size; the focal people and objects
    (whose pages are measured) get their share of each step too, so their lists grow with the region."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.units = []
        self.n_apps = 0
        self.user_seq = 0
        self.docket_next: dict[int, int] = {}
        self.timeline_apps = []

    # -- helpers
    def users(self, prefix: str, count: int, **extra):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        rows = []
        for _ in range(count):
            self.user_seq += 1
            rows.append(
                User(username=f"{prefix}{self.user_seq}", password="!", first_name=f"用户{self.user_seq}", **extra)
            )
        return User.objects.bulk_create(rows, batch_size=5000)

    def user(self, prefix: str, role=None, organisation=None):
        from workflow.models import Membership

        (u,) = self.users(prefix, 1)
        if role:
            Membership.objects.create(user=u, organisation=organisation, role=role)
        return u

    # -- the fixed part: bureaus, departments, committees, judges, meetings, the measured people
    def setup(self):
        from django.contrib.contenttypes.models import ContentType

        from titles.models import Application, Committee, CommitteeSeat, EvaluationYear, Judge, Meeting, Series
        from workflow.models import Membership, Organisation, Publicity, Role

        K = Organisation.Kind
        self.year = EvaluationYear.objects.get(year=YEAR)
        self.app_type = ContentType.objects.get_for_model(Application)
        self.city_hr = Organisation.objects.create(kind=K.CITY_HR, code="city-hr", name="市人社局", jurisdiction="city")
        self.district_hr = [
            Organisation.objects.create(kind=K.DISTRICT_HR, code=f"{j}-hr", name=f"{j}区人社局", jurisdiction=j)
            for j in ("haibowan", "hainan", "wuda")
        ]
        self.departments = Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=K.DEPARTMENT,
                    code=f"dept-{i}",
                    name=f"主管部门{i}",
                    jurisdiction=JURISDICTIONS[i % len(JURISDICTIONS)],
                )
                for i in range(DEPARTMENTS)
            ]
        )
        series = list(Series.objects.filter(parent__isnull=True).order_by("position")[:10])
        self.organisers = Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=K.COMMITTEE_ORGANISER,
                    code=f"cmte-org-{i}",
                    name=f"评委会办公室{i}",
                    jurisdiction="city",
                    series_received=[series[i % len(series)].key],
                )
                for i in range(ORGANISERS)
            ]
        )
        self.committees = Committee.objects.bulk_create(
            [
                Committee(
                    key=f"cmte-{c}",
                    name=f"评委会{c}",
                    organiser=self.organisers[c % ORGANISERS],
                    series=series[c % len(series)],
                    levels=["intermediate", "assistant"] if c % 2 == 0 else ["deputy_senior", "full_senior"],
                    state=Committee.State.PROPOSED if c % 13 == 12 else Committee.State.APPROVED,
                    approved_on=date(YEAR, 1, 10),
                    valid_until=date(YEAR + 2, 12, 31),
                )
                for c in range(COMMITTEES)
            ]
        )
        self.judges = Judge.objects.bulk_create(
            [
                Judge(
                    name=f"专家{c}-{j}",
                    series_id=self.committees[c].series_id,
                    title_level="deputy_senior",
                    unit_name=f"外单位{j}",
                )
                for c in range(COMMITTEES)
                for j in range(JUDGES_PER_COMMITTEE)
            ]
        )
        CommitteeSeat.objects.bulk_create(
            [
                CommitteeSeat(committee=self.committees[i // JUDGES_PER_COMMITTEE], judge=j, year=YEAR)
                for i, j in enumerate(self.judges)
            ]
        )
        self.meetings = {}
        rows = []
        for c in self.committees:
            rows += [
                Meeting(committee=c, meets_on=date(YEAR, 8, 15), state=Meeting.State.HELD, held_on=date(YEAR, 8, 15)),
                Meeting(committee=c, meets_on=date(YEAR, 9, 5), state=Meeting.State.PLANNED),
                Meeting(committee=c, meets_on=date(YEAR, 9, 20), state=Meeting.State.PLAN_FILED),
            ]
        rows = Meeting.objects.bulk_create(rows)
        for i, c in enumerate(self.committees):
            self.meetings[c.pk] = rows[3 * i : 3 * i + 3]
        self.focal_meeting = self.meetings[self.committees[0].pk][0]
        from titles.models import Attendance

        Attendance.objects.bulk_create(
            [
                Attendance(meeting=self.focal_meeting, judge=j, present=k < 22)
                for k, j in enumerate(self.judges[:JUDGES_PER_COMMITTEE])
            ]
        )
        self.result_publicity = Publicity.objects.create(
            kind=Publicity.Kind.RESULT,
            organisation=self.organisers[0],
            title="结果公示",
            starts_on=date(YEAR, 8, 20),
            ends_on=date(YEAR, 8, 26),
            state=Publicity.State.CLOSED,
        )
        # The people whose pages are measured, and one membership per department (realistic membership table).
        self.hr_user = self.user("cityhr", Role.HR_OFFICER, self.city_hr)
        self.dept_user = self.user("dept", Role.DEPT_REVIEWER, self.departments[0])
        self.office_user = self.user("office", Role.COMMITTEE_OFFICE, self.organisers[0])
        others = self.users("deptreviewer", DEPARTMENTS - 1)
        Membership.objects.bulk_create(
            [
                Membership(user=u, organisation=d, role=Role.DEPT_REVIEWER)
                for u, d in zip(others, self.departments[1:], strict=True)
            ]
        )

    # -- growing part
    def grow(self, units_to: int, apps_to: int, *, focal_per_state: int, docket_to: int, timeline_extra: int):
        from bench_scheme_check_db import _professional

        from posts.models import Scheme
        from titles.models import Application, CorrectionNotice, DocketEntry, Recusal
        from workflow.models import AuditRecord, Membership, Organisation, Publicity, Role

        rng = self.rng
        K = Organisation.Kind
        start = len(self.units)
        new_units = []
        for i in range(start, units_to):
            supervised = i % 5 != 4
            dept = self.departments[i % DEPARTMENTS] if supervised else None
            jurisdiction = dept.jurisdiction if dept else rng.choice(JURISDICTIONS)
            new_units.append(
                Organisation(
                    kind=K.UNIT,
                    code=f"unit-{i}",
                    name=f"单位{i:05d}",
                    jurisdiction=jurisdiction,
                    supervisor=dept,
                    affiliation=("city_department" if dept else "city_direct")
                    if jurisdiction == "city"
                    else "district",
                    sector=rng.choice(["general", "education", "health"]),
                )
            )
        new_units = Organisation.objects.bulk_create(new_units, batch_size=5000)
        self.units += new_units
        if start == 0:
            self.focal_unit = new_units[0]
            self.unit_user = self.user("unithr", Role.UNIT_HR, self.focal_unit)
            new_hr = self.users("unithr", len(new_units) - 1)
            pairs = zip(new_hr, new_units[1:], strict=True)
        else:
            pairs = zip(self.users("unithr", len(new_units)), new_units, strict=True)
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o, role=Role.UNIT_HR) for u, o in pairs], batch_size=5000
        )
        schemes = [
            Scheme(
                unit=u,
                version=1,
                state=Scheme.State.FILED,
                management={"8": rng.randint(0, 10)},
                professional=_professional(rng),
                worker={"general": rng.randint(0, 5)},
                directional={"7": rng.randint(0, 2)} if u.jurisdiction != "city" else {},
                filed_on=date(YEAR, 3, 1),
            )
            for u in new_units
        ]
        # Open second versions: 10 % of the units, and at each size one for the focal department and city HR, so
        # that every measured inbox section has rows at both sizes (an empty section skips its page query).
        forced = {}
        for u in new_units:
            if u is not self.focal_unit and u.supervisor_id == self.departments[0].pk and "dept_review" not in forced:
                forced["dept_review"] = u
            elif u is not self.focal_unit and u.jurisdiction == "city" and "hr_review" not in forced:
                forced["hr_review"] = u
        forced = {u.pk: state for state, u in forced.items()}
        for u in new_units:
            if u is self.focal_unit or u.pk in forced or rng.random() < 0.1:
                state = (
                    "draft"
                    if u is self.focal_unit
                    else forced.get(u.pk)
                    or rng.choice(["draft", "returned", "hr_review"] + (["dept_review"] * 2 if u.supervisor_id else []))
                )
                schemes.append(
                    Scheme(
                        unit=u,
                        version=2,
                        state=state,
                        professional=_professional(rng),
                        return_reasons="比例超限" if state == "returned" else "",
                    )
                )
        Scheme.objects.bulk_create(schemes, batch_size=5000)
        # One closed unit publicity (used by applications past it) and one open, not yet due, per unit.
        today = date.today()
        pubs = []
        for u in new_units:
            pubs.append(
                Publicity(
                    kind="unit_application",
                    organisation=u,
                    title="单位公示",
                    starts_on=date(YEAR, 6, 1),
                    ends_on=date(YEAR, 6, 7),
                    state="closed",
                )
            )
            pubs.append(
                Publicity(
                    kind="unit_application",
                    organisation=u,
                    title="单位公示",
                    starts_on=today,
                    ends_on=today + timedelta(days=30),
                    state="open",
                )
            )
        pubs = Publicity.objects.bulk_create(pubs, batch_size=5000)
        for k, u in enumerate(new_units):
            u.closed_publicity, u.open_publicity = pubs[2 * k], pubs[2 * k + 1]

        # Applications: random over the region, plus the focal unit's and focal committee's share.
        states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
        plan = [
            (rng.choice(self.units), rng.choices(states, weights)[0], rng.choice(self.committees), None)
            for _ in range(apps_to - self.n_apps)
        ]
        focal_committee = self.committees[0]
        for state in (
            "submitted",
            "unit_review",
            "unit_publicity",
            "recommended",
            "dept_review",
            "correction",
            "hr_review",
            "accepted",
            "result_publicity",
            "filed",
        ):
            plan += [(self.focal_unit, state, focal_committee, None)] * focal_per_state
        docket_from = self.docket_next.get(self.focal_meeting.pk, 1)
        plan += [
            (rng.choice(self.units), rng.choice(["passed", "failed"]), focal_committee, "focal")
            for _ in range(docket_from, docket_to + 1)
        ]
        if not self.timeline_apps:
            cycle = [
                "submitted",
                "unit_publicity",
                "dept_review",
                "correction",
                "hr_review",
                "accepted",
                "scheduled",
                "passed",
                "result_publicity",
                "certified",
            ]
            plan += [
                (rng.choice(self.units), cycle[k % len(cycle)], rng.choice(self.committees), "timeline")
                for k in range(20)
            ]
        applicants = self.users("applicant", len(plan))
        apps = []
        for (unit, state, committee, tag), applicant in zip(plan, applicants, strict=True):
            level = rng.choice(committee.levels)
            fields = {}
            if state in AFTER_UNIT_PUBLICITY:
                fields["unit_publicity"] = unit.closed_publicity
            elif state == "unit_publicity":
                fields["unit_publicity"] = unit.open_publicity
            if state in ROUTED:
                fields.update(committee_key=committee.key, committee_name=committee.name)
            if state == "forwarded":
                fields.update(committee_key="region-senior", committee_name="自治区评委会")
            if state in RESULTED:
                fields["effective_on"] = date(YEAR, 8, 15)
            if state in ("result_publicity", "filed", "certified"):
                fields["result_publicity"] = self.result_publicity
            apps.append(
                Application(
                    applicant=applicant,
                    unit=unit,
                    evaluation_year=self.year,
                    series_id=committee.series_id,
                    level=level,
                    state=state,
                    submitted_at=None if state == "draft" else _NOW,
                    correction_used=state == "correction",
                    route="recognition" if state == "recognised" else "review",
                    **fields,
                )
            )
            apps[-1]._tag = tag
        tags = [a._tag for a in apps]
        apps = Application.objects.bulk_create(apps, batch_size=5000)
        self.n_apps = apps_to
        # What the states imply: open correction notices, docket entries with tallies, recusals.
        CorrectionNotice.objects.bulk_create(
            [
                CorrectionNotice(
                    application=a,
                    step="dept_review",
                    items=[{"item": "annual_assessments", "label": "年度考核表"}],
                    deadline=date(YEAR, 7, 14),
                    issued_by=self.dept_user,
                    issued_by_name="审核人",
                    organisation=self.departments[0],
                )
                for a in apps
                if a.state == "correction"
            ],
            batch_size=5000,
        )
        entries, recusals = [], []
        for a, tag in zip(apps, tags, strict=True):
            meeting = None
            if tag == "focal":
                meeting = self.focal_meeting
            elif a.state in ("scheduled", "passed", "failed") and a.committee_key.startswith("cmte-"):
                committee = self.committees[int(a.committee_key.split("-")[1])]
                meeting = self.meetings[committee.pk][1 if a.state == "scheduled" else 0]
                if meeting is self.focal_meeting:
                    meeting = None  # the focal docket grows only by the planned amount
            if meeting is None:
                continue
            position = self.docket_next.get(meeting.pk, 1)
            if position > 60:
                continue
            self.docket_next[meeting.pk] = position + 1
            tallied = a.state in ("passed", "failed")
            entries.append(
                DocketEntry(
                    meeting=meeting,
                    application=a,
                    position=position,
                    agree=(17 if a.state == "passed" else 8) if tallied else None,
                    disagree=(4 if a.state == "passed" else 13) if tallied else None,
                    abstain=1 if tallied else None,
                    present=22 if tallied else None,
                    recused=0 if tallied else None,
                    passed=(a.state == "passed") if tallied else None,
                )
            )
            if meeting is self.focal_meeting and position % 5 == 0:
                recusals.append(
                    Recusal(
                        meeting=meeting,
                        judge=self.judges[position % JUDGES_PER_COMMITTEE],
                        application=a,
                        reason="relative",
                        declared=True,
                    )
                )
        DocketEntry.objects.bulk_create(entries, batch_size=5000)
        Recusal.objects.bulk_create(recusals)
        if not self.timeline_apps:
            self.timeline_apps = [a for a, tag in zip(apps, tags, strict=True) if tag == "timeline"]
        # The audit trail of every application (its timeline), in the order of the steps it went through.
        orgs = {"hr": self.city_hr, "office": self.organisers[0]}
        records = []
        for a in apps:
            for transition, who in PATH[: STEPS[a.state]]:
                org = a.unit if who == "unit" else (a.unit.supervisor or self.city_hr) if who == "dept" else orgs[who]
                records.append(
                    AuditRecord(
                        subject_type=self.app_type,
                        subject_id=str(a.pk),
                        subject_repr="申报",
                        transition=transition,
                        actor_name="经办人",
                        role=who,
                        organisation=org,
                    )
                )
        for a in self.timeline_apps:  # the measured timelines grow too
            records += [
                AuditRecord(
                    subject_type=self.app_type,
                    subject_id=str(a.pk),
                    subject_repr="申报",
                    transition="correction_answer",
                    actor_name="申报人",
                    role="applicant",
                    organisation=a.unit,
                    note=f"补充说明{k}",
                )
                for k in range(timeline_extra)
            ]
        AuditRecord.objects.bulk_create(records, batch_size=10000)
        return len(records)

    def due_publicities(self, count: int):
        """``count`` open publicities past their end (FLOW-03); 1 in 100 has an open objection and must stay open."""
        from workflow.models import Objection, Publicity

        today = date.today()
        pubs = Publicity.objects.bulk_create(
            [
                Publicity(
                    kind="unit_application",
                    organisation=self.units[k % len(self.units)],
                    title="到期公示",
                    starts_on=today - timedelta(days=20),
                    ends_on=today - timedelta(days=10),
                    state="open",
                )
                for k in range(count)
            ],
            batch_size=5000,
        )
        blocked = pubs[::100]
        Objection.objects.bulk_create(
            [
                Objection(publicity=p, subject_label="申报人", raised_on=today - timedelta(days=12), content="异议")
                for p in blocked
            ]
        )
        return count - len(blocked)


_NOW = None


# --------------------------------------------------------------------------------------------------- pages


def normalise(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"\(\?(?:, \?)+\)", "(…)", sql)


class Pages:
    def __init__(self, region: Region):
        from django.test import Client
        from django.urls import reverse

        self.region = region
        self.clients = {}
        r = region
        self.probes = []  # (name, role, user, url)
        for a in r.timeline_apps:
            self.probes.append(
                ("applicant_timeline", "applicant", a.applicant, reverse("titles:application_progress", args=[a.pk]))
            )
        home = reverse("home")
        self.probes += [
            ("inbox_unit_hr", "unit_hr", r.unit_user, home),
            ("inbox_dept_reviewer", "dept_reviewer", r.dept_user, home),
            ("inbox_hr_officer", "hr_officer", r.hr_user, home),
            ("inbox_committee_office", "committee_office", r.office_user, home),
            (
                "committee_docket",
                "committee_office",
                r.office_user,
                reverse("titles:meeting_detail", args=[r.focal_meeting.pk]),
            ),
            # The same screen while the meeting is still being planned: it also lists the committee's accepted
            # applications that could be added to the docket.
            (
                "committee_docket_planned",
                "committee_office",
                r.office_user,
                reverse("titles:meeting_detail", args=[r.meetings[r.committees[0].pk][1].pk]),
            ),
            ("hr_dashboard", "hr_officer", r.hr_user, reverse("posts:dashboard")),
        ]
        self.baseline_url = reverse("bench_baseline")
        self._client = Client

    def client(self, user):
        if user.pk not in self.clients:
            c = self._client()
            c.force_login(user)
            self.clients[user.pk] = c
        return self.clients[user.pk]

    def get(self, user, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.client(user)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} as {user.username}: HTTP {response.status_code}")
        return elapsed, [q["sql"] for q in captured.captured_queries]

    def counts(self) -> dict:
        """Query count (and the queries) of every probe, after one warm-up request."""
        out = {}
        for name, _role, user, url in self.probes:
            self.get(user, url)
            _, queries = self.get(user, url)
            out[(name, url)] = queries
        return out

    def paired(self, url_user_pairs, baseline, rounds: int, budget_s: float) -> tuple[list[float], list[float]]:
        """Each request of ``url_user_pairs`` (``rounds`` times over) followed by one of the baseline page."""
        samples, base = [], []
        started = time.perf_counter()
        while len(samples) < rounds * len(url_user_pairs):
            for user, url in url_user_pairs:
                samples.append(self.get(user, url)[0])
                base.append(self.get(*baseline)[0])
            if time.perf_counter() - started > budget_s and len(samples) >= 5:
                break
        return samples, base

    def timings(self, url_user_pairs, reps: int, budget_s: float) -> list[float]:
        samples = []
        started = time.perf_counter()
        while len(samples) < reps * len(url_user_pairs):
            for user, url in url_user_pairs:
                samples.append(self.get(user, url)[0])
            if time.perf_counter() - started > budget_s and len(samples) >= 5:
                break
        return samples


# --------------------------------------------------------------------------------------------------- main


def main() -> int:
    global _NOW
    _scratch_database()
    try:
        return run()
    finally:
        if _DROP is not None:
            _DROP()


def run() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries  # noqa: F401
    from django.test.utils import override_settings
    from django.utils import timezone

    global _NOW
    _NOW = timezone.now()
    print(
        f"bench_region: {DATABASE_NOTE}; scale {SCALE}: {UNITS} units, {APPLICATIONS} applications",
        file=sys.stderr,
        flush=True,
    )
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t0

    region = Region()
    t0 = time.perf_counter()
    region.setup()
    small_units, small_apps = int(UNITS * FIRST_STEP), int(APPLICATIONS * FIRST_STEP)
    audit_small = region.grow(small_units, small_apps, focal_per_state=2, docket_to=12, timeline_extra=2)
    from titles.models import Application

    apps_small = Application.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    small_s = time.perf_counter() - t0

    with override_settings(ROOT_URLCONF="region_urls", ALLOWED_HOSTS=["testserver"]):
        pages = Pages(region)
        counts_small = pages.counts()

        t0 = time.perf_counter()
        audit_large = region.grow(UNITS, APPLICATIONS, focal_per_state=8, docket_to=60, timeline_extra=6)
        due = region.due_publicities(DUE_PUBLICITIES)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        large_s = time.perf_counter() - t0
        emit(
            "populate",
            units=[small_units, UNITS],
            applications=[apps_small, Application.objects.count()],
            audit_records=[audit_small, audit_small + audit_large],
            migrate_s=round(migrate_s, 1),
            populate_s=[round(small_s, 1), round(large_s, 1)],
            note=DATABASE_NOTE,
        )
        counts_large = pages.counts()

        # --- page timings: each page request is followed by a baseline request, so machine noise (a shared 2-core
        # machine) hits both alike; each page's ratio is against the baseline samples taken between its own.
        reps = 30
        baseline_user = region.unit_user
        baseline = (baseline_user, pages.baseline_url)
        pages.timings([baseline], 5, 10)  # warm-up
        groups: dict[str, list] = {}
        for name, role, user, url in pages.probes:
            groups.setdefault(name, []).append((role, user, url))
        page_samples, paired_base, base = {}, {}, []
        for name, entries in groups.items():
            pairs = [(u, url) for _, u, url in entries]
            rounds = reps if len(pairs) == 1 else max(2, reps // len(pairs) + 1)
            page_samples[name], paired_base[name] = pages.paired(pairs, baseline, rounds, 90)
            base += paired_base[name]
        _, base_queries = pages.get(baseline_user, pages.baseline_url)
        b50, b95 = pct(base, 50), pct(base, 95)
        emit(
            "baseline_page",
            role="unit_hr",
            url=pages.baseline_url,
            n=len(base),
            p50_ms=ms(b50),
            p95_ms=ms(b95),
            queries=len(base_queries),
            note="login-required empty page extending base.html, same middleware",
        )
        for name, entries in groups.items():
            samples = page_samples[name]
            small = [len(counts_small[(name, url)]) for _, _, url in entries]
            large = [len(counts_large[(name, url)]) for _, _, url in entries]
            p50, p95 = pct(samples, 50), pct(samples, 95)
            g50, g95 = pct(paired_base[name], 50), pct(paired_base[name], 95)
            record = dict(
                role=entries[0][0],
                url=entries[0][2] if len(entries) == 1 else f"{len(entries)} applications",
                n=len(samples),
                p50_ms=ms(p50),
                p95_ms=ms(p95),
                baseline_p50_ms=ms(g50),
                baseline_p95_ms=ms(g95),
                ratio_p50=round(p50 / g50, 2),
                queries_small=small if len(small) > 1 else small[0],
                queries_large=large if len(large) > 1 else large[0],
                queries_equal=small == large,
            )
            if small != large:
                grew = Counter()
                for _, _, url in entries:
                    grew.update(Counter(map(normalise, counts_large[(name, url)])))
                    grew.subtract(Counter(map(normalise, counts_small[(name, url)])))
                record["repeating"] = [f"+{n}× {sql[:300]}" for sql, n in grew.most_common(3) if n > 0]
            ratio = p95 / g95
            emit(
                f"page_{name}",
                ratio=ratio,
                goal="p95 ≤ 3× the p95 of the baseline requests taken between its own; queries equal at both sizes",
                met=ratio <= 3 and small == large,
                **record,
            )

        # --- scheme check of every filed scheme vs the same reads without the engine
        from bench_scheme_check_db import load_and_check, load_only, timed

        load_s, rows, load_q = timed(load_only)
        check_s, checked, check_q = timed(load_and_check)
        ratio = check_s / load_s
        emit(
            "scheme_check_all_filed",
            units=rows,
            load_s=round(load_s, 3),
            load_and_check_s=round(check_s, 3),
            queries_load=load_q,
            queries_load_and_check=check_q,
            ratio=ratio,
            goal="(load+check) ≤ 1.5× load (check overhead ≤ 0.5, bench_scheme_check_db)",
            met=ratio <= 1.5,
        )

        # --- roster PDF vs a plain WeasyPrint table of the same rows
        roster(region)

        # --- publicity closing: the task vs a set-based close of the same rows (rolled back)
        publicity_task(due)

    # --- the scheduler (pure, no database)
    scheduler()
    (HERE / "results_region.json").write_text(json.dumps(RESULTS, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


def roster(region: Region) -> None:
    from titles import documents
    from titles.models import ApplicantProfile, Application, EducationRecord, HeldTitle, WorkRecord
    from workflow.documents import render_pdf  # noqa: F401 — fails early without a CJK font

    apps = list(Application.objects.filter(state="certified").order_by("pk")[:ROSTER_ROWS])
    rng = random.Random(SEED)
    profiles = ApplicantProfile.objects.bulk_create(
        [
            ApplicantProfile(
                user_id=a.applicant_id,
                full_name=f"申报人{a.pk}",
                gender=rng.choice(["male", "female"]),
                ethnicity="汉族",
                id_number=f"BENCH{a.pk:012d}",
                birth_date=date(1980, 1, 1),
                phone="13800000000",
                unit_id=a.unit_id,
                employment="institution",
                current_specialty="专业",
            )
            for a in apps
        ]
    )
    EducationRecord.objects.bulk_create(
        [
            EducationRecord(
                profile=p,
                education="bachelor",
                school="内蒙古大学",
                major="计算机科学与技术",
                graduated_on=date(2002, 7, 1),
            )
            for p in profiles
        ]
    )
    WorkRecord.objects.bulk_create(
        [WorkRecord(profile=p, employer="乌海市某单位", started_on=date(2002, 8, 1)) for p in profiles]
    )
    HeldTitle.objects.bulk_create(
        [
            HeldTitle(profile=p, series_id=a.series_id, level="assistant", obtained_on=date(2015, 12, 1))
            for p, a in zip(profiles, apps, strict=True)
        ]
    )
    from weasyprint import HTML

    from workflow.documents import CJK_FONT_FAMILIES

    HTML(string="<p>预热 warm-up</p>").write_pdf()  # font discovery once, outside both timings

    def fresh():  # instances without prefetched relations: roster_pdf loads what it needs, as in the view
        return list(Application.objects.filter(pk__in=[a.pk for a in apps]).order_by("pk"))

    rows = documents.roster_rows(fresh())
    fonts = ", ".join(f'"{f}"' for f in CJK_FONT_FAMILIES)
    plain = (
        f"<html><head><meta charset='utf-8'><style>@page {{ size: A4 landscape; margin: 10mm 8mm; }} "
        f"body {{ font-family: {fonts}, sans-serif; font-size: 7.5pt; }} table {{ border-collapse: collapse; }} "
        f"td, th {{ border: 0.6pt solid #000; padding: 1mm; }}</style></head><body><table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in documents.ROSTER_HEADERS)
        + "</tr></thead><tbody>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        + "</tbody></table></body></html>"
    )
    # One render of each takes seconds and the machine is shared: below full size, the best of three, alternated.
    repeats = 1 if ROSTER_ROWS >= 1000 else 3
    roster_times, plain_times = [], []
    for _ in range(repeats):
        applications = fresh()
        t0 = time.perf_counter()
        pdf = documents.roster_pdf(applications)
        roster_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        plain_pdf = HTML(string=plain).write_pdf()
        plain_times.append(time.perf_counter() - t0)
    roster_s, plain_s = min(roster_times), min(plain_times)
    ratio = roster_s / plain_s
    emit(
        "roster_pdf",
        rows=len(rows),
        renders=repeats,
        roster_s=round(roster_s, 2),
        plain_table_s=round(plain_s, 2),
        roster_bytes=len(pdf),
        plain_bytes=len(plain_pdf),
        ratio=ratio,
        goal="titles.documents.roster_pdf ≤ 0.6× a plain WeasyPrint table of the same rows",
        met=ratio <= 0.6,
    )


def publicity_task(due: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from workflow.models import AuditRecord, Publicity
    from workflow.selectors import open_publicities_due
    from workflow.services import PUBLICITY_CLOSE_CHUNK
    from workflow.tasks import publicity_close_due

    today = timezone.localdate()
    # Baseline: the same closing done set-based (one UPDATE, one bulk INSERT of the audit records), rolled back.
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            ids = list(open_publicities_due(today).values_list("pk", "organisation_id"))
            Publicity.objects.filter(pk__in=[pk for pk, _ in ids], state="open").update(
                state="closed", closed_at=timezone.now()
            )
            ctype = ContentType.objects.get_for_model(Publicity)
            AuditRecord.objects.bulk_create(
                [
                    AuditRecord(
                        subject_type=ctype,
                        subject_id=str(pk),
                        subject_repr="公示",
                        transition="publicity_close",
                        from_state="open",
                        to_state="closed",
                        organisation_id=org,
                    )
                    for pk, org in ids
                ],
                batch_size=5000,
            )
            bulk_s = time.perf_counter() - t0
        bulk_q = len(captured)
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        closed = publicity_close_due()
        task_s = time.perf_counter() - t0
    task_q = len(captured)
    still_open = Publicity.objects.filter(state="open", ends_on__lt=today).count()
    chunks = -(-closed // PUBLICITY_CLOSE_CHUNK)
    blocked = DUE_PUBLICITIES - due  # 1 in 100 has an open objection (Region.due_publicities)
    audited = AuditRecord.objects.filter(transition="publicity_close").count()
    emit(
        "publicity_close_due",
        due=due + still_open,
        closed=closed,
        left_open_with_objection=still_open,
        audit_records=audited,
        chunks=chunks,
        task_s=round(task_s, 2),
        per_item_ms=round(task_s / max(closed, 1) * 1000, 3),
        queries=task_q,
        queries_per_item=round(task_q / max(closed, 1), 3),
        set_based_s=round(bulk_s, 3),
        set_based_queries=bulk_q,
        ratio=task_s / bulk_s,
        goal=f"bulk operations in tasks (DESIGN.md): at most 2 + 6 queries per chunk of {PUBLICITY_CLOSE_CHUNK}, "
        "not per item; every due item without an open objection closed with one audit record",
        met=task_q <= 2 + 6 * chunks and closed == due == audited and still_open == blocked,
        correct=closed == due,
    )


def scheduler() -> None:
    import bench_scheduling as bs

    n = max(1_000, int(10_000 * min(SCALE, 1)))
    calendar = bs.calendar_for_years([bs.YEAR])
    committees, apps = bs.workload(n, bs.YEAR, calendar)
    t0 = time.perf_counter()
    schedule = bs.schedule_meetings(committees, apps, calendar, bs.TODAY, review_end=bs.REVIEW_END)
    sched_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    placed = bs.greedy_baseline(committees, apps, calendar, bs.TODAY, bs.REVIEW_END)
    base_s = time.perf_counter() - t0
    emit(
        "scheduler",
        applications=n,
        committees=len(committees),
        scheduler_s=round(sched_s, 3),
        greedy_s=round(base_s, 3),
        scheduler_placed=schedule.placed,
        greedy_placed=placed,
        ratio=sched_s / base_s,
        goal="places at least as many as the greedy first-fit baseline (time reported as ratio)",
        met=schedule.placed >= placed,
    )


if __name__ == "__main__":
    sys.exit(main())
