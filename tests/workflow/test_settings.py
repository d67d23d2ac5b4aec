"""Production settings pass `check --deploy`; without the documented variables they do not."""

import os
import subprocess
import sys
from pathlib import Path

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
