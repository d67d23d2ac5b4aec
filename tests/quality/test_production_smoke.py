"""The README's production run, end to end: PostgreSQL, collectstatic, gunicorn, WhiteNoise, a Celery worker and beat.

A scratch database on the PostgreSQL server of ``DATABASE_URL`` gets ``migrate``, ``collectstatic``,
``check --deploy`` and the first administrator (``createsuperuser --noinput``) with production settings (no
DJANGO_DEBUG, no WUHAI_*), as the README's production section runs them; ``seed_demo`` is refused there (demo
only). Then gunicorn serves it on a free loopback port, a worker and beat run against the Redis of
``CELERY_BROKER_URL`` (on database 14, so they never meet the queue of the in-process worker tests), and a stdlib
HTTP client logs in as that administrator.

There is no TLS proxy here, so DJANGO_SECURE_SSL_REDIRECT=0 and the client plays the proxy: every request carries
``X-Forwarded-Proto: https`` (SECURE_PROXY_SSL_HEADER), and its cookie jar treats the loopback as secure, so the
Secure session and CSRF cookies travel as they would behind the real proxy.

Every process is started in its own session and killed in teardown, even on failure; the database is dropped.
Skipped (saying why) unless DATABASE_URL is PostgreSQL and CELERY_BROKER_URL is Redis — `.ci/run` step 4.
"""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ADMIN, ADMIN_PASSWORD = "zc-admin", "Smoke-" + secrets.token_urlsafe(16)


def _redis_db(url: str, db: int) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout: float, what: str, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        for proc, log in processes:
            if proc.poll() is not None:
                pytest.fail(f"{what}: {proc.args[0]} exited with {proc.returncode}\n{_tail(log)}")
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout:.0f} s\n" + "\n".join(_tail(log) for _p, log in processes))


def _tail(log: Path, chars: int = 4000) -> str:
    return f"--- {log.name}\n" + (log.read_text(errors="replace")[-chars:] if log.exists() else "(no log)")


@pytest.fixture
def scratch_database():
    import psycopg

    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"wuhai_smoke_{os.getpid()}_{secrets.token_hex(3)}"
    admin_url = urllib.parse.urlunsplit(
        (server.scheme.replace("postgresql", "postgres"), server.netloc, "/postgres", "", "")
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(("postgres", server.netloc, f"/{name}", server.query, ""))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_env(scratch_database, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "WUHAI_", "CELERY_", "REDIS_", "PYTEST_")) and k != "DATABASE_URL"
    }
    broker = os.environ["CELERY_BROKER_URL"]
    env.update(
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # no TLS proxy here; the client sends X-Forwarded-Proto itself
            "DATABASE_URL": scratch_database,
            "CELERY_BROKER_URL": _redis_db(broker, 14),
            "REDIS_CACHE_URL": _redis_db(broker, 13),
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DJANGO_LOG_LEVEL": "INFO",
        }
    )
    return env


def manage(env, *args, timeout=300, status=0) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == status, f"manage.py {' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout + result.stderr


@pytest.fixture
def start(tmp_path):
    """Start a long-running process in its own session; all of them are killed (group-wide) in teardown."""
    started = []

    def _start(name: str, argv: list[str], env: dict):
        log = tmp_path / f"{name}.log"
        handle = log.open("wb")
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append((proc, handle))
        return proc, log

    yield _start
    for proc, _handle in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc, handle in started:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        handle.close()


class ProxiedHTTPS(urllib.request.BaseHandler):
    """What the TLS proxy adds to every request (README: it must set X-Forwarded-Proto)."""

    def http_request(self, request):
        request.add_unredirected_header("X-Forwarded-Proto", "https")
        return request


def browser():
    # The loopback stands for the proxy's https: Secure cookies are kept and sent.
    jar = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), ProxiedHTTPS())
    return opener, jar


def fetch(opener, url, data: dict | None = None, headers=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_production_run_serves_logs_in_and_runs_tasks(production_env, start, tmp_path):
    env = production_env

    # 1. The README's production steps.
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v0")
    # check --deploy as the README runs it, with Django redirecting to https (the proxy case: test_security_headers).
    deploy_env = {k: v for k, v in env.items() if k != "DJANGO_SECURE_SSL_REDIRECT"}
    manage(deploy_env, "check", "--deploy", "--fail-level", "WARNING", timeout=120)
    # The first administrator (README: a real installation never loads the demo, whose passwords are public).
    admin_env = {**env, "DJANGO_SUPERUSER_USERNAME": ADMIN, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
                 "DJANGO_SUPERUSER_EMAIL": "admin@zc.wuhai.example"}  # fmt: skip
    manage(admin_env, "createsuperuser", "--noinput")
    assert "WUHAI_DEMO=1" in manage(env, "seed_demo", status=1)
    assert (tmp_path / "static" / "staticfiles.json").exists()

    # 2. gunicorn, worker and beat.
    port = _free_port()
    web = start(
        "gunicorn",
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
        ],  # fmt: skip
        env,
    )
    worker = start(
        "worker",
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            "--pool",
            "solo",
            "--hostname",
            f"smoke-{port}@%h",
            "--without-gossip",
            "--without-mingle",
        ],  # fmt: skip
        env,
    )
    beat = start(
        "beat",
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--pidfile",
            str(tmp_path / "beat.pid"),
        ],  # fmt: skip
        env,
    )
    base = f"http://127.0.0.1:{port}"

    def web_up():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    _wait(web_up, 60, "gunicorn listening", [web])
    _wait(lambda: "ready" in worker[1].read_text(errors="replace"), 90, "celery worker ready", [worker])
    _wait(lambda: "beat: Starting" in beat[1].read_text(errors="replace"), 60, "celery beat started", [beat])

    # 3. Log in as a demo user over HTTP, with the CSRF token of the form.
    opener, jar = browser()
    status, headers, body = fetch(opener, f"{base}/login/")
    assert status == 200, body[:500]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    csrf_cookie = next(c for c in jar if c.name == "csrftoken")
    assert csrf_cookie.secure
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]

    status, headers, body = fetch(
        opener,
        f"{base}/login/",
        {"username": ADMIN, "password": ADMIN_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"https://127.0.0.1:{port}/login/"},  # CSRF checks the Referer of https requests
    )
    assert status == 200, body[:1000]  # redirected to the home page
    session = next(c for c in jar if c.name == "sessionid")
    assert session.secure and session.has_nonstandard_attr("HttpOnly")
    page = body.decode()
    assert "工作台" in page and 'lang="zh-hans"' in page
    assert headers.get("Content-Language") == "zh-hans"

    # 4. A static file through WhiteNoise, with the manifest's hashed name.
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "no hashed /static/css/app.<hash>.css in the home page"
    status, headers, css = fetch(opener, base + stylesheet.group(1))
    assert status == 200 and css
    assert "immutable" in headers.get("Cache-Control", "")
    status, headers, _gz = fetch(opener, base + stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"

    # The API docs (Swagger UI) under the same CSP, from ninja's collected static files (hashed names, no CDN).
    status, headers, docs = fetch(opener, f"{base}/api/v1/docs")
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
    bundle = re.search(r'src="(/static/ninja/swagger-ui-bundle\.[0-9a-f]{12}\.js)"', docs.decode())
    assert bundle, docs[:2000]
    status, _headers, script = fetch(opener, base + bundle.group(1))
    assert status == 200 and b"SwaggerUIBundle" in script

    # 5. The worker runs a task queued by another process with the same settings.
    queued = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from workflow.tasks import outbox_retry_failed; "
            "print(outbox_retry_failed.delay().get(timeout=60))",
        ],  # fmt: skip
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert queued.returncode == 0, queued.stderr[-3000:] + _tail(worker[1])
    assert queued.stdout.strip().splitlines()[-1] == "0"  # a fresh database has no failed mail to retry
    _wait(
        lambda: "workflow.tasks.outbox_retry_failed" in worker[1].read_text(errors="replace"),
        30,
        "worker log names the task",
        [worker],
    )
    assert "succeeded" in worker[1].read_text(errors="replace")

    # Nothing went wrong on the server side meanwhile.
    for proc, log in (web, worker, beat):
        assert proc.poll() is None, _tail(log)
    assert "Traceback" not in web[1].read_text(errors="replace"), _tail(web[1])
