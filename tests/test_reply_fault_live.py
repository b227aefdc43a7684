"""The short version of tests/benchmarks/reply_faults.py: readers post while PostgreSQL drops
every connection to the database, again and again, on a live server."""

import threading
import time

from django.db import connection

import pytest

from guides.models import Reply
from tests.benchmarks.reply_faults import check_faults, terminate_connections
from tests.benchmarks.reply_load import post_replies


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="drops PostgreSQL connections (CI runs it there)"
)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_replies_posted_while_connections_drop_are_thanked_and_stored_once_or_kept(
    live_server, guide, settings
):
    settings.REPLIES_FLOOD_LIMITS = []
    settings.REPLIES_MIN_FILL_SECONDS = 1
    db = settings.DATABASES["default"]
    url = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    stop, dropped = threading.Event(), []

    def drop_connections():
        time.sleep(1.3)  # post_replies waits the fill time before posting
        while not stop.is_set():
            dropped.append(terminate_connections(url))
            time.sleep(0.15)

    dropper = threading.Thread(target=drop_connections)
    dropper.start()
    try:
        run_id, results, _ = post_replies(
            live_server.url + guide.url, total=120, threads=4, min_fill_seconds=1
        )
    finally:
        stop.set()
        dropper.join()
    connection.close()  # this thread's connection was dropped too

    stored = list(
        Reply.objects.filter(comment__startswith=f"Load test {run_id} ").values_list(
            "comment", flat=True
        )
    )
    figures, problems = check_faults(results, stored)
    assert sum(dropped) > 0, "no connection was dropped: the test tested nothing"
    assert problems == [], figures
    assert figures["thanked"] > 0
