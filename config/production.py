"""Secrets only from the environment: the web application does not start in production without its own key.

Production mode is DJANGO_DEBUG unset or 0 (and not the demo or the test run: ``settings.PRODUCTION``). Importing
``config.wsgi`` or ``config.asgi`` — which gunicorn, an ASGI server and ``manage.py runserver`` all do before
serving a request — then refuses to go on without DJANGO_SECRET_KEY, naming the variable. The command-line tools
(``check_scheme``, ``check_eligibility``, ``migrate``, ``check``…) never import them, so they still run with only
DATABASE_URL set (INTERFACES.md); ``check --deploy`` reports the missing key as security.W009.
"""

from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY 未设置：生产模式（DJANGO_DEBUG 未设为 1）下网站不能启动。请在环境变量中设置本部署专用的随机密钥，"
    "例如 python -c 'import secrets; print(secrets.token_urlsafe(50))' 的输出（README“Production”）。 / "
    "DJANGO_SECRET_KEY is not set: in production mode (DJANGO_DEBUG not 1) the web application does not start. "
    "Set a random key of this deployment's own in the environment, e.g. the output of "
    "python -c 'import secrets; print(secrets.token_urlsafe(50))' (README, Production)."
)


def require_secret_key() -> None:
    """Raise ImproperlyConfigured when production mode has no DJANGO_SECRET_KEY of its own."""
    from django.conf import settings

    if settings.PRODUCTION and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
