"""Template tags that show guides on pages of other apps (the home page)."""

from django import template

from ..models import GuideIndexPage, GuidePage

register = template.Library()


@register.simple_tag
def home_guides(page, count=7):
    """What the home page shows of the guides: the newest live guide (``featured``), the
    next ones (``latest``), every topic of a live guide (``topics``) and the first guide index
    under ``page`` (``guide_index``), which the topic links and "See all guides" lead to."""
    guides = GuidePage.objects.live().public()
    newest = list(guides.newest_first().with_card_images()[:count])
    return {
        "featured": newest[0] if newest else None,
        "latest": newest[1:],
        "topics": list(guides.topics()),
        "guide_index": GuideIndexPage.objects.child_of(page).live().first(),
    }
