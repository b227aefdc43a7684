"""The site's home page."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from core.models import BasePage
from guides.models import GuideIndexPage, GuidePage


class HomePage(BasePage):
    """The site root: a welcome, the latest guides and a way into all of them."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A few sentences welcoming visitors and saying what the site offers.",
    )
    latest_guides_heading = models.CharField(
        max_length=80,
        default="Latest guides",
        help_text="The heading above the list of the newest guides.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("latest_guides_heading"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["guides.GuideIndexPage", "replies.ReplyFormPage"]
    max_count = 1
    description_source = "intro"

    LATEST_GUIDES = 6

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_guides"] = (
            GuidePage.objects.live().public().newest_first()[: self.LATEST_GUIDES]
        )
        context["guide_index"] = GuideIndexPage.objects.child_of(self).live().first()
        return context
