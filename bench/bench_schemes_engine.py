"""The pure post-setting engine (no database) on a region's synthetic schemes: 20,000 × ``BENCH_SCALE`` units.

Prints one JSON line per measurement (``name``, values, ``ratio``, ``goal``, ``met``), each against a baseline
measured in the same run, best of three:

- ``schemes_engine_check``: ``check_unit`` per unit + ``check_jurisdictions`` (POST-01…09) vs turning the stored
  rows (JSON counts with string keys, as ``posts.selectors.unit_scheme`` reads them) into the engine's
  ``UnitScheme`` — ratio = (build + check) ÷ build. Reported, no goal of its own: the goal on the check is
  ``scheme_check_all_filed`` (``bench_scheme_check_db.py``: against loading the rows from PostgreSQL);
- ``schemes_engine_suggest``: ``suggest`` (POST-13) on up to 200 units with errors vs ``check_unit`` of the same
  units. Reported, no goal.

Run from the project folder: ``python bench/bench_schemes_engine.py [UNITS]``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from posts.rules import JURISDICTIONS, UnitScheme, check_jurisdictions, check_unit, default_profile  # noqa: E402
from posts.suggestion import suggest  # noqa: E402

WEIGHTS = [0.2, 0.5, 2, 3, 3, 5, 7, 10, 12, 12, 14, 14, 4]
SECTORS = ("general", "education", "health")


def synthetic_rows(count: int, seed: int = 2023) -> list[dict]:
    """Stored schemes as the database holds them: JSON objects with string grade keys."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        jurisdiction = rng.choice(JURISDICTIONS)
        professional: dict[str, int] = {}
        for grade in rng.choices(range(1, 14), weights=WEIGHTS, k=rng.randint(5, 300)):
            professional[str(grade)] = professional.get(str(grade), 0) + 1
        rows.append(
            {
                "name": f"单位{index}",
                "jurisdiction": jurisdiction,
                "affiliation": "city_direct" if jurisdiction == "city" else "district",
                "sector": rng.choice(SECTORS),
                "management": {"8": rng.randint(0, 10)},
                "professional": professional,
                "worker": {"general": rng.randint(0, 5)},
                "directional": {"7": rng.randint(0, 2)} if jurisdiction != "city" else {},
            }
        )
    return rows


def _ints(counts: dict) -> dict[int, int]:
    return {int(k): v for k, v in counts.items()}


def build(rows: list[dict]) -> list[UnitScheme]:
    """What ``posts.selectors.unit_scheme`` does per row, without the model instances."""
    return [
        UnitScheme(
            name=r["name"],
            jurisdiction=r["jurisdiction"],
            affiliation=r["affiliation"],
            sector=r["sector"],
            management=_ints(r["management"]),
            professional=_ints(r["professional"]),
            worker=dict(r["worker"]),
            directional=_ints(r["directional"]),
        )
        for r in rows
    ]


def best_of(runs: int, function):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    default = max(1_000, int(20_000 * float(os.environ.get("BENCH_SCALE") or 1)))
    count = int(sys.argv[1]) if len(sys.argv) > 1 else default
    rows = synthetic_rows(count)
    profiles = {(j, s): default_profile(j, s) for j in JURISDICTIONS for s in SECTORS}

    def build_and_check():
        schemes = build(rows)
        errors = 0
        for scheme in schemes:
            findings = check_unit(scheme, profiles[(scheme.jurisdiction, scheme.sector)])
            errors += any(f.is_error for f in findings)
        check_jurisdictions(schemes)
        return errors

    build_s, schemes = best_of(3, lambda: build(rows))
    check_s, errors = best_of(3, build_and_check)
    ratio = check_s / build_s
    print(
        json.dumps(
            {
                "benchmark": "bench_schemes_engine",
                "name": "schemes_engine_check",
                "units": count,
                "units_with_errors": errors,
                "build_s": round(build_s, 3),
                "build_and_check_s": round(check_s, 3),
                "check_us_per_unit": round((check_s - build_s) / count * 1e6, 1),
                "units_per_second": round(count / check_s),
                "ratio": round(ratio, 3),
                "goal": "reported: (build UnitScheme + check) ÷ build; the goal on the check is scheme_check_all_filed",
                "met": None,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )

    failing = [s for s in schemes if any(f.is_error for f in check_unit(s, profiles[(s.jurisdiction, s.sector)]))]
    sample = failing[:200]
    check_sample_s, _ = best_of(3, lambda: [check_unit(s, profiles[(s.jurisdiction, s.sector)]) for s in sample])
    suggest_s, _ = best_of(1, lambda: [suggest(s, profiles[(s.jurisdiction, s.sector)]) for s in sample])
    print(
        json.dumps(
            {
                "benchmark": "bench_schemes_engine",
                "name": "schemes_engine_suggest",
                "units": len(sample),
                "suggest_s": round(suggest_s, 3),
                "check_s": round(check_sample_s, 4),
                "suggest_ms_per_unit": round(suggest_s / max(len(sample), 1) * 1000, 2),
                "ratio": round(suggest_s / check_sample_s, 1) if check_sample_s else None,
                "goal": "reported: suggest (POST-13) ÷ check_unit of the same failing units",
                "met": None,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
