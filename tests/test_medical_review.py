"""Medical review: the workflow only reviewers approve, the "Reviews due" report, the reminder
emails, and the editorial policy the review badge links to."""

from datetime import date, timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Workflow, WorkflowPage

import pytest
from bs4 import BeautifulSoup

from guides.models import GuidePage, ReviewReminder
from guides.models.review import REVIEWERS_GROUP, months_before
from home.models import InformationPage, SiteSettings
from tests.admin_forms import guide_form_data
from tests.factories import GuidePageFactory, StaffUserFactory

TODAY = timezone.localdate()


def days_ago(days):
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 12, date(2025, 1, 15)),
        (date(2026, 1, 31), 14, date(2024, 11, 30)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.fixture
def due_and_fresh(guide_index, settings):
    settings.GUIDES_REVIEW_DUE_MONTHS = 12
    return {
        "never": GuidePageFactory(parent=guide_index, title="Never reviewed", last_reviewed=None),
        "old": GuidePageFactory(
            parent=guide_index, title="Reviewed long ago", last_reviewed=days_ago(400)
        ),
        "fresh": GuidePageFactory(
            parent=guide_index, title="Reviewed lately", last_reviewed=days_ago(30)
        ),
        "draft": GuidePageFactory(
            parent=guide_index, title="Old draft", last_reviewed=days_ago(800), live=False
        ),
    }


def test_the_report_lists_exactly_the_live_guides_due_longest_overdue_first(client, due_and_fresh):
    reviewer = StaffUserFactory(groups=[REVIEWERS_GROUP])  # no page permissions at all
    client.force_login(reviewer)
    response = client.get(reverse("review_due_report"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert [row[0] for row in rows] == ["Never reviewed", "Reviewed long ago"]
    assert rows[0][1] == "Never"
    csv = client.get(reverse("review_due_report"), {"export": "csv"})
    content = b"".join(csv.streaming_content)
    assert b"Reviewed long ago" in content and b"Reviewed lately" not in content


def test_reviewers_are_emailed_once_for_each_guide_that_falls_due(due_and_fresh):
    StaffUserFactory(groups=[REVIEWERS_GROUP], email="dr.morris@example.org")
    StaffUserFactory(groups=[REVIEWERS_GROUP], email="")  # cannot be emailed
    StaffUserFactory(groups=["Editors"], email="editor@example.org")

    call_command("send_review_reminders", stdout=StringIO())
    [message] = mail.outbox
    assert message.to == ["dr.morris@example.org"]
    assert message.subject == "2 guides due for medical review"
    assert "Never reviewed" in message.body and "Reviewed long ago" in message.body
    assert "Reviewed lately" not in message.body and "Old draft" not in message.body
    old = due_and_fresh["old"]
    assert f"http://testserver/admin/pages/{old.pk}/edit/" in message.body

    call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1  # nothing new fell due

    # Reviewed again, then due again a year later: a new reminder for the new cycle.
    old.last_reviewed = days_ago(366)
    old.save_revision().publish()
    call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert (
        "Reviewed long ago" in mail.outbox[1].body and "Never reviewed" not in mail.outbox[1].body
    )
    assert ReviewReminder.objects.filter(guide=old).count() == 2


def test_no_reviewer_with_an_email_means_nothing_is_recorded_as_sent(due_and_fresh):
    err = StringIO()
    call_command("send_review_reminders", stdout=StringIO(), stderr=err)
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()
    assert "nothing sent" in err.getvalue()


@pytest.fixture
def review_switched_on(guide_index):
    """The Medical review workflow that migrations made, assigned to the guides section."""
    workflow = Workflow.objects.get(name="Medical review")
    assert not workflow.workflow_pages.exists()  # made ready, switched off
    WorkflowPage.objects.create(workflow=workflow, page=guide_index)
    return workflow


def edit(client, guide, heading, action):
    data = guide_form_data(guide.title, [(heading, "Checked text.")], slug=guide.slug)
    data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)


def live_heading(client, guide):
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    return soup.select_one(".benefit__heading").get_text(" ", strip=True)


def test_with_review_on_an_editors_change_goes_live_only_when_a_reviewer_approves(
    client, guide, review_switched_on
):
    editor = StaffUserFactory(groups=["Editors"])
    reviewer = StaffUserFactory(groups=[REVIEWERS_GROUP])
    client.force_login(editor)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    assert b'name="action-publish"' not in edit_page.content
    assert b'name="action-submit"' in edit_page.content

    edit(client, guide, "Publish attempt", "action-publish")  # a crafted post
    assert live_heading(client, guide) == "1. Firmer skin"
    edit(client, guide, "Calmer skin", "action-submit")
    assert live_heading(client, guide) == "1. Firmer skin"
    guide.refresh_from_db()
    state = guide.current_workflow_task_state
    assert state is not None and state.task.name == "Medical review"

    # Another editor cannot approve it.
    client.force_login(StaffUserFactory(groups=["Editors"]))
    url = reverse("wagtailadmin_pages:workflow_action", args=[guide.pk, "approve", state.pk])
    client.post(url, {"comment": ""})
    assert live_heading(client, guide) == "1. Firmer skin"

    client.force_login(reviewer)
    response = client.post(url, {"comment": "Checked against the guidelines."})
    assert response.status_code in (200, 302)
    assert live_heading(client, guide) == "1. Calmer skin"


def test_with_review_on_an_editor_cannot_publish_a_new_guide_directly(
    client, guide_index, review_switched_on
):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    data = guide_form_data("Brand new guide", [("First benefit", "Text.")])
    data["action-publish"] = "action-publish"
    client.post(
        reverse("wagtailadmin_pages:add", args=["guides", "guidepage", guide_index.pk]), data
    )
    new = GuidePage.objects.get(title="Brand new guide")
    assert not new.live


def test_without_the_workflow_editors_still_publish_directly(client, guide):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    edit(client, guide, "Calmer skin", "action-publish")
    assert live_heading(client, guide) == "1. Calmer skin"


def test_the_review_badge_links_to_the_editorial_policy(client, home, guide):
    policy = InformationPage(
        title="How we review", slug="editorial-policy", body="<p>Every guide is checked.</p>"
    )
    home.add_child(instance=policy)
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    assert not soup.select(".guide__policy-link")
    settings = SiteSettings.for_site(home.get_site())
    settings.editorial_policy = policy
    settings.save()
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    assert soup.select_one(".guide__policy-link")["href"] == policy.url
    page = BeautifulSoup(client.get(policy.url).content, "html.parser")
    assert page.find("h1").get_text() == "How we review"
    assert "Every guide is checked." in page.select_one(".information__body").get_text()
