"""Let Wagtail's Editors and Moderators groups change the site settings (Settings → Site
settings): the marketing team owns the site's name, footer and disclaimer."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")


def permission(apps):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="home", codename="change_sitesettings")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    change = permission(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(change)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    change = permission(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(change)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_site_settings"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
