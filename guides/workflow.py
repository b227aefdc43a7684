"""What Wagtail does when a workflow is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail imports this while its own models load, so models are imported inside the function.
"""

from django.utils import timezone


def publish_approved(workflow_state, user=None):
    """What Wagtail does when a workflow is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``):
    publish the approved draft. When a medical reviewer approved a guide, the draft first
    records the review: today's date as "Last reviewed" and the reviewer's name."""
    from wagtail.models import TaskState

    from .models.people import Person
    from .models.review import medical_review_tasks

    revision = workflow_state.content_object.get_latest_revision()
    review = (
        workflow_state.task_states.filter(
            status=TaskState.STATUS_APPROVED, task__in=medical_review_tasks()
        )
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    if review and "last_reviewed" in revision.content:
        reviewer = review.finished_by
        revision.content["last_reviewed"] = timezone.localdate().isoformat()
        if reviewer is not None:
            name = reviewer.get_full_name() or reviewer.get_username()
            revision.content["reviewed_by"] = name
            # A reviewer chosen from People stays only if it is the person who approved.
            chosen = Person.objects.filter(pk=revision.content.get("reviewer")).first()
            if chosen is None or name.lower() not in chosen.name.lower():
                revision.content["reviewer"] = None
        revision.save(update_fields=["content"])
    revision.publish(user=user)
