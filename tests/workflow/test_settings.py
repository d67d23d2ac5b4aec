"""Production settings pass `check --deploy`; without the documented variables they do not."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(extra_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WUHAI_"))}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = deploy_check(
        {
            "DJANGO_SECRET_KEY": "k" * 20 + "Zq8!vB2@x#L9%rT7^mW4&pY6*sN1(dF3)hJ5",
            "DJANGO_ALLOWED_HOSTS": "zc.wuhai.example",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_a_secret_key():
    result = deploy_check({"DJANGO_ALLOWED_HOSTS": "zc.wuhai.example"})
    assert result.returncode != 0
    assert "W009" in result.stdout + result.stderr


# --------------------------------------------------------------------- secrets only from the environment (README)

SECRET = "k" * 20 + "Zq8!vB2@x#L9%rT7^mW4&pY6*sN1(dF3)hJ5"
BIN = Path(sys.executable).parent


def run(argv, extra_env, *, timeout=180):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WUHAI_", "PYTEST_"))}
    env.update({"DJANGO_ALLOWED_HOSTS": "zc.wuhai.example", **extra_env})
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _refused_for_the_key(result) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "DJANGO_SECRET_KEY 未设置" in output and "DJANGO_SECRET_KEY is not set" in output, output[-3000:]


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_production_web_application_refuses_to_start_without_a_secret_key(module):
    _refused_for_the_key(run([sys.executable, "-c", f"import {module}"], {}))


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
@pytest.mark.parametrize("debug", ["", "0"])
def test_production_web_application_starts_with_its_secret_key(module, debug):
    result = run([sys.executable, "-c", f"import {module}; print({module}.application)"],
                 {"DJANGO_SECRET_KEY": SECRET, "DJANGO_DEBUG": debug})  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("extra", [{"DJANGO_DEBUG": "1"}, {"WUHAI_DEMO": "1"}], ids=["debug", "demo"])
def test_development_and_demo_start_without_a_secret_key(extra):
    result = run([sys.executable, "-c", "import config.wsgi"], extra)
    assert result.returncode == 0, result.stderr[-3000:]


def test_gunicorn_refuses_to_start_without_a_secret_key():
    # --check-config loads the application as the workers would, then exits.
    _refused_for_the_key(run([str(BIN / "gunicorn"), "--check-config", "config.wsgi"], {}))


def test_runserver_in_production_mode_refuses_to_start_without_a_secret_key():
    _refused_for_the_key(
        run([sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", "127.0.0.1:0"], {})
    )


def test_commands_run_without_a_secret_key(tmp_path):
    """INTERFACES.md: the commands work on a freshly migrated database with only DATABASE_URL set."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    assert run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env).returncode == 0
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode == 0, result.stderr
    scheme = tmp_path / "scheme.json"
    scheme.write_text(
        '{"unit": {"name": "乌海市某某中学", "jurisdiction": "city", "affiliation": "city_direct"},'
        ' "professional": {"8": 2, "9": 3}}',
        encoding="utf-8",
    )
    result = run([sys.executable, "manage.py", "check_scheme", str(scheme), "--format", "json"], env)
    assert result.returncode in {0, 1} and '"units"' in result.stdout, result.stderr
    applicant = tmp_path / "applicant.json"
    applicant.write_text(
        '{"year": 2023, "as_of": "2023-07-14", "employment": "institution", "unit_location": "city",'
        ' "education": "bachelor", "full_time": true, "degree": "bachelor", "graduated_on": "2022-07-01",'
        ' "field_matches": true, "work_started_on": "2022-07-15", "years_in_district": 0, "years_in_township": 0,'
        ' "series": "engineering", "current_title": null, "target_level": "assistant"}',
        encoding="utf-8",
    )
    result = run([sys.executable, "manage.py", "check_eligibility", str(applicant), "--format", "json"], env)
    assert result.returncode == 0 and '"applicants"' in result.stdout, result.stderr
    result = run([sys.executable, "manage.py", "publicity_end", "2023-09-27"], env)
    assert result.returncode == 0 and result.stdout.strip() == "2023-10-09", result.stderr
