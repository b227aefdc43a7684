"""Settings shared by every environment.

Safe by default: DEBUG is off and there is no secret key here. ``dev.py`` and
``test.py`` relax this; ``production.py`` reads everything from the environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

# The site's own apps; LOGGING below gives each of them a logger.
PROJECT_APPS = ["home", "guides", "search"]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "django_tasks",
    "django_tasks_db",
    "axes",
    "wagtail.contrib.forms",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # "5,000 results"
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "home.middleware.SecurityHeadersMiddleware",
    "home.middleware.SiteCSPMiddleware",
    # Before anything reads GET or POST (the ones above don't), after those that add headers.
    "home.middleware.CleanInputMiddleware",
    # Anonymous readers' pages from the page cache: before sessions, CSRF and authentication,
    # so a hit costs none of them; after the middleware above, which add headers to it too.
    "home.page_cache.PageCacheMiddleware",
    # Outside everything that touches the database, so a post it retries runs whole again.
    "guides.middleware.PostsSurviveDatabaseErrors",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware has checked the host it keys the snapshot by.
    "home.site_snapshot.SiteSnapshotMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_project.wsgi.application"

# Database: DATABASE_URL (postgres:// or postgresql://), else (unset or empty) a
# local SQLite file.
# Persistent connections (DATABASE_CONN_MAX_AGE seconds) are checked before each request
# reuses them, so a database restart costs no request an error.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
USES_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USES_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a locked-out login is refused before the password is even looked at
# (its AxesBackend checks only that); Django's ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor posts one field per block input; long guides need more than 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Healthy Skin Guides"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The database backend uses PostgreSQL full-text search when the database is
# PostgreSQL, and a simpler fallback on SQLite. English stemming is named, not left to the
# server's default_text_search_config (which a managed PostgreSQL may set to 'simple'); named,
# a search's query is parsed once per statement, not once per guide ranked (docs/search.md).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
}

# The page cache (home/page_cache.py, docs/caching.md): whole pages for anonymous readers,
# purged exactly when what they show changes. Shared by every process through Redis when
# REDIS_URL is set (production requires it); else in this process's memory, which only a
# single development server may use (a change made by another process, such as a
# management command, is not seen until it restarts).
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds a page stays in the page cache when nothing purges it (purges are exact; this
# only bounds how long an unused page takes room).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))
# Seconds a CDN may keep a page (Cache-Control s-maxage). Browsers always ask again
# (max-age=0). Raise it once the CDN is purged through WAGTAILFRONTENDCACHE.
PAGE_CACHE_CDN_SECONDS = int(os.environ.get("PAGE_CACHE_CDN_SECONDS", "300"))
# Seconds a fragment of a page ({% sitefragment %}: a guide's article, its related guides, the
# empty reply form) stays in the default cache. Any change to the site gives fragments new
# keys and leaves the old ones to expire: an hour bounds the room they take (each edit of a
# busy site leaves up to a page's worth of fragments for every page read since). 0 keeps none
# (to measure or debug rendering).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))


def redis_cache(prefix, **options):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        # Redis away: requests go on without the cache at once rather than waiting for it.
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        **options,
    }


# "default" holds what Wagtail and the site keep between requests (such as Wagtail's site
# root paths): shared too, so that a change made through one server is seen by all.
CACHES = {
    "default": (
        redis_cache("default")
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "pages": (
        redis_cache("pages", TIMEOUT=PAGE_CACHE_SECONDS)
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
}

# Background tasks (django-tasks, which Wagtail 8 uses too): run at once here; production
# queues them in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Seconds before a mail server that doesn't answer is given up on.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Listings: how many items a page of each shows (home.pagination.nearest_page).
GUIDES_PER_PAGE = 12
SEARCH_RESULTS_PER_PAGE = 10
# The largest article file import_guide reads (an article is a few kilobytes).
GUIDES_IMPORT_MAX_BYTES = int(os.environ.get("GUIDES_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# The largest WordPress export (WXR) import_wordpress reads: the whole file is parsed in memory.
GUIDES_WORDPRESS_MAX_BYTES = int(
    os.environ.get("GUIDES_WORDPRESS_MAX_BYTES", str(100 * 1024 * 1024))
)
# The reading speed behind a guide's "N min read".
GUIDES_WORDS_PER_MINUTE = 200

# Replies: the flood limit as (seconds, most replies from one address in that time),
# e.g. "15:1,3600:10" in REPLIES_FLOOD_LIMITS; the minimum seconds between issuing
# the form's fill-time token and a believable post. See docs/replies.md.
REPLIES_FLOOD_LIMITS = [
    (int(seconds), int(most))
    for seconds, most in (
        pair.split(":")
        for pair in os.environ.get("REPLIES_FLOOD_LIMITS", "15:1,3600:10").split(",")
        if pair.strip()
    )
]
REPLIES_MIN_FILL_SECONDS = float(os.environ.get("REPLIES_MIN_FILL_SECONDS", "3"))
# Seconds a shown form's signed start time stays valid (a day): an older one is replayed.
REPLIES_FORM_MAX_AGE = int(os.environ.get("REPLIES_FORM_MAX_AGE", str(24 * 3600)))
# A reply refused by the CSRF check comes back with the reader's text (docs/replies.md).
CSRF_FAILURE_VIEW = "guides.reply_tokens.csrf_failure"

# --- Requests from behind proxies -------------------------------------------------------
# How many reverse proxies (load balancer, CDN…) stand in front of the app and append to
# X-Forwarded-For. 0: visitors connect directly and REMOTE_ADDR is theirs. The flood limit and
# the login lockout take the client's address from home.network.client_ip accordingly.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# --- Login protection (django-axes) -----------------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# locked out for AXES_COOLOFF_TIME; the Wagtail admin shows templates/lockout.html.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "home.network.client_ip"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- Response headers --------------------------------------------------------------------
WAGTAIL_ADMIN_PATH = "/admin/"
# Public pages run no inline script or style and load everything from this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin (behind its login) uses inline scripts and styles and image previews.
CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Wagtail's preview panel shows the page in a frame of the admin itself.
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {app: {"level": "INFO"} for app in PROJECT_APPS},
}

# Searches are counted in memory and written for the "Search terms" report in batches
# (search/hits.py): after this many searches or this many seconds, whichever comes first.
SEARCH_HITS_BATCH_SIZE = int(os.environ.get("SEARCH_HITS_BATCH_SIZE", "100"))
SEARCH_HITS_BATCH_SECONDS = int(os.environ.get("SEARCH_HITS_BATCH_SECONDS", "300"))

# A guide is due for another medical review this many months after its last one (Reports →
# Reviews due, and `manage.py send_review_reminders`).
GUIDES_REVIEW_DUE_MONTHS = int(os.environ.get("GUIDES_REVIEW_DUE_MONTHS", "12"))

# An approved workflow publishes the approved draft; a medical reviewer's approval also records
# the review on the guide (guides/workflow.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "guides.workflow.publish_approved"
