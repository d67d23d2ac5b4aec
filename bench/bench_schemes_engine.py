"""Check 20,000 synthetic schemes through the pure post-setting engine (no database) and print units/second.

Run: ``DJANGO_SETTINGS_MODULE=config.settings python bench/bench_schemes_engine.py [N]``.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from posts.rules import JURISDICTIONS, UnitScheme, check_jurisdictions, check_unit, default_profile  # noqa: E402
from posts.suggestion import suggest  # noqa: E402


def synthetic(count: int, seed: int = 2023) -> list[UnitScheme]:
    rng = random.Random(seed)
    schemes = []
    for index in range(count):
        jurisdiction = rng.choice(JURISDICTIONS)
        size = rng.randint(5, 300)
        weights = [0.2, 0.5, 2, 3, 3, 5, 7, 10, 12, 12, 14, 14, 4]
        professional: dict[int, int] = {}
        for grade in rng.choices(range(1, 14), weights=weights, k=size):
            professional[grade] = professional.get(grade, 0) + 1
        schemes.append(
            UnitScheme(
                name=f"单位{index}",
                jurisdiction=jurisdiction,
                affiliation="city_direct" if jurisdiction == "city" else "district",
                sector=rng.choice(["general", "education", "health"]),
                management={8: rng.randint(0, 10)},
                professional=professional,
                directional={7: rng.randint(0, 2)} if jurisdiction != "city" else {},
            )
        )
    return schemes


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    schemes = synthetic(count)
    profiles = {(j, s): default_profile(j, s) for j in JURISDICTIONS for s in ("general", "education", "health")}
    start = time.perf_counter()
    errors = 0
    for scheme in schemes:
        findings = check_unit(scheme, profiles[(scheme.jurisdiction, scheme.sector)])
        errors += any(f.is_error for f in findings)
    check_jurisdictions(schemes)
    elapsed = time.perf_counter() - start
    print(
        f"check_unit + check_jurisdictions: {count} units in {elapsed:.2f} s = {count / elapsed:,.0f} units/s "
        f"({errors} with errors)"
    )
    sample = [s for s in schemes if any(f.is_error for f in check_unit(s, profiles[(s.jurisdiction, s.sector)]))][:200]
    start = time.perf_counter()
    for scheme in sample:
        suggest(scheme, profiles[(scheme.jurisdiction, scheme.sector)])
    elapsed = time.perf_counter() - start
    print(f"suggest (POST-13): {len(sample)} failing units in {elapsed:.2f} s = {len(sample) / elapsed:,.1f} units/s")


if __name__ == "__main__":
    main()
