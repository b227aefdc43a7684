"""Template tags that show guides on pages of other apps (the home page)."""

from django import template

from ..models import GuideIndexPage, GuidePage

register = template.Library()


@register.inclusion_tag("guides/includes/latest_guides.html")
def latest_guides(page, heading, count=6):
    """The newest live guides on the site, with a link to the first guide index under ``page``."""
    return {
        "heading": heading,
        "guides": GuidePage.objects.live().public().newest_first()[:count],
        "guide_index": GuideIndexPage.objects.child_of(page).live().first(),
    }
