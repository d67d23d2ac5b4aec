"""`make bench`: run every benchmark in bench/ (files named bench_*.py) and collect their JSON lines.

Each benchmark prints one JSON object per measurement on stdout, with times measured against a baseline in the
same run (ratios, never absolute goals), and with at least ``name``, ``ratio``, ``goal`` and ``met`` (``met`` is
null where a line only reports: the region's size, the baseline page). Results go to bench/results.json, then a
summary table (benchmark, name, ratio, met, goal) is printed.

Exit status 1 when a script crashes, prints no measurement, prints a line without those four keys, or prints
``"queries_equal": false`` — a page whose query count differs between the two data sizes runs a query per row (an
N+1, DESIGN.md "Scale we design for"). A missed goal that is a ratio of times is reported, never failed: times are
noisy on a shared machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIRED = ("name", "ratio", "goal", "met")


def problems_of(record: dict) -> list[str]:
    """What makes a measurement fail the run (not a missed time goal)."""
    found = [f"no {key!r}" for key in REQUIRED if key not in record]
    if record.get("queries_equal") is False:
        found.append(f"query counts differ between the two sizes: {record.get('queries_small')} → "
                     f"{record.get('queries_large')} (a query per row)")  # fmt: skip
    return found


def summary(results: list[dict]) -> str:
    def cell(value) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "met" if value else "MISSED"
        return f"{value:g}" if isinstance(value, float) else str(value)

    rows = [("benchmark", "name", "ratio", "met", "goal")] + [
        (
            str(r.get("benchmark", "?")).removeprefix("bench_"),
            str(r.get("name", "?")),
            cell(r.get("ratio")),
            cell(r.get("met")),
            str(r.get("goal") or "—"),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(value.ljust(width) for value, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    )


def main(scripts: list[Path] | None = None, out: Path = HERE / "results.json") -> int:
    results = []
    failed = []
    scripts = sorted(HERE.glob("bench_*.py")) if scripts is None else scripts
    for number, script in enumerate(scripts, 1):
        print(f"[{number}/{len(scripts)}] {script.name} …", flush=True)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            failed.append(f"{script.name}: exit status {proc.returncode}")
            print(proc.stdout[-2000:], proc.stderr[-4000:], sep="\n")
            continue
        lines = 0
        for line in proc.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                record = json.loads(line)
                record.setdefault("benchmark", script.stem)
                results.append(record)
                lines += 1
                print("   ", json.dumps(record, ensure_ascii=False))
                failed += [f"{script.name} {record.get('name', '?')}: {p}" for p in problems_of(record)]
        if not lines:
            failed.append(f"{script.name}: printed no JSON measurement")
            print(proc.stdout[-2000:], proc.stderr[-2000:], sep="\n")
        print(f"    done in {elapsed:.1f} s", flush=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(results)} measurements)\n")
    print(summary(results))
    if failed:
        print("\nFAILED:\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
