"""What a reader's search finds: live, public guides, weighted by where the words are.

The weights are the guides' ``search_fields`` (title, then intro, then benefit headings, then
the rest of the body; ``home.models.SEARCH_BOOSTS``). On PostgreSQL the database search backend
ranks with them; SQLite's fallback, for development only, ranks more roughly.
"""

import hashlib
import html
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import NotSupportedError
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from modelsearch.query import Fuzzy

from guides.models import GuidePage
from home import site_snapshot
from home.page_cache import release_id
from home.pagination import nearest_page

from .highlight import highlight, search_terms, snippet
from .ranking import ranked_guides

MAX_QUERY_LENGTH = 200
SIMILAR_LIMIT = 5
NEWEST_LIMIT = 3
SUGGESTION_LIMIT = 6
RESULTS_CACHE_SECONDS = 600
TEXTS_CACHE_SECONDS = 3600

logger = logging.getLogger(__name__)


class GuideSearch:
    """One reader's search: ``query`` (cut to ``MAX_QUERY_LENGTH``) within ``topic`` (a slug)."""

    def __init__(self, query, topic=""):
        self.query = " ".join(query.split())[:MAX_QUERY_LENGTH]
        self.topic_slug = topic
        self.terms = search_terms(self.query)
        # Only the words go to the search backend: punctuation means nothing to PostgreSQL's
        # plain-text queries and is a syntax error to SQLite's FTS5.
        self.words = " ".join(re.findall(r"\w+", self.query))

    @cached_property
    def guides(self):
        """The guides a reader may find: live, public, in the chosen topic."""
        guides = GuidePage.objects.live().public()
        if self.topic_slug:
            guides = guides.filter(topics__slug=self.topic_slug)
        return guides

    @cached_property
    def topics(self):
        """Every topic of a live, public guide, for the filter."""
        return GuidePage.live_topics()

    @cached_property
    def topic(self):
        return next((t for t in self.topics if t.slug == self.topic_slug), None)

    @cached_property
    def promotions(self):
        """What editors promoted for this query (Settings → Promoted search results), in
        their order: guides the search could find, or outside links. Read only: a query
        nobody promoted is not written down here (see ``search.hits``)."""
        query_string = normalise_query_string(self.query)
        if not query_string:
            return []
        promotions = list(
            SearchPromotion.objects.filter(query__query_string=query_string).order_by("sort_order")
        )
        # Only what the search itself could find (live, public guides in the chosen topic),
        # and outside links when no topic narrows the search.
        pages = self.guides.in_bulk([p.page_id for p in promotions if p.page_id])
        shown = []
        for promotion in promotions:
            if promotion.page_id:
                promotion.live_page = pages.get(promotion.page_id)
                if promotion.live_page:
                    shown.append(promotion)
            elif promotion.external_link_url and not self.topic_slug:
                shown.append(promotion)
        return shown

    def results(self, page_number):
        """A page of matching guides, best first, without those already promoted.

        Which guides (their ids) and how many are kept in the cache until the site changes
        (``home.site_snapshot``: any page, restriction or setting saved); what they show is
        read afresh. A common word matches most guides, and ranking them all is the cost of
        a search (about 25 ms at 5,000 guides); a search already made costs one query."""
        promoted = [p.page_id for p in self.promotions if p.page_id]
        key = self._key(
            "search-results", repr((self.words, self.topic_slug, str(page_number), promoted))
        )
        found = self._cache("get", key)
        if found:
            ids, count, number = found
            paginator = Paginator(ids, settings.SEARCH_RESULTS_PER_PAGE)
            paginator.count = count  # known: no COUNT query
            guides = self.guides.in_bulk(ids)
            page = Page([guides[i] for i in ids if i in guides], number, paginator)
        else:
            matches = self.guides.exclude(pk__in=promoted)
            matches = ranked_guides(matches, self.words) if self.words else matches.none()
            page = nearest_page(matches, settings.SEARCH_RESULTS_PER_PAGE, page_number)
            found = ([guide.pk for guide in page], page.paginator.count, page.number)
            self._cache("set", key, found, RESULTS_CACHE_SECONDS)
        texts = self.texts_of(page)
        for guide in page:
            guide.marked_title = highlight(guide.title, self.terms)
            guide.marked_snippet = snippet(texts[guide.pk], self.terms)
        return page

    def texts_of(self, guides):
        """The words each guide's snippet is cut from (intro, then body), by id: kept in the
        cache until the site changes, as reading them out of a guide's blocks costs about
        1 ms a guide."""
        keys = {guide.pk: self._key("search-text", guide.pk) for guide in guides}
        found = self._cache("get_many", [key for key in keys.values() if key]) or {}
        texts = {pk: found.get(key) for pk, key in keys.items()}
        made = {guide.pk: self.text_of(guide) for guide in guides if texts[guide.pk] is None}
        kept = {keys[pk]: text for pk, text in made.items() if keys[pk]}
        if kept:
            self._cache("set_many", kept, TEXTS_CACHE_SECONDS)
        return {**texts, **made}

    def _key(self, kind, what):
        """The cache key of ``what`` of kind ``kind`` for the site as it is (its snapshot's
        version: a new one each time the site changes) and this release (which may read
        snippets or rank differently); None outside a public request's snapshot (then
        nothing is kept)."""
        snapshot = site_snapshot.current()
        if snapshot is None:
            return None
        digest = hashlib.sha256(str(what).encode()).hexdigest()
        return f"{kind}:{snapshot.version}:{release_id()}:{digest}"

    @staticmethod
    def _cache(method, key, *args):
        """``cache.<method>(key, *args)``, or None when there is no key or the cache does not
        answer (a search goes on without what it would have kept)."""
        if not key:
            return None
        try:
            return getattr(cache, method)(key, *args)
        except Exception:
            logger.exception("The cache did not answer: search results made afresh")
            return None

    @staticmethod
    def text_of(guide):
        """The words a result's snippet is cut from: intro, then body."""
        body = guide.body.stream_block.get_searchable_content(guide.body)
        return " ".join([html.unescape(strip_tags(guide.intro)), *map(str, body)])

    def similar(self):
        """Guides with words spelled like the query's, for when nothing matched: PostgreSQL's
        trigram similarity, when the database has it; none otherwise. Only words of four
        letters or more are compared: "a" or "1" is similar to everything."""
        words = " ".join(word for word in self.words.split() if len(word) >= 4)
        if not words:
            return []
        try:
            return list(self.guides.search(Fuzzy(words))[:SIMILAR_LIMIT])
        except (NotSupportedError, NotImplementedError):
            return []

    def newest(self):
        return list(GuidePage.objects.live().public().newest_first()[:NEWEST_LIMIT])


def title_suggestions(prefix):
    """Titles of live, public guides with words starting as ``prefix`` does: search-as-you-type."""
    prefix = " ".join(re.findall(r"\w+", prefix[:MAX_QUERY_LENGTH]))
    if len(prefix) < 2:
        return []
    guides = GuidePage.objects.live().public().autocomplete(prefix)[:SUGGESTION_LIMIT]
    return [guide.title for guide in guides]
