"""What every page type of the site shares, and the home page.

``BasePage`` gives every page type its meta description; ``IntroMixin`` owns the intro
that most page types open with, and the description search engines fall back to.
This app knows nothing of the content apps: the home page lists guides through a
template tag that the guides app provides (``{% load guide_tags %}``).
"""

import html

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

INTRO_FEATURES = ["bold", "italic", "link"]
META_DESCRIPTION_LENGTH = 160


class BasePage(Page):
    """Base of every page type: the meta description search engines and link previews show.

    Editors can write one in the Promote tab; otherwise ``description_text()`` is used
    (the intro, on pages with ``IntroMixin``), cut to a search-result length.
    """

    class Meta:
        abstract = True

    def description_text(self):
        """The text a meta description falls back to when editors leave it empty."""
        return ""

    @property
    def meta_description(self):
        """Plain text (templates escape it once): tags stripped and entities such as &amp;
        decoded, cut to a search-result length."""
        text = html.unescape(strip_tags(self.search_description or self.description_text()))
        return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)


class IntroMixin(models.Model):
    """An intro of a few sentences at the top of the page; the meta description falls back to it.

    Mix it in before ``BasePage``. A page type that needs a required intro or other help
    text redefines the ``intro`` field.
    """

    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="A few sentences at the top of the page saying what it offers.",
    )

    intro_panels = [FieldPanel("intro")]
    intro_search_fields = [index.SearchField("intro")]

    class Meta:
        abstract = True

    def description_text(self):
        return self.intro


class HomePage(IntroMixin, BasePage):  # noqa: DJ008 (Page gives __str__)
    """The site root: a welcome, then the latest guides and a way into all of them.

    A data migration makes one, so a new site answers at / before any content exists.
    Page types say themselves whether they may live under the home page
    (``parent_page_types``): this page lists no subpage types of its own.
    """

    latest_guides_heading = models.CharField(
        max_length=80,
        default="Latest guides",
        help_text="The heading above the list of the newest guides.",
    )

    content_panels = [
        *BasePage.content_panels,
        *IntroMixin.intro_panels,
        FieldPanel("latest_guides_heading"),
    ]
    search_fields = [*BasePage.search_fields, *IntroMixin.intro_search_fields]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
