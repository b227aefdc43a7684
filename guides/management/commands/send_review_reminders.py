"""``manage.py send_review_reminders``: email the Medical reviewers group about guides that
have fallen due for review. Run it daily (cron, or your platform's scheduler); each guide is
mentioned once per review cycle, however often the command runs."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from guides.models import GuidePage, ReviewReminder
from guides.models.review import REVIEWERS_GROUP, due_for_review


class Command(BaseCommand):
    help = "Email medical reviewers about guides newly due for review (run daily)."

    def handle(self, *args, **options):
        guides = list(due_for_review(GuidePage.objects.live()))
        sent = set(ReviewReminder.objects.filter(guide__in=guides).values_list("guide_id", "cycle"))
        due = [g for g in guides if (g.pk, ReviewReminder.cycle_of(g)) not in sent]
        reviewers = list(
            get_user_model()
            .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if not due:
            self.stdout.write("No guide has newly fallen due for review.")
            return
        if not reviewers:
            self.stderr.write(
                f"{len(due)} guide(s) due for review, but nobody in the {REVIEWERS_GROUP} "
                "group has an email address: nothing sent."
            )
            return
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        body = render_to_string(
            "guides/emails/review_due.txt",
            {
                "guides": [(guide, guide.get_full_url()) for guide in due],
                "report_url": base + reverse("review_due_report"),
                "months": settings.GUIDES_REVIEW_DUE_MONTHS,
            },
        )
        subject = f"{len(due)} guide{'s' if len(due) != 1 else ''} due for medical review"
        with transaction.atomic():
            ReviewReminder.objects.bulk_create(
                [ReviewReminder(guide=g, cycle=ReviewReminder.cycle_of(g)) for g in due]
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, reviewers)
        self.stdout.write(f"Told {len(reviewers)} reviewer(s) about {len(due)} guide(s).")
