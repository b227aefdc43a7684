"""Let Wagtail's "Editors" group publish pages, not only draft them.

Our editors are the marketing team: they write, reorder and publish guides
themselves (docs/decisions.md). Wagtail gives Editors add and edit on the page
tree's root; this adds publish there. Moderators keep what Wagtail gives them.
"""

from django.db import migrations


def publish_permission(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors = Group.objects.filter(name="Editors").first()
    root = Page.objects.filter(depth=1).first()
    if editors and root:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=publish_permission(apps)
        )


def revoke(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Editors", page__depth=1, permission=publish_permission(apps)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
