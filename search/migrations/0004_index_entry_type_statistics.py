"""On PostgreSQL, statistics on ``content_type_id + 0`` of the search index's entries.

search/ranking.py compares an entry's content type as ``content_type_id + 0`` so that no btree
index serves it and the entries are found through the text vector index (migration 0003).
Without statistics on that expression PostgreSQL guesses it keeps 0.5% of the entries, so it
expects 25 matches where 5,000 guides say "skin", and looks each one's guide up alone (about
twice as slow); with them, it reads the live guides once for a common word and looks up the
few matches of a rare one (7 ms to under 1 ms at 5,000 guides). ANALYZE (autovacuum) fills
them, as it does for columns.
"""

from django.db import migrations

STATISTICS = "search_indexentry_type_stats"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} "
            "ON ((content_type_id + 0)) FROM wagtailsearch_indexentry"
        )
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_vector_index")]

    operations = [migrations.RunPython(create_statistics, drop_statistics)]
