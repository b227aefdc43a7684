"""RSS feeds of the newest guides: all of them, and each topic's."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taggit.models import Tag

from .models import GuideIndexPage, GuidePage

FEED_LENGTH = 20


class LatestGuidesFeed(Feed):
    """The newest live guides, newest first, as the guide index lists them."""

    description = "New and updated guides to skin treatments and skin care."

    def __call__(self, request, *args, **kwargs):
        self.request = request  # for the guides' full URLs on the right site
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return f"{settings.WAGTAIL_SITE_NAME}: latest guides"

    def link(self, obj=None):
        index = GuideIndexPage.objects.live().public().first()
        return index.get_url(self.request) if index else "/"

    def guides(self):
        return GuidePage.objects.live().public().newest_first()

    def items(self, obj=None):
        return self.guides()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.meta_description

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_author_name(self, item):
        return item.author_name

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_date, time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class TopicGuidesFeed(LatestGuidesFeed):
    """The newest live guides about one topic (``/feeds/topics/<slug>/``)."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return f"{settings.WAGTAIL_SITE_NAME}: guides about {obj.name}"

    def link(self, obj=None):
        return f"{super().link(obj)}?topic={obj.slug}"

    def items(self, obj=None):
        return self.guides().filter(topics=obj)[:FEED_LENGTH]
