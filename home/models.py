"""What every page type of the site shares, and the home page.

``BasePage`` gives every page type its meta description; ``IntroMixin`` owns the intro
that most page types open with, and the description search engines fall back to.
This app knows nothing of the content apps: the home page lists guides through a
template tag that the guides app provides (``{% load guide_tags %}``).
"""

import copy
import html

from django.db import models
from django.http import Http404
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from . import restrictions, site_snapshot

INTRO_FEATURES = ["bold", "italic", "link"]
META_DESCRIPTION_LENGTH = 160
# Pages each app process keeps from routing until the site changes (HomePage.route): the most
# read ones, at tens of kilobytes each. The first ones asked for after a change are kept.
ROUTED_PAGES_KEPT = 1000

# How much a word counts in search, by where it is found. PostgreSQL ranks with four weight
# classes (A to D) that the search backend hands out by boost across every indexed model;
# Wagtail's own models use boosts 10 and 2, so ours reuse them and add one. With fields
# left unboosted, that makes exactly four: title A, intro B, headings C, the rest D.
SEARCH_BOOSTS = {"title": 10, "intro": 5, "heading": 2}


class SitePageQuerySet(PageQuerySet):
    """Wagtail's page queries, with ``public()`` reading the view restrictions once a request."""

    def private_q(self):
        return restrictions.private_q()


class BasePage(Page):
    """Base of every page type: the meta description search engines and link previews show.

    Editors can write one in the Promote tab; otherwise ``description_text()`` is used
    (the intro, on pages with ``IntroMixin``), cut to a search-result length.
    """

    objects = PageManager.from_queryset(SitePageQuerySet)()

    # Related rows fetched with the page when the site serves it (see HomePage.route).
    select_related_when_served = ()

    # Page's own fields (Wagtail checks they are all there) and the title again, weighted as
    # SEARCH_BOOSTS says: Page indexes it with boost 2, which would rank it below the intro.
    search_fields = [*Page.search_fields, index.SearchField("title", boost=SEARCH_BOOSTS["title"])]

    class Meta:
        abstract = True

    def description_text(self):
        """The text a meta description falls back to when editors leave it empty."""
        return ""

    @property
    def route_ancestors(self):
        """The pages above this one from the site's root page down, as routing found them
        (base pages: titles and addresses), or None when the page was not routed."""
        return getattr(self, "_route_ancestors", None)

    def get_view_restrictions(self):
        # A routed page knows its ancestors: no query for them, and the restrictions come
        # from the request's one read. Wagtail's own way handles aliases (their source's
        # restrictions apply).
        ancestors = self.route_ancestors
        if ancestors is None or any(page.alias_of_id for page in (self, *ancestors)):
            return super().get_view_restrictions()
        return restrictions.restrictions_on(self.path)

    @property
    def meta_description(self):
        """Plain text (templates escape it once): tags stripped and entities such as &amp;
        decoded, cut to a search-result length."""
        text = html.unescape(strip_tags(self.search_description or self.description_text()))
        text = " ".join(text.split())
        if len(text) <= META_DESCRIPTION_LENGTH:
            return text
        # Cut at the last whole word that fits, never mid-word.
        cut = text[: META_DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
        return f"{cut}…"


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
    intro_search_fields = [index.SearchField("intro", boost=SEARCH_BOOSTS["intro"])]

    class Meta:
        abstract = True

    def description_text(self):
        return self.intro


class HomePage(IntroMixin, BasePage):  # noqa: DJ008 (Page gives __str__)
    """The site root: a welcome with the newest guide, then the latest guides, the topics
    and a way into all of them.

    A data migration makes one, so a new site answers at / before any content exists.
    Page types say themselves whether they may live under the home page
    (``parent_page_types``): this page lists no subpage types of its own.
    """

    hero_heading = models.CharField(
        max_length=120,
        default="Clear, trustworthy guides to caring for your skin",
        help_text="The large heading at the top of the home page: what the site offers "
        "(the site's name is already in the header).",
    )
    latest_guides_heading = models.CharField(
        max_length=80,
        default="Latest guides",
        help_text="The heading above the list of the newest guides.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("hero_heading"),
        *IntroMixin.intro_panels,
        FieldPanel("latest_guides_heading"),
    ]
    search_fields = [*BasePage.search_fields, *IntroMixin.intro_search_fields]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        """Find the page at ``path_components`` below this one (the site's root page).

        Wagtail's routing takes two queries for each level of the path; this takes one for
        every page on the path, then one for the page itself, and the site snapshot keeps
        the page found (up to ``ROUTED_PAGES_KEPT`` of them) until the site changes: a page
        asked for again costs no query. A page type on the way that routes its own subpages
        (its ``route`` differs from Wagtail's) is handed the rest.
        """
        if not path_components:
            # This page may be the site snapshot's (shared by requests): serve a copy. It is
            # the site's root: no pages above it (its restrictions need no query for them).
            page = copy.copy(self)
            page._route_ancestors = []
            return super(HomePage, page).route(request, path_components)
        snapshot = site_snapshot.current()
        kept = None  # pages are kept for the snapshot's own site only
        if snapshot is not None and snapshot.home.pk == self.pk:
            kept = snapshot.part("home.routed_pages", lambda site: {})
        key = tuple(path_components)
        page = kept.get(key) if kept is not None else None
        if page is None:
            page = self._route_below(request, path_components)
            if not isinstance(page, Page):
                return page  # a page type's own routing: its answer, not kept
            if kept is not None and len(kept) < ROUTED_PAGES_KEPT:
                kept[key] = page
        # A kept page is shared by this process's requests: each is served a copy, which
        # its request may change (Django copies a model's state and related rows with it).
        return copy.copy(page).route(request, [])

    def _route_below(self, request, path_components):
        """The specific page at ``path_components`` (not yet checked for being live), or
        what a page type routing its own subpages answered."""
        last_depth = self.depth + len(path_components)
        found = Page.objects.filter(
            path__startswith=self.path,
            depth__gt=self.depth,
            depth__lte=last_depth,
            slug__in=path_components,
        )
        parent, ancestors = self, [self]
        for level, slug in enumerate(path_components, start=1):
            page = next(
                (
                    p
                    for p in found
                    if p.depth == self.depth + level
                    and p.slug == slug
                    and p.path.startswith(parent.path)
                ),
                None,
            )
            if page is None or page.specific_class is None:
                raise Http404
            model = page.specific_class
            if level < len(path_components) and model.route is not Page.route:
                page._cached_parent_obj = parent
                return page.specific.route(request, path_components[level:])
            parent = page
            ancestors.append(page)
        page = ancestors.pop()
        model = page.specific_class
        specific = model._default_manager.select_related(
            *getattr(model, "select_related_when_served", ())
        ).get(pk=page.pk)
        specific._cached_parent_obj = ancestors[-1]
        specific._route_ancestors = ancestors
        return specific


class InformationPage(IntroMixin, BasePage):  # noqa: DJ008 (Page gives __str__)
    """A page of plain information about the site, such as the editorial policy or "About us":
    a title, an intro and rich text."""

    body = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="The page's text. Use headings to divide it into sections.",
    )

    content_panels = [*BasePage.content_panels, *IntroMixin.intro_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, *IntroMixin.intro_search_fields]
    parent_page_types = ["home.HomePage"]
    subpage_types = []


DEFAULT_DISCLAIMER = (
    "<p>This guide is general information, checked for accuracy by our reviewers. It is not "
    "medical advice: talk to a doctor, dermatologist or other qualified professional before "
    "starting a treatment, and see one promptly if something worries you.</p>"
)


class SnapshotSiteSetting(BaseSiteSetting):
    """A site setting that public pages read from the site snapshot (no query), which any
    save of a setting renews."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        """Wagtail's ``for_request``, from the site snapshot when the request has one: a
        copy for this request, since Wagtail keeps the request on it."""
        snapshot = site_snapshot.current()
        attr_name = cls.get_cache_attr_name()
        if snapshot is None or hasattr(request, attr_name):
            return super().for_request(request)
        instance = copy.copy(snapshot.part(attr_name, cls.for_site))
        instance._request = request
        instance._page_url_cache = {}
        setattr(request, attr_name, instance)
        return instance


@register_setting(icon="site")
class SiteSettings(SnapshotSiteSetting):
    """What editors change about the whole site without a deploy (Settings → Site settings):
    its name and tagline, the footer, the medical disclaimer under every guide, and who
    publishes it (for search engines and share cards)."""

    site_name = models.CharField(
        max_length=80,
        default="Healthy Skin Guides",
        help_text="Shown in the header and after every page title in browser tabs.",
    )
    tagline = models.CharField(
        max_length=160,
        blank=True,
        default="Clear, reviewed guides to skin treatments and everyday skin care",
        help_text="One line under the site's name in the header.",
    )
    footer_text = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        default="<p>Guides on this site are for general information and are reviewed for "
        "accuracy. They are not a substitute for advice from a qualified professional.</p>",
        help_text="Shown at the bottom of every page. Links are allowed.",
    )
    medical_disclaimer = RichTextField(
        features=INTRO_FEATURES,
        default=DEFAULT_DISCLAIMER,
        help_text="Shown in a box at the end of every guide.",
    )
    organisation_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who publishes the site, e.g. “Healthy Skin Guides Ltd”. Used by search engines.",
    )
    editorial_policy = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page saying how guides are written and medically reviewed: each "
        "guide's review badge links to it.",
    )
    organisation_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The publisher's logo, for search engines.",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture shown when a page without its own is shared on social media.",
    )
    social_profiles = models.TextField(
        blank=True,
        help_text="The site's profiles elsewhere, one web address per line "
        "(e.g. https://www.instagram.com/…).",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("tagline")], heading="Name and tagline"
        ),
        FieldPanel("footer_text"),
        FieldPanel("medical_disclaimer"),
        FieldPanel("editorial_policy"),
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_logo"),
                FieldPanel("default_share_image"),
                FieldPanel("social_profiles"),
            ],
            heading="Publisher, for search engines and share cards",
        ),
    ]

    # Read on every page: the pages and images it points to come in the same query.
    select_related = ["editorial_policy", "organisation_logo", "default_share_image"]

    class Meta:
        verbose_name = "site settings"

    @property
    def social_profile_urls(self):
        return [line.strip() for line in self.social_profiles.splitlines() if line.strip()]
