import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from core.runtime import settle  # noqa: E402 - after the application: it needs the apps loaded

settle()
