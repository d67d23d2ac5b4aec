"""Load and check a whole region's post-setting schemes from the database: 20,000 units (DESIGN.md "Scale").

Bulk-creates synthetic units and filed schemes in a scratch database that this script creates and drops, like
``bench_region.py``: on the PostgreSQL server of ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
postgres``; only the server is used, a new database ``wuhai_bench_check_<pid>`` is created next to it). When no
PostgreSQL server answers it falls back to a temporary SQLite file, says so on stderr and in the JSON line
(``"database": "sqlite"``). Then it times, best of three:

- *load*: the reads of ``posts.selectors.jurisdiction_check`` for every jurisdiction (schemes with their units,
  ratio profiles, special posts) — a constant number of queries whatever the number of units;
- *load + check*: ``jurisdiction_check`` itself — the same reads, then ``rules.check_unit`` per unit and
  ``rules.check_jurisdictions`` per jurisdiction (POST-01…09).

Prints one JSON line with ``name``, both times, ``ratio`` = (load+check) ÷ load, ``goal`` (≤ 1.5: the check adds
at most 50 % on top of loading), ``met``, ``check_overhead`` (= ratio − 1), units/second and the query counts.
Run from the project folder: ``python bench/bench_scheme_check_db.py [UNITS]``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

GOAL = 1.5  # (load + check) ÷ load: the check adds at most 50 % on top of loading (issue 3, "Benchmark")
WEIGHTS = [0.2, 0.5, 2, 3, 3, 5, 7, 10, 12, 12, 14, 14, 4]


def _professional(rng: random.Random) -> dict[str, int]:
    counts: dict[str, int] = {}
    for grade in rng.choices(range(1, 14), weights=WEIGHTS, k=rng.randint(5, 300)):
        counts[str(grade)] = counts.get(str(grade), 0) + 1
    return counts


def populate(count: int, seed: int = 2023) -> None:
    from posts.models import Scheme
    from posts.rules import JURISDICTIONS
    from workflow.models import Organisation

    rng = random.Random(seed)
    units = []
    for index in range(count):
        jurisdiction = rng.choice(JURISDICTIONS)
        units.append(
            Organisation(
                kind=Organisation.Kind.UNIT,
                code=f"bench-unit-{index}",
                name=f"基准单位{index}",
                jurisdiction=jurisdiction,
                affiliation="city_direct" if jurisdiction == "city" else "district",
                sector=rng.choice(["general", "education", "health"]),
            )
        )
    units = Organisation.objects.bulk_create(units, batch_size=2000)
    schemes = [
        Scheme(
            unit=unit,
            version=1,
            state=Scheme.State.FILED,
            management={"8": rng.randint(0, 10)},
            professional=_professional(rng),
            worker={"general": rng.randint(0, 5)},
            directional={"7": rng.randint(0, 2)} if unit.jurisdiction != "city" else {},
        )
        for unit in units
    ]
    Scheme.objects.bulk_create(schemes, batch_size=2000)


def load_only() -> int:
    """The reads of ``jurisdiction_check`` without the engine."""
    from posts.models import Scheme, SpecialPost
    from posts.rules import JURISDICTIONS
    from posts.selectors import COUNTED_SPECIAL_STATES, jurisdiction_profiles, profiles_for_units

    rows = 0
    for key in JURISDICTIONS:
        schemes = list(
            Scheme.objects.filter(state=Scheme.State.FILED, unit__jurisdiction=key)
            .select_related("unit")
            .order_by("unit__name")
        )
        profiles_for_units([s.unit for s in schemes])
        list(SpecialPost.objects.filter(unit_id__in=[s.unit_id for s in schemes], state__in=COUNTED_SPECIAL_STATES))
        jurisdiction_profiles([key])
        rows += len(schemes)
    return rows


def load_and_check() -> int:
    from posts.rules import JURISDICTIONS
    from posts.selectors import jurisdiction_check

    return sum(len(jurisdiction_check(key)["units"]) for key in JURISDICTIONS)


def timed(function) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best, rows, queries = float("inf"), 0, 0
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            rows = function()
            best = min(best, time.perf_counter() - started)
        queries = len(captured)
    return best, rows, queries


def scratch_database():
    """Point DATABASE_URL at a new scratch database: PostgreSQL if reachable, else a temporary SQLite file.
    Returns (note, drop) — ``drop()`` removes it. Call before ``django.setup()``."""
    from urllib.parse import urlsplit, urlunsplit

    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    if base.startswith(("postgres://", "postgresql://")):
        try:
            import psycopg

            parts = urlsplit(base)
            name = f"wuhai_bench_check_{os.getpid()}"
            maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
            with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            os.environ["DATABASE_URL"] = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))

            def drop():
                from django.db import connections

                connections.close_all()
                with psycopg.connect(maintenance, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

            return f"PostgreSQL scratch database {name} on {parts.hostname}:{parts.port or 5432}", drop
        except Exception as exc:  # noqa: BLE001 — any connection problem: fall back, loudly
            note = f"PostgreSQL unreachable ({exc.__class__.__name__}: {exc}); FELL BACK TO SQLITE"
    else:
        note = "DATABASE_URL is not PostgreSQL; SQLITE scratch file"
    scratch = tempfile.TemporaryDirectory(prefix="wuhai-bench-check-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch.name) / 'bench.sqlite3'}"
    print(f"NOTE: {note}", file=sys.stderr)
    return note, scratch.cleanup


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    # BENCH_SCALE (make bench in CI: 0.05) shrinks the default region; an argument overrides it.
    count = (
        int(sys.argv[1]) if len(sys.argv) > 1 else max(1_000, int(20_000 * float(os.environ.get("BENCH_SCALE") or 1)))
    )
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    populate(count)
    populate_seconds = time.perf_counter() - started
    load_seconds, rows, load_queries = timed(load_only)
    check_seconds, checked, check_queries = timed(load_and_check)
    assert rows == checked == count, (rows, checked, count)
    ratio = check_seconds / load_seconds
    print(
        json.dumps(
            {
                "benchmark": "bench_scheme_check_db",
                "name": "scheme_check_all_filed",
                "database": connection.vendor,
                "database_note": NOTE,
                "units": count,
                "populate_seconds": round(populate_seconds, 2),
                "load_seconds": round(load_seconds, 3),
                "load_and_check_seconds": round(check_seconds, 3),
                "check_overhead": round(ratio - 1, 3),
                "units_per_second": round(count / check_seconds),
                "queries_load": load_queries,
                "queries_load_and_check": check_queries,
                "ratio": round(ratio, 3),
                "goal": f"(load+check) ≤ {GOAL}× load",
                "met": ratio <= GOAL,
            },
            ensure_ascii=False,
        )
    )
    return 0


NOTE = ""

if __name__ == "__main__":
    NOTE, _drop = scratch_database()
    try:
        sys.exit(main())
    finally:
        _drop()
