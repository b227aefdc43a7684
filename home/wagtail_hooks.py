"""Admin behaviour every page type shares."""

from wagtail import hooks

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


@hooks.register("before_serve_page")
def pages_may_be_cached(page, request, serve_args, serve_kwargs):
    """Wagtail serves a page: the page cache may store the answer (home/page_cache.py says
    when it does)."""
    mark_page(request)
