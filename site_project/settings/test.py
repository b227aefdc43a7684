"""Test runs: fast hashing, in-memory email, media in a temporary folder."""

import os
import tempfile

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="guides-test-media-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Caches in this process's memory, whatever REDIS_URL says; the page cache is emptied before
# each test (tests/conftest.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Search counts are written only by the tests about them (they set a batch size).
SEARCH_HITS_BATCH_SIZE = SEARCH_HITS_BATCH_SECONDS = 10**9

# On SQLite, a test database in a file (not in memory), so `--reuse-db` can keep it between
# local runs like the PostgreSQL one.
if not USES_POSTGRES:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405

# CI must test on PostgreSQL: refuse to run there on the SQLite fallback.
if os.environ.get("CI") == "true" and not USES_POSTGRES:  # noqa: F405
    raise ImproperlyConfigured(
        "CI=true but DATABASE_URL does not point at PostgreSQL; refusing to fall back to SQLite."
    )
