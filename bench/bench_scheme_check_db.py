"""Load and check a whole region's post-setting schemes from the database: 20,000 units (DESIGN.md "Scale").

Bulk-creates synthetic units and filed schemes in a scratch database — a temporary SQLite file, or the PostgreSQL
database of ``DATABASE_URL`` when it names one (the tables are created by migrations there and the rows removed
afterwards) — then times, best of three:

- *load*: the reads of ``posts.selectors.jurisdiction_check`` for every jurisdiction (schemes with their units,
  ratio profiles, special posts) — a constant number of queries whatever the number of units;
- *load + check*: ``jurisdiction_check`` itself — the same reads, then ``rules.check_unit`` per unit and
  ``rules.check_jurisdictions`` per jurisdiction (POST-01…09).

Prints one JSON line: both times, ``check_overhead`` = (load+check − load) ÷ load (goal ≤ 0.5), units/second and
the query counts. Run from the project folder: ``python bench/bench_scheme_check_db.py [UNITS]``.
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
_SCRATCH = None
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    _SCRATCH = tempfile.TemporaryDirectory(prefix="wuhai-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(_SCRATCH.name) / 'bench.sqlite3'}"

GOAL = 0.5
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
    try:
        load_seconds, rows, load_queries = timed(load_only)
        check_seconds, checked, check_queries = timed(load_and_check)
    finally:
        if _SCRATCH is None:  # a real PostgreSQL database: leave it as we found it
            from posts.models import Scheme
            from workflow.models import Organisation

            Scheme.objects.filter(unit__code__startswith="bench-unit-").delete()
            Organisation.objects.filter(code__startswith="bench-unit-").delete()
    assert rows == checked == count, (rows, checked, count)
    overhead = (check_seconds - load_seconds) / load_seconds
    print(
        json.dumps(
            {
                "benchmark": "bench_scheme_check_db",
                "database": connection.vendor,
                "units": count,
                "populate_seconds": round(populate_seconds, 2),
                "load_seconds": round(load_seconds, 3),
                "load_and_check_seconds": round(check_seconds, 3),
                "check_overhead": round(overhead, 3),
                "goal_overhead": GOAL,
                "meets_goal": overhead <= GOAL,
                "units_per_second": round(count / check_seconds),
                "queries_load": load_queries,
                "queries_load_and_check": check_queries,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        if _SCRATCH is not None:
            _SCRATCH.cleanup()
