"""Template tags for the site's frame: its navigation, its share card and the fragments of
pages kept in the cache (``sitefragment``)."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Site

from home import fragments, site_snapshot
from home.models import SiteSettings

register = template.Library()


def menu_items(site):
    """The home page's live children marked "show in menus", in tree order."""
    return list(site.root_page.get_children().live().in_menu())


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """The site's main navigation: the home page and its live children marked "show in menus"."""
    request = context.get("request")
    snapshot = site_snapshot.current()
    if snapshot is not None:
        root, items = snapshot.home, snapshot.part("home.nav", menu_items)
    else:
        site = Site.find_for_request(request) if request else None
        root = site.root_page if site else None
        items = menu_items(site) if site else []
    current = context.get("page")
    return {
        "root": root,
        "items": items,
        "current_path": current.url_path if current else (request.path if request else ""),
    }


@register.simple_tag(takes_context=True)
def share_image_url(context, page=None):
    """The absolute address of the picture shown when ``page`` is shared: the page's own
    (``page.share_image``, e.g. a guide's hero image), else the site's default (Settings →
    Site settings), as a 1200×630 rendition; "" when there is neither."""
    request = context.get("request")
    image = getattr(page, "share_image", None)
    if image is None and request is not None:
        image = SiteSettings.for_request(request).default_share_image
    if image is None:
        return ""
    url = image.get_rendition("fill-1200x630|format-jpeg").url
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD script element. <, > and & are escaped inside the JSON, so no text
    in it (a title with "</script>") can end the element."""
    text = json.dumps(data, ensure_ascii=False).translate(
        {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


class SiteFragmentNode(template.Node):
    """See ``sitefragment``."""

    def __init__(self, nodelist, name, vary_on, with_page_purges):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on
        self.with_page_purges = with_page_purges

    def render(self, context):
        return fragments.cached(
            context.get("request"),
            self.name,
            [value.resolve(context) for value in self.vary_on],
            lambda: self.nodelist.render(context),
            self.with_page_purges,
        )


@register.tag
def sitefragment(parser, token):
    """``{% sitefragment "name" value … %}…{% endsitefragment %}``: the HTML between, kept in
    the default cache until the site changes, for the values given (e.g. ``page.pk``): only
    for what shows nothing of the visitor's (``home.fragments``). Unlike Wagtail's
    ``{% wagtailpagecache %}``, keyed on the page alone, it sees changes to what a page shows
    of others (links, reviewers, settings). Ending with ``with_page_purges``, it is also
    renewed whenever the page cache purges the page (approved replies)."""
    bits = token.split_contents()
    with_page_purges = bits[-1] == "with_page_purges"
    if with_page_purges:
        bits.pop()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("sitefragment needs a name")
    nodelist = parser.parse(("endsitefragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return SiteFragmentNode(nodelist, name, vary_on, with_page_purges)
