"""Work done outside a reader's search: writing down how often each query was searched."""

import datetime

from django.db import transaction
from django.db.models import F

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from django_tasks import task


@task()
def record_search_hits(day, hits):
    """Add ``hits`` (query string → searches) to the day's counts that Wagtail's "Search
    terms" report and promoted results' statistics read."""
    date = datetime.date.fromisoformat(day)
    with transaction.atomic():
        for query_string, count in hits.items():
            query = Query.get(query_string)
            daily, _ = QueryDailyHits.objects.get_or_create(query=query, date=date)
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)
