"""Give reply form fields made in code a position.

Reply forms made by ``add_default_fields`` (the demo, tests) stored their
fields without a ``sort_order``. A field added later in the admin gets one, and
PostgreSQL sorts the unnumbered fields after it: the new field jumped to the
top of the form and took the "name" role. Number such fields in the order they
were made, which is the order they were meant to have.
"""

from django.db import migrations


def number_fields(apps, schema_editor):
    ReplyFormField = apps.get_model("replies", "ReplyFormField")
    pages = (
        ReplyFormField.objects.filter(sort_order__isnull=True)
        .values_list("page_id", flat=True)
        .distinct()
    )
    for page_id in list(pages):
        fields = ReplyFormField.objects.filter(page_id=page_id).order_by("pk")
        for position, field in enumerate(fields):
            field.sort_order = position
            field.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [("replies", "0002_moderation_groups")]

    operations = [migrations.RunPython(number_fields, migrations.RunPython.noop)]
