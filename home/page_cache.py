"""The page cache: whole pages for anonymous readers, served before sessions, authentication
and the page tree are touched, and purged exactly when something they show changes.

docs/caching.md explains it for newcomers. In short:

- ``PageCacheMiddleware`` looks up a GET without a query string from a reader who carries no
  session or messages cookie, by scheme, host and path. It stores a Wagtail page's 200 answer
  (``mark_page`` is called by the ``before_serve_page`` hook) only when nothing in it can be
  one visitor's: no cookie set, no CSRF token used, not private, not a preview.
- A stored page is valid while the two purge tokens it was stored with are still current:
  its path's and the whole site's. A purge writes new tokens, so a page rendered from data
  older than the purge can never be served after it, even if it is stored afterwards.
- ``purge_url_paths`` (some pages) and ``purge_everything`` are called by the signal
  receivers below and in ``guides/page_cache.py``; each purges now and again when the
  transaction commits, and tells a CDN through Wagtail's frontend cache when one is set up.
"""

import functools
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from taggit.models import Tag

from .models import SiteSettings
from .network import request_host

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# A request carrying one of these may see something of its own (a signed-in editor, the
# thank-you message after a reply): it is neither served from nor stored in the cache.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
EVERYTHING = "*"
# Response headers a stored page keeps; X-Cache is set afresh on each answer.
DROPPED_HEADERS = {"x-cache", "set-cookie"}
NEVER_STORED = ("private", "no-store", "no-cache")


def _key(kind, text):
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


@functools.cache
def release_id():
    """A fingerprint of this release's code, templates and static files (and migrations, which
    may change data without purging). Pages are stored under it, so a new release never serves
    what the previous one rendered, even while both run during a rolling deploy."""
    digest = hashlib.sha256()
    roots = [settings.BASE_DIR / name for name in (*settings.PROJECT_APPS, "templates", "static")]
    for root in roots:
        for path in sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _token_keys(path):
    return _key("path", path), _key("site", EVERYTHING)


def add_tokens(path_key, site_key):
    """The tokens after adding those missing (a purge's newer ones are kept)."""
    cache = caches[CACHE_ALIAS]
    try:
        for key in (path_key, site_key):
            cache.add(key, uuid.uuid4().hex, timeout=None)
        found = cache.get_many([path_key, site_key])
    except Exception:
        logger.exception("The page cache does not answer")
        return (None, None)
    return (found.get(path_key), found.get(site_key))


def page_tokens(request):
    """The page cache's tokens for the page this request asks for, which every purge
    reaching it renews (made when missing), or None when the cache does not answer; read
    once a request (``PageCacheMiddleware`` leaves its own read). For fragments kept as long
    as the page (home/fragments.py)."""
    if not hasattr(request, "page_cache_tokens"):
        keys = _token_keys(request.path_info)
        found = caches[CACHE_ALIAS].get_many(keys)
        tokens = tuple(found.get(key) for key in keys)
        if None in tokens:
            tokens = add_tokens(*keys)
        request.page_cache_tokens = None if None in tokens else tokens
    return request.page_cache_tokens


def mark_page(request):
    """Called as Wagtail starts serving a page: its answer may be stored."""
    request.page_cache_page = True


class PageCacheMiddleware:
    """Answers anonymous readers' page views from the page cache, and stores the pages that
    are the same for everyone. Sits before the session, CSRF and authentication middleware,
    so a hit costs one cache round trip and none of them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]

    def __call__(self, request):
        key = self.cache_key(request)
        if key is None:
            return self.bypass(self.get_response(request))
        path_key, site_key = _token_keys(request.path_info)
        try:
            found = self.cache.get_many([key, path_key, site_key])
        except Exception:  # the cache is down: serve the page uncached
            logger.exception("The page cache does not answer")
            return self.bypass(self.get_response(request))
        tokens = (found.get(path_key), found.get(site_key))
        entry = found.get(key)
        if None in tokens:
            # Never purged yet, or a token was evicted: no page is valid against a missing
            # token (an old one would become valid again). Make them, and store against them.
            tokens = add_tokens(path_key, site_key)
        elif entry is not None and entry[0] == tokens:
            return self.hit(entry)
        request.page_cache_tokens = None if None in tokens else tokens  # see page_tokens
        response = self.get_response(request)
        if None in tokens or not self.storable(request, response):
            return self.bypass(response)
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_CDN_SECONDS
        )
        headers = [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS]
        try:
            self.cache.set(key, (tokens, response.content, headers))
        except Exception:
            logger.exception("The page cache does not answer")
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def cache_key(request):
        """The page's key, or None when this request is never answered from the cache."""
        if (
            request.method != "GET"
            or request.META.get("QUERY_STRING")
            or request.path_info.startswith(settings.WAGTAIL_ADMIN_PATH)
            or any(name in request.COOKIES for name in PERSONAL_COOKIES)
        ):
            return None
        try:
            host = request_host(request)
        except DisallowedHost:
            return None  # Django answers it with a 400 further in
        return _key("page", f"{release_id()}|{request.scheme}://{host}{request.path_info}")

    @staticmethod
    def storable(request, response):
        """A Wagtail page's plain 200 answer with nothing in it that belongs to this visitor."""
        cache_control = response.get("Cache-Control", "")
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return (
            getattr(request, "page_cache_page", False)
            and not getattr(request, "is_preview", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            # The page used the CSRF token (a form): it holds this visitor's token.
            and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
            and not any(word in cache_control for word in NEVER_STORED)
            and vary <= {"cookie"}
        )

    @staticmethod
    def hit(entry):
        _, content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        return response

    @staticmethod
    def bypass(response):
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        response["X-Cache"] = "bypass"
        return response


# --- Purging ------------------------------------------------------------------------------


def _set_new_tokens(keys):
    token = uuid.uuid4().hex
    # Tokens never expire: a stored page must not outlive the purge that made it stale.
    caches[CACHE_ALIAS].set_many(dict.fromkeys(keys, token), timeout=None)


def _purge_keys(keys, cdn_paths):
    """New tokens now, and again once the transaction commits: a page rendered in between
    from the data before the commit is then stale too."""
    _set_new_tokens(keys)
    connection_in_atomic = transaction.get_connection().in_atomic_block
    if connection_in_atomic:
        transaction.on_commit(lambda: _set_new_tokens(keys))
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: _tell_cdn(cdn_paths()))


def _tell_cdn(paths):
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(
        [site.root_url + path for site in Site.objects.all() for path in sorted(paths)]
    )


def site_paths(url_paths):
    """The addresses (paths from the site's root) of pages with these tree paths
    (``Page.url_path``, e.g. "/home/guides/acne/" → "/guides/acne/"), on every site."""
    url_paths, paths = list(url_paths), set()
    for root in Site.get_site_root_paths():
        paths.update(
            url_path[len(root.root_path) - 1 :]
            for url_path in url_paths
            if url_path.startswith(root.root_path)
        )
    return paths


def purge_url_paths(url_paths):
    """Purge the pages with these tree paths (``Page.url_path``) from the page cache."""
    paths = site_paths(url_paths)
    if paths:
        _purge_keys([_token_keys(path)[0] for path in paths], lambda: paths)


def purge_everything(also_url_paths=()):
    """Purge every page (a change that shows on many pages: settings, people, menus…).
    ``also_url_paths`` are addresses that no longer exist, for a CDN (a moved page's)."""

    def all_paths():
        live = Page.objects.live().values_list("url_path", flat=True)
        return site_paths([*live, *also_url_paths])

    _purge_keys([_token_keys(EVERYTHING)[1]], all_paths)


def purge_page(page):
    """Purge what shows ``page`` as it is in the database now: the pages it names in
    ``url_paths_showing_it()``, or every page for a page type that doesn't say."""
    specific = page.specific_deferred if type(page) is Page else page
    showing = getattr(specific, "url_paths_showing_it", None)
    if showing is None:
        # A CDN is told addresses: this page's and those under it, read now (before an
        # unpublish, a move or a delete takes them out of the live pages).
        gone = []
        if getattr(settings, "WAGTAILFRONTENDCACHE", None) and page.pk:
            gone = list(
                Page.objects.descendant_of(page, inclusive=True).values_list("url_path", flat=True)
            )
        purge_everything(also_url_paths=gone)
    else:
        purge_url_paths(showing())


# --- What purges: changes to pages --------------------------------------------------------


@receiver(pre_save)
def purge_before_a_page_changes(sender, instance, update_fields=None, **kwargs):
    """A whole-page save (publishing, unpublishing, a move) may change its address and what
    it is about: purge what showed it before, while the database still says so. Drafts
    (saved with ``update_fields``) change nothing readers see."""
    if isinstance(instance, Page) and instance.pk and update_fields is None:
        before = Page.objects.filter(pk=instance.pk).first()
        if before is not None:
            purge_page(before.specific_deferred)


@receiver(post_save)
def purge_after_a_page_is_saved(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, Page) and update_fields is None:
        purge_page(instance)


@receiver(page_published)
@receiver(page_unpublished)
def purge_after_publishing(sender, instance, **kwargs):
    """After the save, with the page's topics and other relations stored too."""
    purge_page(instance)


@receiver(pre_page_move)
def purge_before_a_move(sender, instance, url_path_before, **kwargs):
    purge_page(instance)


@receiver(post_page_move)
def purge_after_a_move(sender, instance, url_path_before, url_path_after, **kwargs):
    if getattr(instance.specific_deferred, "url_paths_showing_it", None) is None:
        purge_everything(also_url_paths=[url_path_before])
    else:
        purge_page(instance)


@receiver(pre_delete)
def purge_a_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_page(instance)


# --- What purges: changes shown on every page, or that decide who may see a page -------------


def purge_everything_on_change(sender, **kwargs):
    """Which site a page belongs to, or who may see it, changed."""
    purge_everything()


def purge_everything_unless_new(sender, created=False, **kwargs):
    """A new image, document or topic is shown nowhere until a page uses it (and that page's
    publish purges); new site settings are made with their defaults by the first page that
    reads them. A changed or deleted one may show on any page."""
    if not created:
        purge_everything()


for model, handler in [
    (Site, purge_everything_on_change),
    (PageViewRestriction, purge_everything_on_change),
    (SiteSettings, purge_everything_unless_new),
    (get_image_model(), purge_everything_unless_new),
    (get_document_model(), purge_everything_unless_new),
    (Tag, purge_everything_unless_new),
]:
    post_save.connect(handler, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
    post_delete.connect(handler, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
