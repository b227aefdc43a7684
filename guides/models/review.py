"""Medical review: which guides are due for another review, and the reminders reviewers get.

A guide falls due ``GUIDES_REVIEW_DUE_MONTHS`` months after its "last reviewed" date, or at
once when it has never been reviewed. Editors and reviewers see the due guides in Reports →
Reviews due; ``manage.py send_review_reminders`` (run daily) emails the Medical reviewers
group once for each guide that has fallen due since its last review.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    PagePermissionTester,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

REVIEWERS_GROUP = "Medical reviewers"
WORKFLOW_NAME = "Medical review"


def months_before(day, months):
    """``day`` moved back ``months`` calendar months (the 31st becomes the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def due_for_review(guides, today=None):
    """The guides among ``guides`` whose review is due on ``today``: never reviewed first, then
    the longest unreviewed."""
    today = today or timezone.localdate()
    cutoff = months_before(today, settings.GUIDES_REVIEW_DUE_MONTHS)
    return guides.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lte=cutoff)).order_by(
        F("last_reviewed").asc(nulls_first=True), "title"
    )


def medical_review_tasks():
    """The active approval tasks of the Medical reviewers group (however they are named)."""
    return GroupApprovalTask.objects.filter(groups__name=REVIEWERS_GROUP, active=True)


def medical_review_workflows():
    """The active workflows with a medical review task: "Medical review", unless renamed."""
    return Workflow.objects.filter(active=True, workflow_tasks__task__in=medical_review_tasks())


def medical_review_is_on():
    """Whether a medical review workflow is assigned to any page. Then it applies to every
    guide, wherever it is: moving a guide, or making a new guide index, escapes nothing."""
    return WorkflowPage.objects.filter(workflow__in=medical_review_workflows()).exists()


def approved_by_review(page):
    """Whether the draft that would be published is the one a workflow approved."""
    latest = page.get_latest_revision()
    return latest is not None and (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_APPROVED, current_task_state__revision=latest)
        .exists()
    )


class MedicalReviewPermissions(PagePermissionTester):
    """What a user may do with a guide: as usual, except while medical review is on. Then
    nobody but an administrator publishes a guide directly: editors submit it, and a reviewer's
    approval publishes the approved draft (Wagtail checks that the approver may publish:
    reviewers may publish that draft and nothing else)."""

    def reviewing(self):
        """None when medical review is off (or the user is an administrator); else whether the
        user is a reviewer."""
        if self.user.is_superuser or not medical_review_is_on():
            return None
        return self.user.groups.filter(name=REVIEWERS_GROUP).exists()

    def can_publish(self):
        reviewer = self.reviewing()
        if reviewer is None:
            return super().can_publish()
        return reviewer and self.user.is_active and approved_by_review(self.page)


class MedicalReviewSectionPermissions(PagePermissionTester):
    """What a user may do with a guide index: as usual, but while medical review is on, a new
    guide in it cannot be published on creation (except by an administrator)."""

    def can_publish_subpage(self):
        return super().can_publish_subpage() and (
            self.user.is_superuser or not medical_review_is_on()
        )


class ReviewReminder(models.Model):
    """That reviewers were told a guide is due, once for each of its reviews: ``cycle`` is the
    "last reviewed" date the reminder was about ("never" for a guide never reviewed)."""

    guide = models.ForeignKey(
        "guides.GuidePage", on_delete=models.CASCADE, related_name="review_reminders"
    )
    cycle = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "cycle"], name="one_reminder_per_review")
        ]

    def __str__(self):
        return f"Review reminder for guide {self.guide_id} ({self.cycle})"

    @staticmethod
    def cycle_of(guide):
        return guide.last_reviewed.isoformat() if guide.last_reviewed else "never"
