"""Guides: an index of guides and the guide itself, a body of ordered, numbered benefits."""

import math
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.timezone import now

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminTagWidget
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from home import fragments, site_snapshot
from home.models import (
    INTRO_FEATURES,
    SEARCH_BOOSTS,
    BasePage,
    IntroMixin,
    SitePageQuerySet,
    SiteSettings,
)
from home.pagination import nearest_page

from ..blocks import GuideBodyBlock, new_guide_body
from .replies import ReplyFormPage, TakesReplies
from .review import MedicalReviewPermissions, MedicalReviewSectionPermissions


def reply_data(reply, page_url):
    """A shown reply as a schema.org ``Comment``, with the team's answer nested in it."""
    comment = {
        "@type": "Comment",
        "url": f"{page_url}#reply-{reply.pk}",
        "text": reply.comment,
        "dateCreated": reply.submit_time.isoformat(),
        "author": {"@type": "Person", "name": reply.author_name},
    }
    if reply.answer:
        person = reply.answered_by
        author = {"@type": "Organization", "name": "The team"}
        if person:
            author = {"@type": "Person", "name": person.name}
            if person.credentials:
                author["honorificSuffix"] = person.credentials
        comment["comment"] = [
            {
                "@type": "Comment",
                "url": f"{page_url}#answer-{reply.pk}",
                "text": reply.answer,
                "dateCreated": reply.answered_at.isoformat(),
                "author": author,
            }
        ]
    return comment


def reading_minutes(intro, body):
    """Minutes to read ``intro`` and ``body`` at GUIDES_WORDS_PER_MINUTE, at least 1."""
    words = len(strip_tags(intro).split())
    for text in body.stream_block.get_searchable_content(body):
        words += len(str(text).split())
    return max(1, math.ceil(words / settings.GUIDES_WORDS_PER_MINUTE))


def live_reply_form(pk=None):
    """The live, public reply form page ``pk`` (None: the first in the page tree) with its
    fields, or None."""
    pages = ReplyFormPage.objects.live().public().prefetch_related("form_fields")
    if pk:
        return pages.filter(pk=pk).first()
    return pages.order_by("path").first()


class GuideIndexPage(IntroMixin, BasePage):
    """Lists its guides, newest first, ``GUIDES_PER_PAGE`` a page, optionally by topic."""

    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="A short introduction shown above the list of guides.",
    )

    content_panels = [*BasePage.content_panels, *IntroMixin.intro_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.intro_search_fields]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage"]

    def permissions_for_user(self, user):
        return MedicalReviewSectionPermissions(user, self)

    def listing(self):
        """What this index lists, kept in the site's snapshot until the site changes: the
        topics of its guides, how many guides there are, and how many by topic slug."""

        def build(site):
            guides = GuidePage.objects.child_of(self).live().public()
            by_topic = (
                GuidePageTopic.objects.filter(content_object__in=guides.values("pk"))
                .values_list("tag__slug")
                .annotate(guides=Count("content_object", distinct=True))
            )
            return list(guides.topics()), guides.count(), dict(by_topic)

        return site_snapshot.cached_part(f"guides.index.{self.pk}", build)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics, count, count_by_topic = self.listing()
        guides = GuidePage.objects.child_of(self).live().public()
        topic_slug = request.GET.get("topic", "")
        # Only a topic of these guides can list any: the others need no query.
        topic = next((t for t in topics if t.slug == topic_slug), None) if topic_slug else None
        if topic:
            guides, count = guides.filter(topics=topic), count_by_topic.get(topic.slug, 0)
        elif topic_slug:
            guides, count = guides.none(), 0
        guides = guides.newest_first().with_card_images()
        context["guides"] = nearest_page(
            guides, settings.GUIDES_PER_PAGE, request.GET.get("page"), count=count
        )
        context["topic"] = topic
        context["topic_slug"] = topic_slug
        context["topics"] = topics
        # The cards of a page of all guides or of one topic are kept (home/fragments.py);
        # an unknown topic lists none, and is not kept for every slug a visitor invents.
        context["listed"] = topic.slug if topic else (None if topic_slug else "")
        return context


class GuidePageTopic(TaggedItemBase):
    """Links a guide to one of its topics (tags)."""

    content_object = ParentalKey(
        "guides.GuidePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TopicsWidget(AdminTagWidget):
    """Wagtail's tag field, with help that speaks of topics instead of tag syntax."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["help_text"] = (
            "Type a topic and press Enter, or pick one of the topics offered as you type. "
            "A topic can be several words."
        )
        return context


class GuidePageQuerySet(SitePageQuerySet):
    def newest_first(self):
        return self.order_by("-published_date", "-first_published_at", "-pk")

    def with_card_images(self):
        """With each hero image (in the guides' query) and its renditions (one more query),
        whatever the number of guides, and without the bodies: what a list of guide cards
        needs (they show ``reading_minutes``)."""
        return (
            self.defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
        )

    def topics(self):
        """The topics these guides are about, by name: what a topic filter offers. Each topic
        is asked whether one of these guides has it, instead of gathering every guide's
        topics and removing the repeats (at 5,000 guides: 2 ms instead of 7)."""
        tagged = GuidePageTopic.objects.filter(
            tag=OuterRef("pk"), content_object__in=self.values("pk")
        )
        return Tag.objects.filter(Exists(tagged)).order_by("name")


class GuidePage(TakesReplies, IntroMixin, BasePage):
    """A guide: an intro, then a body of benefits and other blocks, reviewed for accuracy.

    Readers reply under it through the site's main reply form, or the one the guide chooses.
    """

    intro = RichTextField(
        features=INTRO_FEATURES,
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
        "topics",
        through=GuidePageTopic,
        blank=True,
        help_text="Subjects this guide is about, e.g. “microneedling”. Readers can list the "
        "guides on a topic, and guides sharing a topic are shown as related.",
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
    reviewer = models.ForeignKey(
        "guides.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_guides",
        help_text="The medical reviewer, from Snippets → People: the review badge shows their "
        "name and credentials and links to their profile. Without one, the name typed in "
        "“Reviewed by” is shown.",
    )
    reviewed_by = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who checked it, e.g. “Dr Jane Smith, dermatologist”.",
    )
    chosen_reply_form = models.ForeignKey(
        "guides.ReplyFormPage",
        verbose_name="reply form",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reply form shown under this guide. Leave empty to use the site's main "
        "reply form. If the chosen form is unpublished, the guide takes no replies.",
    )
    reading_minutes = models.PositiveSmallIntegerField(
        default=1,
        editable=False,
        help_text="The reading time guide cards show, counted when the guide is saved.",
    )
    wordpress_id = models.PositiveBigIntegerField(
        "WordPress post id",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The post this guide was imported from (import_wordpress matches re-runs by it).",
    )
    body = StreamField(
        GuideBodyBlock(),
        default=new_guide_body,
        help_text="Add benefits and other blocks, and drag them into order. Benefits are "
        "numbered automatically in the order they appear.",
    )

    objects = PageManager.from_queryset(GuidePageQuerySet)()
    select_related_when_served = ("reviewer", "hero_image")

    class Meta:
        # Lists of guides are newest first (GuidePageQuerySet.newest_first): a page of them
        # reads a dozen rows of this index instead of sorting every guide.
        indexes = [models.Index(fields=["-published_date"], name="guide_newest_first")]

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
                FieldPanel("reviewer"),
                FieldPanel("topics", widget=TopicsWidget),
            ],
            heading="About this guide",
        ),
        FieldPanel("chosen_reply_form"),
    ]
    search_fields = [
        *BasePage.search_fields,
        *IntroMixin.intro_search_fields,
        index.SearchField("benefit_headings", boost=SEARCH_BOOSTS["heading"]),
        index.SearchField("body"),
        index.FilterField("published_date"),
        index.RelatedFields("topics", [index.FilterField("slug")]),
    ]

    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["wordpress_id"]  # a copy is not the imported post

    @classmethod
    def live_topics(cls):
        """Every topic of a live, public guide (the home page's and the search's topic lists),
        kept in the site's snapshot until the site changes."""
        return site_snapshot.cached_part(
            "guides.live_topics", lambda site: list(cls.objects.live().public().topics())
        )

    def permissions_for_user(self, user):
        return MedicalReviewPermissions(user, self)

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": "Describe the hero image for people who can't see it."}
            )

    @cached_property
    def benefits(self):
        """The table of contents: every benefit with its number and anchor, as the body
        numbers them."""
        return self.body.stream_block.benefits(self.body)

    def benefit_headings(self):
        """The benefits' headings, for search to weigh above the rest of the body."""
        return " ".join(benefit.heading for benefit in self.benefits)

    @cached_property
    def reading_time(self):
        """Minutes to read the intro and body at GUIDES_WORDS_PER_MINUTE, at least 1."""
        return reading_minutes(self.intro, self.body)

    def save(self, *args, **kwargs):
        # Kept for guide cards, which then need neither the body nor the time to read it.
        # Counted on a copy of the body: reading this one would give its list items new ids.
        body = StreamValue(self.body.stream_block, list(self.body.raw_data), is_lazy=True)
        self.reading_minutes = reading_minutes(self.intro, body)
        super().save(*args, **kwargs)

    def related_guides(self, topics, limit=3):
        """Up to ``limit`` live guides sharing the most of ``topics`` with this one."""
        topic_ids = [topic.pk for topic in topics]
        if not topic_ids:
            return []
        return list(
            GuidePage.objects.live()
            .public()
            .with_card_images()
            .filter(topics__in=topic_ids)
            .exclude(pk=self.pk)
            .annotate(shared_topics=Count("pk"))
            .order_by("-shared_topics", "-published_date", "-pk")[:limit]
        )

    @cached_property
    def breadcrumbs(self):
        """The pages above this guide, from the home page down (the site's root first)."""
        # Titles and addresses are on every page's base row: no query for the specific types.
        if self.route_ancestors is not None:
            return self.route_ancestors
        return list(self.get_ancestors().filter(depth__gt=1))

    def structured_data(self, request):
        """schema.org data for search engines: a ``MedicalWebPage`` (an ``Article`` when no
        reviewer is named) with the benefits as an ordered list in page order and its sources
        as citations, its approved replies as ``Comment``s (a staff answer nested in its
        reply), the breadcrumbs, and an ``FAQPage`` when the body has questions.
        Printed by base.html as JSON-LD; kept as a fragment (``home.fragments``) until the
        site changes or the page is purged (a reply approved)."""
        return fragments.cached(
            request,
            "guide-structured-data",
            [self.pk],
            lambda: self.build_structured_data(request),
            with_page_purges=True,
        )

    def build_structured_data(self, request):
        url = self.get_full_url(request)
        site = SiteSettings.for_request(request)
        publisher = {"@type": "Organization", "name": site.organisation_name or site.site_name}
        if site.organisation_logo:
            logo = site.organisation_logo.get_rendition("max-600x60|format-png").url
            publisher["logo"] = {"@type": "ImageObject", "url": request.build_absolute_uri(logo)}
        if site.social_profile_urls:
            publisher["sameAs"] = site.social_profile_urls
        page = {
            "@type": "MedicalWebPage" if self.reviewer_id or self.reviewed_by else "Article",
            "@id": url,
            "url": url,
            "headline": self.seo_title or self.title,
            "description": self.meta_description,
            "author": {"@type": "Person", "name": self.author_name},
            "datePublished": self.published_date.isoformat(),
            "dateModified": (self.last_published_at or self.latest_revision_created_at or now())
            .date()
            .isoformat(),
            "publisher": publisher,
            "mainEntity": {
                "@type": "ItemList",
                "name": "Benefits",
                "itemListOrder": "https://schema.org/ItemListOrderAscending",
                "numberOfItems": len(self.benefits),
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": benefit.number,
                        "name": benefit.heading,
                        "url": f"{url}#{benefit.anchor}",
                    }
                    for benefit in self.benefits
                ],
            },
        }
        if self.reviewer:
            page["reviewedBy"] = {"@type": "Person", "name": self.reviewer.name}
            if self.reviewer.credentials:
                page["reviewedBy"]["honorificSuffix"] = self.reviewer.credentials
            profile = self.reviewer_profile_url
            if profile:
                page["reviewedBy"]["url"] = request.build_absolute_uri(profile)
        elif self.reviewed_by:
            page["reviewedBy"] = {"@type": "Person", "name": self.reviewed_by}
        if self.last_reviewed:
            page["lastReviewed"] = self.last_reviewed.isoformat()
        if self.hero_image:
            hero = self.hero_image.get_rendition("fill-1200x630|format-jpeg").url
            page["image"] = request.build_absolute_uri(hero)
        if self.shown_replies:
            page["commentCount"] = len(self.shown_replies)
            page["comment"] = [reply_data(reply, url) for reply in self.shown_replies]
        crumbs = [*self.breadcrumbs, self]
        breadcrumb_list = {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": crumb.title,
                    "item": crumb.get_full_url(request),
                }
                for position, crumb in enumerate(crumbs, start=1)
            ],
        }
        sources = self.body.stream_block.numbered_sources(self.body)
        if sources:
            page["citation"] = [
                {"@type": "CreativeWork", "name": source["title"], "url": source["url"]}
                if source["url"]
                else {"@type": "CreativeWork", "name": source["title"]}
                for _, source in sources
            ]
        graph = [page, breadcrumb_list]
        questions = self.body.stream_block.questions(self.body)
        if questions:
            graph.append(
                {
                    "@type": "FAQPage",
                    "url": url,
                    "isPartOf": {"@id": url},
                    "mainEntity": [
                        {
                            "@type": "Question",
                            "name": question,
                            "acceptedAnswer": {"@type": "Answer", "text": answer},
                        }
                        for question, answer in questions
                    ],
                }
            )
        return {"@context": "https://schema.org", "@graph": graph}

    @cached_property
    def reviewer_profile_url(self):
        """The chosen reviewer's profile (badge and structured data), looked up once."""
        return self.reviewer.profile_url() if self.reviewer else None

    @property
    def share_image(self):
        """The picture of this guide's share card: its hero image."""
        return self.hero_image

    @property
    def reply_guide(self):
        return self

    def url_paths_showing_it(self):
        """The pages that show this guide, as the database has it now (the page cache purges
        them when it changes): the guide, the pages above it (the index and the home page list
        guides) and every guide sharing a topic with it (it may be among their related guides).
        The people page lists reviewers' guides too: guides/page_cache.py purges it."""
        topics = GuidePageTopic.objects.filter(content_object_id=self.pk).values("tag_id")
        pages = (
            self.get_ancestors(inclusive=True).filter(depth__gt=1),
            GuidePage.objects.filter(tagged_items__tag_id__in=topics),
        )
        return {path for query in pages for path in query.values_list("url_path", flat=True)}

    @cached_property
    def reply_form_page(self):
        """The live reply form taking this guide's replies: the chosen one, else the
        site's main one (the first in the page tree). None when replies are closed.
        Kept in the site snapshot with its fields: every guide shows one of a few forms."""
        chosen = self.chosen_reply_form_id
        return site_snapshot.cached_part(
            f"guides.reply_form:{chosen or 'main'}", lambda site: live_reply_form(chosen)
        )

    def linked_page_ids(self):
        """The ids of the pages the intro and body link to."""
        references = [
            *extract_references_from_rich_text(self.intro),
            *self.body.stream_block.extract_references(self.body),
        ]
        return {str(pk) for model, pk, *_ in references if issubclass(model, Page)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only if the template renders them: not when the fragments showing them are in
        # the cache ({% sitefragment %} in guide_page.html).
        topics = SimpleLazyObject(lambda: list(self.topics.all()))
        context["topics"] = topics
        context["related_guides"] = SimpleLazyObject(lambda: self.related_guides(topics))
        context["structured_data"] = self.structured_data(request)
        return context
