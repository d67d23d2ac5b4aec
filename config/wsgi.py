import os

from django.core.wsgi import get_wsgi_application

from config.production import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
require_secret_key()  # production never starts on the development key (config/production.py)
application = get_wsgi_application()
