"""The short version of benchmarks/reply_load.py: concurrent readers against a live server."""

from django.db import connection

import pytest

from guides.models import Reply
from tests.benchmarks.reply_load import check_stored, post_replies


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL: SQLite's shared in-memory test database "
    "locks whole tables (CI runs this on PostgreSQL)",
)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the tree root survives
def test_concurrent_replies_are_each_stored_once_and_none_lost(live_server, guide, settings):
    settings.REPLIES_FLOOD_LIMITS = [(1, 1_000_000)]  # raised, as in the full load test
    settings.REPLIES_MIN_FILL_SECONDS = 1
    _, results, _ = post_replies(
        live_server.url + guide.url, total=60, threads=4, min_fill_seconds=1
    )
    assert len(results) == 60
    assert {r.status for r in results} == {302}
    stored = list(Reply.objects.values_list("comment", flat=True))
    assert check_stored(results, stored) == []
    assert len(stored) == 60
    assert Reply.objects.filter(guide=guide, status=Reply.Status.PENDING).count() == 60
