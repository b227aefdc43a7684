"""Guide cards show a reading time kept on the guide; count it for the guides there are."""

import math

from django.conf import settings
from django.db import migrations, models
from django.utils.html import strip_tags


def count_reading_minutes(apps, schema_editor):
    GuidePage = apps.get_model("guides", "GuidePage")
    stream_block = GuidePage._meta.get_field("body").stream_block
    for guide in GuidePage.objects.only("intro", "body"):
        words = len(strip_tags(guide.intro).split())
        for text in stream_block.get_searchable_content(guide.body):
            words += len(str(text).split())
        minutes = max(1, math.ceil(words / settings.GUIDES_WORDS_PER_MINUTE))
        GuidePage.objects.filter(pk=guide.pk).update(reading_minutes=minutes)


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0010_reviewer_and_people_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidepage",
            name="reading_minutes",
            field=models.PositiveSmallIntegerField(
                default=1,
                editable=False,
                help_text="The reading time guide cards show, counted when the guide is saved.",
            ),
        ),
        migrations.RunPython(count_reading_minutes, migrations.RunPython.noop),
    ]
