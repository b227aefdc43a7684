"""Production: everything that differs between deployments comes from the environment.

Required (start-up stops with one line naming what is missing):
    DJANGO_SECRET_KEY       a long random string
    DJANGO_ALLOWED_HOSTS    comma-separated host names, e.g. guides.example.org
    DATABASE_URL            postgresql://user:password@host:5432/name
    REDIS_URL               redis://host:6379/1, the caches every app server (and every
                            gunicorn worker) shares, the page cache among them, so that a
                            purge reaches them all; give them a Redis database of their own,
                            with maxmemory-policy volatile-lru (docs/caching.md)

Optional:
    DJANGO_CSRF_TRUSTED_ORIGINS   comma-separated origins, e.g. https://guides.example.org
    DJANGO_TRUSTED_PROXY_COUNT    reverse proxies in front of the app (default 0; see base.py)
    DJANGO_HSTS_SECONDS           Strict-Transport-Security max-age (default one year)
    DJANGO_HSTS_PRELOAD           "false" to leave out the preload directive
    DJANGO_SECURE_SSL_REDIRECT    "false" when the proxy already redirects to https
    DATABASE_CONN_MAX_AGE         seconds a database connection is kept (default 60)
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
    EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL, WAGTAILADMIN_BASE_URL
    DJANGO_LOGIN_FAILURE_LIMIT, DJANGO_LOGIN_LOCKOUT_MINUTES
    AWS_STORAGE_BUCKET_NAME media uploads in this object storage bucket (S3 or compatible)
                            instead of DJANGO_MEDIA_ROOT on the server's disk; with it:
    AWS_S3_ENDPOINT_URL     the storage's address when it is not Amazon S3
    AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN (e.g. the CDN's host name for media),
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or the machine's role)
    CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN   a Cloudflare CDN in front, purged with the
                            page cache (docs/caching.md); or, for a cache that takes HTTP
                            PURGE requests (Varnish, Fastly, nginx…):
    CDN_PURGE_URL           e.g. http://varnish.internal:6081
    PAGE_CACHE_SECONDS            how long an unpurged page stays in the page cache (a day)
    PAGE_CACHE_CDN_SECONDS        Cache-Control s-maxage for a CDN (300; see docs/caching.md)

Run it with `make serve-production` (gunicorn) and `make worker` (the task worker); see the
README's "Production" section.
"""

import os
import sys

from .base import *  # noqa: F403


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(
            f"Set {name}: production settings need it (see site_project/settings/production.py)."
        )
    return value


SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",")]
required("DATABASE_URL")  # read by base.py; without it the site would run on a local SQLite file
# Read by base.py; without it each gunicorn worker would keep its own caches, and a purge in
# one would leave stale pages in the others.
required("REDIS_URL")
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# WhiteNoise serves the collected static files straight from the app server.
MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

# Media (images and documents editors upload) in object storage when a bucket is named, so
# that every app server sees the same files; see docs/deploy.md.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public files at plain addresses (pages and CDNs cache them); an upload never
            # replaces another file of the same name.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# A CDN in front: every purge of the page cache is sent to it too (home/page_cache.py).
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
            "BEARER_TOKEN": required("CLOUDFLARE_API_TOKEN"),
        }
    }
elif os.environ.get("CDN_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["CDN_PURGE_URL"],
        }
    }

# HTTPS. A proxy's X-Forwarded-Proto is believed only when proxies are trusted.
if TRUSTED_PROXY_COUNT:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check it over plain http
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# "preload" only allows listing the domain in browsers' HSTS preload list; nobody submits it.
SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_HSTS_PRELOAD", "true") == "true"
SECURE_CONTENT_TYPE_NOSNIFF = True
# X-Frame-Options is SAMEORIGIN (base.py), not DENY: Wagtail's preview panel shows the page in
# a frame of the admin. Nothing else frames the site (CSP frame-ancestors 'self' says so too).
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Background tasks (the moderators' emails) wait in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false") == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
