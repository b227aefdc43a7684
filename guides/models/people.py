"""The site's people: the staff and experts who sign answers to readers (and, later, write
and medically review guides).

Editors get a "People" snippet (Snippets → People, with a listing, search and a chooser):
a name, credentials such as "MD, FAAD", an optional photo, a short bio and a slug that
anchors the person's profile. Answers to replies are signed as one of them.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home import site_snapshot
from home.models import BasePage, IntroMixin


class Person(index.Indexed, models.Model):
    """Someone the site names: shown as "Name (credentials)"."""

    name = models.CharField(max_length=255)
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text='Shown after the name, e.g. "MD, FAAD". Leave empty when there are none.',
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(
        "short bio", max_length=600, blank=True, help_text="Two or three sentences."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The person's anchor on the site, e.g. “jane-doe”. Letters, numbers and "
        "hyphens only.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.signature

    @property
    def signature(self):
        """ "Dr Jane Doe (MD, FAAD)", or the name alone without credentials."""
        return f"{self.name} ({self.credentials})" if self.credentials else self.name

    def profile_url(self):
        """The person's profile: their anchor on the site's people page; None without one."""
        page = site_snapshot.cached_part("guides.people_page", live_people_page)
        return f"{page.url}#{self.slug}" if page else None


def live_people_page(site=None):
    """The live, public people page, or None."""
    return PeoplePage.objects.live().public().first()


class PeoplePage(IntroMixin, BasePage):  # noqa: DJ008 (Page gives __str__)
    """Who writes and medically reviews the guides: every person in Snippets → People with
    their photo, credentials and bio, each at an anchor (``#slug``) that review badges link
    to, with the guides they reviewed."""

    content_panels = [*BasePage.content_panels, *IntroMixin.intro_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.intro_search_fields]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .pages import GuidePage  # pages.py knows people.py, not the other way

        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.live().public().order_by("title")
        context["people"] = Person.objects.select_related("photo").prefetch_related(
            models.Prefetch("reviewed_guides", queryset=guides, to_attr="live_reviewed_guides")
        )
        return context
