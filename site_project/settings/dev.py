"""Local development: debug on, a throwaway key, emails printed to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# load_demo_content creates this superuser only when the setting is present (dev only).
DEMO_SUPERUSER = {"username": "admin", "password": "changeme", "email": "admin@example.com"}
