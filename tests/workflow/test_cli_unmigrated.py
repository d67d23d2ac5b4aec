"""The command-line tools on a database that was never migrated: a clear message and exit 2, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "arguments",
    [
        ["publicity_end", "2023-09-27"],
        ["workday", "2023-10-07"],
        ["check_scheme", "{scheme}"],
        ["check_eligibility", "{applicant}"],
    ],
    ids=["publicity_end", "workday", "check_scheme", "check_eligibility"],
)
def test_a_command_on_an_unmigrated_database_says_to_migrate(tmp_path, arguments):
    scheme = tmp_path / "scheme.json"
    scheme.write_text('{"unit": "x"}', encoding="utf-8")
    applicant = tmp_path / "applicant.json"
    applicant.write_text("{}", encoding="utf-8")
    argv = [a.format(scheme=scheme, applicant=applicant) for a in arguments]
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "WUHAI_TESTING"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "manage.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "请先运行 python manage.py migrate" in done.stderr
    assert "run python manage.py migrate first" in done.stderr
    assert done.stdout == ""
