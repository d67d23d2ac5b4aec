"""`make bench`: run every benchmark in bench/ (files named bench_*.py) and collect their JSON lines.

Each benchmark prints one JSON object per measurement on stdout, with times measured against a baseline in the
same run (ratios, never absolute goals). Results go to bench/results.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    results = []
    failed = []
    scripts = sorted(HERE.glob("bench_*.py"))
    for number, script in enumerate(scripts, 1):
        print(f"[{number}/{len(scripts)}] {script.name} …", flush=True)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            failed.append(script.name)
            print(proc.stdout[-2000:], proc.stderr[-4000:], sep="\n")
            continue
        for line in proc.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                record = json.loads(line)
                record.setdefault("benchmark", script.stem)
                results.append(record)
                print("   ", json.dumps(record, ensure_ascii=False))
        print(f"    done in {elapsed:.1f} s")
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'results.json'} ({len(results)} measurements)")
    if failed:
        print("FAILED:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
