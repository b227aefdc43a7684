"""What every page type of the site shares."""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Page


class BasePage(Page):
    """A page with a meta description for search engines and link previews.

    Editors can set one in the Promote tab; otherwise ``description_source`` (the
    page's intro, for most page types) is used, cut to a search-result length.
    """

    description_source = ""

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        text = self.search_description or strip_tags(
            str(getattr(self, self.description_source, "") or "") if self.description_source else ""
        )
        return Truncator(" ".join(text.split())).chars(160)
