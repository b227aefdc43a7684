"""Searches are counted in memory and written in batches, never one database write a search.

Each server process keeps a tally and hands it to a background task (``record_search_hits``)
once it holds ``SEARCH_HITS_BATCH_SIZE`` searches or is ``SEARCH_HITS_BATCH_SECONDS`` old. The
counts are statistics for editors: a tally not yet written when a process stops is lost, and
a failure to write one is logged, never shown to the reader who happened to search.
"""

import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.utils import timezone

from wagtail.search.utils import normalise_query_string

from .tasks import record_search_hits

logger = logging.getLogger(__name__)


class HitTally:
    """This process's count of searches not yet written down."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        """Start a new tally, dropping what was not written."""
        self.counts = Counter()
        self.day = timezone.localdate()
        self.started = time.monotonic()

    def add(self, query_string):
        query_string = normalise_query_string(query_string)
        if not query_string:
            return
        with self._lock:
            if timezone.localdate() != self.day:
                self._flush()
            self.counts[query_string] += 1
            full = sum(self.counts.values()) >= settings.SEARCH_HITS_BATCH_SIZE
            old = time.monotonic() - self.started >= settings.SEARCH_HITS_BATCH_SECONDS
            if full or old:
                self._flush()

    def _flush(self):
        counts, day = dict(self.counts), self.day
        self.reset()
        if not counts:
            return
        try:
            record_search_hits.enqueue(day.isoformat(), counts)
        except Exception:
            logger.exception("Lost the counts of %s searches", sum(counts.values()))


tally = HitTally()
