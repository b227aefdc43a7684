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

from wagtail.models import GroupApprovalTask, PagePermissionTester

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


def needs_medical_review(page):
    """Whether the workflow in effect for ``page`` asks the Medical reviewers to approve it
    (the "Medical review" workflow, however it has been renamed, assigned to the page or a
    page above it)."""
    workflow = page.get_workflow()
    return bool(workflow) and (
        GroupApprovalTask.objects.filter(
            workflow_tasks__workflow=workflow, groups__name=REVIEWERS_GROUP, active=True
        ).exists()
    )


class MedicalReviewPermissions(PagePermissionTester):
    """What a user may do with a guide (or add under a guide index): as usual, except while
    medical review is on. Then only reviewers and administrators publish: everyone else submits
    the guide to the review, and a reviewer's approval publishes it (Wagtail checks that the
    approver may publish, so reviewers may, with no page permissions of their own)."""

    def reviewing(self):
        """None when medical review is off for this page; else whether the user is a reviewer."""
        if self.user.is_superuser or not needs_medical_review(self.page):
            return None
        return self.user.groups.filter(name=REVIEWERS_GROUP).exists()

    def can_publish(self):
        reviewer = self.reviewing()
        if reviewer is None:
            return super().can_publish()
        return reviewer and self.user.is_active and not self.page_is_root

    def can_publish_subpage(self):
        return super().can_publish_subpage() and self.reviewing() is not False


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
