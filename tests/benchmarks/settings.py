"""Settings for the site under load (``tests/benchmarks/site_load.py``): production's, served
over plain http on 127.0.0.1, with a trivial view as the floor and the reply flood limit raised."""

from site_project.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
