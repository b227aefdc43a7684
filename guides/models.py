"""Guides: long-form articles made of ordered, numbered benefit blocks."""

import math
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from core.models import BasePage
from core.pagination import nearest_page
from replies.models import ReplyFormPage
from replies.views import reply_context, serve_reply

from .blocks import GuideBodyBlock

# Ids the guide template uses itself; a benefit's anchor never takes one of them.
RESERVED_ANCHORS = frozenset({"main-content", "guide-contents", "guide-contents-heading"})


class GuideIndexPage(BasePage):
    """Lists its guides, newest first, 12 a page, optionally filtered by topic."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A short introduction shown above the list of guides.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage"]
    description_source = "intro"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.child_of(self).live().public().newest_first()
        topic = None
        topic_slug = request.GET.get("topic", "")
        if topic_slug:
            topic = Tag.objects.filter(slug=topic_slug).first()
            guides = guides.filter(topics=topic) if topic else guides.none()
        context["guides"] = nearest_page(guides, settings.GUIDES_PER_PAGE, request.GET.get("page"))
        context["topic"] = topic
        context["topic_slug"] = topic_slug
        context["topics"] = self.topics()
        return context

    def topics(self):
        """The topics of this index's live guides, for the topic filter."""
        return (
            Tag.objects.filter(
                guides_guidepagetopic_items__content_object__in=GuidePage.objects.child_of(self)
                .live()
                .public()
            )
            .distinct()
            .order_by("name")
        )


class GuidePageTopic(TaggedItemBase):
    """Links a guide to one of its topics (tags)."""

    content_object = ParentalKey(
        "guides.GuidePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GuidePageQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by("-published_date", "-first_published_at", "-pk")


@dataclass(frozen=True)
class Benefit:
    """A benefit block as the reader sees it: its number and anchor follow its position."""

    number: int
    anchor: str
    heading: str


class GuidePage(BasePage):
    """A guide: an intro, then a body of benefits and other blocks, reviewed for accuracy."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        help_text="One or two paragraphs that tell readers what the guide covers.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional large picture at the top of the guide.",
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the picture for people who can't see it. Required when there is a picture.",
    )
    topics = ClusterTaggableManager(
        through=GuidePageTopic,
        blank=True,
        help_text="Subjects this guide is about, e.g. “microneedling”. Guides sharing a topic "
        "are shown as related.",
    )
    author_name = models.CharField(
        max_length=120, help_text="Who wrote the guide, as readers see it."
    )
    published_date = models.DateField(
        "first published",
        default=date.today,
        help_text="The date the guide first appeared. Guides are listed newest first by this date.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When the guide was last checked for medical accuracy.",
    )
    reviewed_by = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who checked it, e.g. “Dr Jane Smith, dermatologist”.",
    )
    reply_page = models.ForeignKey(
        "replies.ReplyFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reply form shown under this guide. Leave empty to use the site's main "
        "reply form. If the chosen form is unpublished, the guide takes no replies.",
    )
    body = StreamField(
        GuideBodyBlock(),
        help_text="Add benefits and other blocks, and drag them into order. Benefits are "
        "numbered automatically in the order they appear.",
    )

    objects = PageManager.from_queryset(GuidePageQuerySet)()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading="Hero image"
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("author_name"),
                FieldPanel("published_date"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("reviewed_by")]),
                FieldPanel("topics"),
            ],
            heading="About this guide",
        ),
        FieldPanel("reply_page"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("published_date"),
    ]

    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []
    description_source = "intro"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": "Describe the hero image for people who can't see it."}
            )

    @cached_property
    def body_items(self):
        """The body in order as (block, Benefit or None) pairs.

        Benefits are numbered by their position among the benefit blocks, and
        each gets an anchor from its heading, unique on the page.
        """
        used = set(RESERVED_ANCHORS)
        items = []
        number = 0
        for block in self.body:
            benefit = None
            if block.block_type == "benefit":
                number += 1
                heading = block.value["heading"]
                base = slugify(heading) or f"benefit-{number}"
                anchor, suffix = base, 2
                while anchor in used:
                    anchor, suffix = f"{base}-{suffix}", suffix + 1
                used.add(anchor)
                benefit = Benefit(number=number, anchor=anchor, heading=heading)
            items.append((block, benefit))
        return items

    @property
    def benefits(self):
        """The table of contents: every benefit with its number and anchor."""
        return [benefit for _, benefit in self.body_items if benefit]

    @cached_property
    def reading_time(self):
        """Minutes to read the intro and body at GUIDES_WORDS_PER_MINUTE, at least 1."""
        words = len(strip_tags(self.intro).split())
        for text in self.body.stream_block.get_searchable_content(self.body):
            words += len(str(text).split())
        return max(1, math.ceil(words / settings.GUIDES_WORDS_PER_MINUTE))

    def related_guides(self, topics, limit=3):
        """Up to ``limit`` live guides sharing the most of ``topics`` with this one."""
        topic_ids = [topic.pk for topic in topics]
        if not topic_ids:
            return []
        return list(
            GuidePage.objects.live()
            .public()
            .filter(topics__in=topic_ids)
            .exclude(pk=self.pk)
            .annotate(shared_topics=Count("pk"))
            .order_by("-shared_topics", "-published_date", "-pk")[:limit]
        )

    @cached_property
    def reply_form_page(self):
        """The live reply form taking this guide's replies: the chosen one, else the
        site's main one (the first in the page tree). None when replies are closed."""
        pages = ReplyFormPage.objects.live().public()
        if self.reply_page_id:
            return pages.filter(pk=self.reply_page_id).first()
        return pages.order_by("path").first()

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            if self.reply_form_page is None:
                return HttpResponseNotAllowed(["GET"])
            return serve_reply(request, self.reply_form_page, target=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        form = kwargs.pop("reply_form", None)
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = list(self.topics.all())
        context["related_guides"] = self.related_guides(context["topics"])
        context.update(reply_context(request, self.reply_form_page, target=self, form=form))
        return context
