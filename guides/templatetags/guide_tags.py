"""Template tags of the guides: what the home page shows of them, and the links of a guide."""

from django import template

from home import site_snapshot

from ..models import GuideIndexPage, GuidePage

register = template.Library()


@register.simple_tag
def home_guides(page, count=5):
    """What the home page shows of the guides: the newest live guide (``featured``), the
    next ones (``latest``), every topic of a live guide (``topics``) and the first guide index
    under ``page`` (``guide_index``), which the topic links and "See all guides" lead to."""
    guides = GuidePage.objects.live().public()
    newest = list(guides.newest_first().with_card_images()[:count])
    return {
        "featured": newest[0] if newest else None,
        "latest": newest[1:],
        "topics": GuidePage.live_topics(),
        "guide_index": GuideIndexPage.objects.child_of(page).live().first(),
    }


@register.simple_tag
def fetch_linked_pages(page):
    """Finds the pages ``page``'s intro and body link to, in one query for all its rich texts,
    before they render (see ``home.site_snapshot.linked_pages``). Shows nothing."""
    site_snapshot.linked_pages(page.linked_page_ids())
    return ""
