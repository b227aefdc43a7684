"""Replies under load: the queries one reply costs, and the short version of
benchmarks/reply_load.py (concurrent readers against a live server)."""

from django.db import connection

import pytest

from guides.models import Reply, ReplySettings
from tests.benchmarks.reply_load import check_stored, post_replies
from tests.replying import reply_data

# Queries for one accepted reply to a guide, as production runs it (the email queued in the
# database): Wagtail's routing to the guide (two: the pages on the path, then the guide), the
# twin and flood check, the insert (inside a savepoint in tests: two more) and the queued
# email. The reply form page, its fields and the spam rules come from the site snapshot
# (home/site_snapshot.py). docs/replies.md explains each.
QUERIES_PER_REPLY = 7


@pytest.mark.django_db
def test_an_accepted_reply_costs_a_bounded_number_of_queries(
    client, guide, settings, django_assert_max_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPLIES_FLOOD_LIMITS = [(15, 1), (3600, 10)]
    ReplySettings.for_site(guide.get_site())  # made once per site, on the first reply
    client.get(guide.url)  # what each app process keeps (site, reply forms), warmed
    client.post(guide.url, reply_data(email="first@example.com"))  # and the spam rules
    Reply.objects.all().delete()  # so that the flood limit and the twin check start afresh
    data = reply_data()
    with django_assert_max_num_queries(QUERIES_PER_REPLY) as captured:
        response = client.post(guide.url, data)
    assert response.status_code == 302
    assert Reply.objects.get().status == Reply.Status.PENDING

    def reading(table):
        return [q["sql"] for q in captured.captured_queries if f'"{table}"' in q["sql"]]

    # What the reply itself costs, whatever routing costs: one read of the replies (twin
    # and flood limit together), one insert, one queued email; the spam rules are kept.
    assert [sql.split()[0] for sql in reading("guides_reply")] == ["SELECT", "INSERT"]
    assert reading("guides_replysettings") == []
    assert len(reading("django_tasks_database_dbtaskresult")) == 1
    assert reading("guides_replyformfield") == []


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
