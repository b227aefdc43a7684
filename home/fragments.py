"""Parts of public pages kept in the default cache until the site changes.

A fragment is what a page shows of the site's content and nothing of the visitor's: a guide's
article, its related guides, its structured data, an empty reply form. Its key holds the site
snapshot's version (``home.site_snapshot``: any page, setting, image, topic or person saved
makes a new one), this release (``home.page_cache.release_id``) and the address the page was
asked for (scheme, host and port: full URLs differ between them), so nothing needs purging: a
change gives every fragment a new key and the old ones expire unused.

A fragment showing what changes without changing the site (a guide's approved replies) is
kept ``with_page_purges``: its key also holds the page cache's tokens for the page's address
(``home.page_cache.page_tokens``), which every purge of that page renews (a reply approved).

Nothing is kept outside a public request (previews, the admin, commands: no snapshot), or when
the cache does not answer (then it is made afresh each time).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from . import site_snapshot
from .network import request_host
from .page_cache import page_tokens, release_id

logger = logging.getLogger(__name__)


def key_for(request, name, vary_on, with_page_purges=False):
    """The cache key of fragment ``name`` for ``vary_on`` on this request; None when the
    fragment must not be kept (no site snapshot, a preview, FRAGMENT_CACHE_SECONDS 0, no
    page cache tokens for a fragment kept ``with_page_purges``)."""
    snapshot = site_snapshot.current()
    if snapshot is None or request is None or getattr(request, "is_preview", False):
        return None
    if not settings.FRAGMENT_CACHE_SECONDS:  # none kept, none read
        return None
    where = f"{request.scheme}://{request_host(request)}:{request.get_port()}"
    vary_on = [snapshot.version, release_id(), where, *vary_on]
    if with_page_purges:
        tokens = page_tokens(request)
        if tokens is None:
            return None
        vary_on.extend(tokens)
    return make_template_fragment_key(name, vary_on)


def cached(request, name, vary_on, build, with_page_purges=False):
    """The fragment ``name`` for ``vary_on`` from the cache, else ``build()``, then kept."""
    try:
        key = key_for(request, name, vary_on, with_page_purges)
        value = cache.get(key) if key else None
    except Exception:
        logger.exception("The cache did not answer: fragment %s made afresh", name)
        return build()
    if key is None:
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
        except Exception:
            logger.exception("The cache did not answer: fragment %s not kept", name)
    return value
