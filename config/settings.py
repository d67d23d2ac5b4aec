"""Settings, driven by environment variables only, with working defaults (SQLite, eager Celery).

Production mode is DJANGO_DEBUG unset or 0; with the variables documented in the README set it passes
``manage.py check --deploy`` without warnings.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The test run (pytest, or WUHAI_TESTING=1) gets a throw-away key and plain static storage.
TESTING = env_bool("WUHAI_TESTING", False) or "pytest" in sys.modules
# Demo mode shows the demo accounts on the login page; `make demo` turns it on, production never should.
DEMO_MODE = env_bool("WUHAI_DEMO", False)
# The demo's first day (workflow.clock): a Monday of the 2023 evaluation year that Doc B sets out, while the
# intermediate (until 14 July) and teachers' (until 31 July) application windows are open.
DEMO_START_DATE = os.environ.get("WUHAI_DEMO_DATE", "2023-07-03")
# FLOW-05: the audit table's database triggers let it be emptied only on connections where this is on. Only the
# test setup turns it on (tests/conftest.py: pytest-django flushes every table after a transactional test); it is
# read from no environment variable, so no deployment can switch it on.
WUHAI_AUDIT_TEST_FLUSH = False

# Production mode: not debug, not the demo, not the test run (secure cookies, HSTS, https redirect below).
PRODUCTION = not (DEBUG or DEMO_MODE or TESTING)

# Without DJANGO_SECRET_KEY the command-line tools still work (INTERFACES.md: commands run on a freshly migrated
# database with only DATABASE_URL set), but the "django-insecure-" key makes `check --deploy` fail (security.W009),
# and in production mode the web application refuses to start (config/production.py, run by config/wsgi.py and
# config/asgi.py), so no deployment can serve pages on the development key.
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("DJANGO_SECRET_KEY"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-key-never-use-in-production-0000"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or DEMO_MODE) else "")
if DEBUG or DEMO_MODE or TESTING:
    ALLOWED_HOSTS += ["testserver", "127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_celery_beat",
    # django-ninja's templates and bundled static files (Swagger UI): /api/v1/docs loads them from our own origin
    # under the normal CSP (without the app in INSTALLED_APPS ninja renders a page that pulls Swagger UI from a CDN).
    "ninja",
    "workflow",
    "posts",
    "titles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workflow.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workflow.middleware.RequestMembershipsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workflow.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "workflow.context_processors.site",
                "titles.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several officers act at once even in the demo: wait for the write lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files browsers ask for at the site's root (/favicon.ico, which the admin's pages and PDFs do not link), served by
# WhiteNoise straight from the checkout.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Debug, demo and tests serve static files straight from static/ (no collectstatic step needed).
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or DEMO_MODE or TESTING
# Uploaded materials live outside the web root and are only served through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# No URL serves MEDIA_ROOT: materials are streamed by permission-checked views only (this prefix has no route).
MEDIA_URL = "/_private-media/"
# PDFs (workflow/documents.py): a CJK font file to use when fontconfig knows none (default: the packaged Noto Sans SC).
CJK_FONT_FILE = os.environ.get("WUHAI_CJK_FONT_FILE", "")
UPLOAD_MAX_BYTES = int(os.environ.get("WUHAI_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail: stored in the outbox first (workflow), then sent through Django's backend.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or DEMO_MODE)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhicheng@wuhai.example")

# Celery: eager in-process unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "close-due-publicities": {"task": "workflow.tasks.publicity_close_due", "schedule": crontab(minute=5)},
    "retry-failed-mail": {"task": "workflow.tasks.outbox_retry_failed", "schedule": crontab(minute="*/15")},
    # POST-09: special posts whose term (or the holder's run to retirement) has ended are cancelled (核销).
    "expire-special-posts": {"task": "posts.tasks.special_posts_expire", "schedule": crontab(hour=1, minute=15)},
    # FLOW-04: a correction notice past its deadline → the application is treated as withdrawn.
    "expire-correction-notices": {
        "task": "titles.tasks.correction_notices_expire",
        "schedule": crontab(hour=0, minute=20),
    },
    # TITLE-08: a closed unit publicity waits for unit HR's signed recommendation (never automatic).
    "remind-closed-unit-publicities": {
        "task": "titles.tasks.unit_publicities_closed_remind",
        "schedule": crontab(hour=8, minute=0),
    },
    # TITLE-02 / TITLE-15: window closing, result filing within one month.
    "remind-window-closing": {"task": "titles.tasks.window_closing_remind", "schedule": crontab(hour=8, minute=10)},
    "remind-result-filing": {"task": "titles.tasks.result_filing_remind", "schedule": crontab(hour=8, minute=20)},
    # CMTE-01/CMTE-04: a committee whose filing (≤ 3 years) ran out is marked expired; city HR can re-approve it.
    "expire-committees": {"task": "titles.tasks.committees_expire", "schedule": crontab(hour=0, minute=30)},
    # CMTE-02: the review plan is filed at least 7 days before the meeting; remind the committee office.
    "remind-plan-filing": {
        "task": "titles.tasks.meeting_plan_filing_remind",
        "schedule": crontab(hour=8, minute=30),
    },
}

# Security. Production (DEBUG off) is hardened so that `check --deploy` is clean.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        # Documented choice: the TLS-terminating proxy already redirects http to https (README, operations.md).
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Login throttling: this many failed attempts per username+address within the window lock the pair out.
LOGIN_FAILURE_LIMIT = int(os.environ.get("WUHAI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("WUHAI_LOGIN_FAILURE_WINDOW", "900"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

SITE_TITLE = _("乌海市职称评审与岗位管理系统")
DEMO_SEEDERS = [
    "workflow.demo.seed",
    "posts.demo.seed",
    "titles.demo_departments.seed",
    "titles.demo.seed",
    "titles.demo_workflow.seed",
    "titles.demo_committees.seed",
]

if TESTING:
    # Demo logins in tests need no slow hashing; production keeps Django's PBKDF2 default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
