"""Make the home page and point the default Site at it, so that `migrate` alone gives a site
that answers at /. Replaces the "Welcome" placeholder page Wagtail's own migrations make.
"""

from django.db import migrations
from django.utils.http import int_to_base36


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    if HomePage.objects.exists():
        return
    placeholder_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    placeholder = Page.objects.filter(content_type=placeholder_type, slug="home", depth=2).first()
    locale = placeholder.locale if placeholder else Locale.objects.order_by("pk").first()
    if placeholder:
        placeholder.delete()  # its Site goes with it (CASCADE)

    root = Page.objects.get(depth=1)
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    # The next free slot under the root in treebeard's base-36 paths (0001 on a new site).
    last = Page.objects.filter(depth=2).order_by("-path").values_list("path", flat=True).first()
    number = int(last[-4:], 36) + 1 if last else 1
    path = root.path + int_to_base36(number).upper().rjust(4, "0")
    homepage = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    Site.objects.create(hostname="localhost", port=80, root_page=homepage, is_default_site=True)


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("home", "HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()  # its Site goes with it


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
