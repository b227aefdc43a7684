"""Admin behaviour every page type shares, and how rich text links to pages."""

from wagtail import hooks
from wagtail.rich_text import pages

from . import site_snapshot
from .page_cache import mark_page


@hooks.register("construct_page_action_menu")
def publish_first(menu_items, request, context):
    """Publish is the main button for those who may publish, instead of hiding under
    *Save draft*. Only *Save draft* gives way: when a page awaits a reviewer's decision,
    Wagtail's *Approve* and *Reject* stay first for the reviewer."""
    if not menu_items or menu_items[0].name != "action-save-draft":
        return
    publish = next((item for item in menu_items if item.name == "action-publish"), None)
    if publish is not None:
        menu_items.remove(publish)
        menu_items.insert(0, publish)


class PageLinkHandler(pages.PageLinkHandler):
    """Links to pages in rich text, found in one query instead of Wagtail's two (a page's
    address is on its base row) and kept in the site snapshot, so that a page with many
    rich texts finds them all at once (see ``site_snapshot.linked_pages``)."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        found = site_snapshot.linked_pages(ids)
        return [found.get(page_id) for page_id in ids]


# After Wagtail's own registration (order 0), which it replaces.
@hooks.register("register_rich_text_features", order=1)
def register_page_links(features):
    features.register_link_type(PageLinkHandler)


@hooks.register("before_serve_page")
def pages_may_be_cached(page, request, serve_args, serve_kwargs):
    """Wagtail serves a page: the page cache may store the answer (home/page_cache.py says
    when it does)."""
    mark_page(request)
