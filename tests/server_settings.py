"""Settings for app servers that tests start with gunicorn (tests/test_two_servers.py):
production's, page cache on Redis included, served over plain http on 127.0.0.1 with the
static files read from the source folders (no collectstatic)."""

from site_project.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
