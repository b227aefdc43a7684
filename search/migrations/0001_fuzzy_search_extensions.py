"""On PostgreSQL, turn on what spelling-tolerant suggestions need: the pg_trgm and unaccent
extensions and trigram indexes on the search index's text (the search library's own commands).

Both extensions are "trusted" since PostgreSQL 13, so a database owner may create them. Where
the database user may not, the migration says so and carries on: search works, only the
"guides with similar words" suggestions stay empty until a superuser runs
``python manage.py enable_unaccent && python manage.py enable_trigram``.
"""

import sys
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import migrations


def enable_fuzzy_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        call_command("enable_unaccent", stdout=StringIO())
        call_command("enable_trigram", stdout=StringIO())
    except CommandError as error:
        first_line = str(error).splitlines()[0]
        print(f"\n  Spelling-tolerant search suggestions are off: {first_line}", file=sys.stderr)


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(enable_fuzzy_search, migrations.RunPython.noop)]
