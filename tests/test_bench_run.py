"""``make bench`` (bench/run.py): which benchmark outputs fail the run, and the summary it prints.

A crash, a script that prints no measurement, a line without name/ratio/goal/met and a page whose query count
grows with the data (``queries_equal: false``) fail; a missed time goal does not (times are noisy)."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _script(folder: Path, name: str, *lines: dict, exit_status: int = 0) -> Path:
    path = folder / f"bench_{name}.py"
    body = "".join(f"print({json.dumps(json.dumps(line, ensure_ascii=False))})\n" for line in lines)
    path.write_text(f"import sys\nprint('text is ignored')\n{body}sys.exit({exit_status})\n", encoding="utf-8")
    return path


MET = {"name": "fast", "ratio": 1.2, "goal": "≤ 3×", "met": True}
MISSED = {"name": "slow_page", "ratio": 7.5, "goal": "≤ 3×", "met": False, "queries_equal": True}


def test_bench_run_missed_time_goal_is_reported_not_failed(bench_run, tmp_path, capsys):
    out = tmp_path / "results.json"
    assert bench_run.main([_script(tmp_path, "a", MET, MISSED)], out) == 0
    stored = json.loads(out.read_text(encoding="utf-8"))
    assert [r["name"] for r in stored] == ["fast", "slow_page"]
    assert stored[0]["benchmark"] == "bench_a"  # filled in from the script's name
    table = capsys.readouterr().out.split("wrote", 1)[1]
    assert "a          slow_page  7.5    MISSED  ≤ 3×" in table
    assert "a          fast       1.2    met     ≤ 3×" in table


@pytest.mark.parametrize(
    ("lines", "exit_status", "reason"),
    [
        ([{**MISSED, "queries_equal": False, "queries_small": 9, "queries_large": 31}], 0, "9 → 31"),
        ([{"name": "no_goal", "ratio": 1.0}], 0, "no 'goal'"),
        ([], 0, "printed no JSON measurement"),
        ([MET], 1, "exit status 1"),
    ],
    ids=["queries-differ", "keys-missing", "no-line", "crash"],
)
def test_bench_run_fails_on_a_broken_measurement(bench_run, tmp_path, capsys, lines, exit_status, reason):
    scripts = [_script(tmp_path, "good", MET), _script(tmp_path, "bad", *lines, exit_status=exit_status)]
    assert bench_run.main(scripts, tmp_path / "results.json") == 1
    printed = capsys.readouterr().out
    failures = printed.split("FAILED:", 1)[1]
    assert "bench_bad.py" in failures and reason in failures and "bench_good.py" not in failures
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))[0]["name"] == "fast"
