"""Give Wagtail's "Moderators" and "Editors" groups their reply permissions.

Moderators moderate replies and see submitters' details; Editors can read the
replies list but never see email addresses or IP hashes. The groups are made
if a site has deleted them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Moderators": [
        ("reply", "view_reply"),
        ("reply", "change_reply"),
        ("reply", "delete_reply"),
        ("reply", "view_reply_personal_data"),
        ("replysettings", "change_replysettings"),
    ],
    "Editors": [("reply", "view_reply")],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("guides")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    for name, perms in GROUP_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created and access_admin:
            group.permissions.add(access_admin)
        for model, codename in perms:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="guides",
                    content_type__model=model,
                    codename=codename,
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUP_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="guides", codename__in=[c for _, c in perms]
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
