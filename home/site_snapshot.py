"""What every public page reads about its site, kept in each app process until it changes.

Every page needs its ``Site``, the home page, the site settings and the main navigation (the
guides app adds its own parts, such as the main reply form): the same rows on every request.
``SiteSnapshotMiddleware`` gives each public request a snapshot of them (``current()``),
each part built by the first request that needs it. A version in the default cache (Redis in
production, shared by every app server) says when the site changed: ``site_changed()`` sets a
new one, and every process drops its snapshots at its next request.

The site changes when a page, a view restriction, a site, a site setting, a topic (tag) or an
image is saved or deleted, or a page is moved (the receivers below), or a model another app
adds with ``watch`` (the guides app: the people pages name). That is more often than strictly
needed (saving a draft counts), and always enough. The version also keys the fragments of pages
that ``{% sitefragment %}`` keeps (home/templatetags/site_tags.py).

Parts are shared by the requests of one process: treat them as read-only.
"""

import contextvars
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from taggit.models import Tag

from .network import request_host

logger = logging.getLogger(__name__)

VERSION_KEY = "site-snapshot-version"

_watched = [Page, PageViewRestriction, Site, BaseSiteSetting, Tag]
_snapshots = {}  # (host, port) → SiteSnapshot or None, for the version in _seen
_seen = {"version": None}
_current = contextvars.ContextVar("site_snapshot", default=None)


class SiteSnapshot:
    """The parts of one site that pages read, each built once (``part``)."""

    def __init__(self, site, version):
        self.site = site
        self.version = version  # of the site's content, as the cache had it
        # Routing starts at site.root_page.localized.specific: this very home page.
        site.root_page = site.root_page.specific
        self.home = site.root_page
        self._parts = {}

    def part(self, name, build):
        """The part called ``name``, made by ``build(site)`` the first time it is asked for."""
        if name not in self._parts:
            self._parts[name] = build(self.site)
        return self._parts[name]


def current():
    """The snapshot of the site the current request is for; None outside public requests
    (the admin and its previews, management commands), which read everything afresh."""
    return _current.get()


def cached_part(name, build):
    """``build(site)`` kept in the current snapshot; outside one, ``build(None)`` afresh."""
    snapshot = current()
    return snapshot.part(name, build) if snapshot is not None else build(None)


def linked_pages(ids):
    """The pages with these ids (as strings) by id, for links in rich text: those not in the
    snapshot yet in one query (base pages: their titles and addresses)."""
    known = current().part("linked_pages", lambda site: {}) if current() else {}
    missing = [page_id for page_id in ids if page_id not in known]
    if missing:
        found = {str(page.pk): page for page in Page.objects.filter(pk__in=missing)}
        known.update({page_id: found.get(page_id) for page_id in missing})
    return {page_id: known[page_id] for page_id in ids}


def watch(*models):
    """Saving or deleting one of ``models`` changes the site (for an app's own models that
    pages show)."""
    _watched.extend(models)


def site_changed():
    """Every app server forgets its snapshots. Again once the transaction commits: until
    then, another request could snapshot the rows as they were."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    # If the cache can't be told, the change fails with it (as the page cache's purge does):
    # other servers would otherwise go on showing what it changed.
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _current_version():
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.exception("No site snapshot: the cache is not answering")
        return None
    return version


def _snapshot_for(request):
    version = _current_version()
    if version is None:
        # Changes made while the cache was away may not have reached it: start afresh.
        _snapshots.clear()
        _seen["version"] = None
        return None
    if version != _seen["version"]:
        _snapshots.clear()
        _seen["version"] = version
    key = (request_host(request), request.get_port())
    if key not in _snapshots:
        site = Site.find_for_request(request)
        _snapshots[key] = SiteSnapshot(site, version) if site else None
    return _snapshots[key]


class SiteSnapshotMiddleware:
    """Gives each public request its site's snapshot; Wagtail's site lookup uses it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        snapshot = None
        if not request.path.startswith(settings.WAGTAIL_ADMIN_PATH):
            snapshot = _snapshot_for(request)
        if snapshot is not None:
            request._wagtail_site = snapshot.site
        token = _current.set(snapshot)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


@receiver(post_save)
@receiver(post_delete)
def _saved_or_deleted(sender, instance, **kwargs):
    if isinstance(instance, (*_watched, get_image_model())):
        site_changed()


@receiver(post_page_move)
def _moved(**kwargs):
    site_changed()
