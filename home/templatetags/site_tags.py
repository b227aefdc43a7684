"""Template tags for the site's frame: its navigation."""

from django import template

from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """The site's main navigation: the home page and its live children marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    items = list(root.get_children().live().in_menu()) if root else []
    current = context.get("page")
    return {
        "root": root,
        "items": items,
        "current_path": current.url_path if current else (request.path if request else ""),
    }
