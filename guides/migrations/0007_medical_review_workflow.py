"""The "Medical reviewers" group and a "Medical review" workflow whose one task only that group
can approve. The workflow is made ready but assigned to no page: editors publish directly until
someone switches it on (``manage.py require_medical_review``, docs/medical-review.md)."""

from django.db import migrations

GROUP = "Medical reviewers"
NAME = "Medical review"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    reviewers, created = Group.objects.get_or_create(name=GROUP)
    if created:
        access_admin = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).first()
        if access_admin:
            reviewers.permissions.add(access_admin)
    if Workflow.objects.filter(name=NAME).exists():
        return
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(name=NAME, content_type=task_type, active=True)
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name=NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0006_medical_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
