"""Moderating replies in the real Wagtail admin: Moderators versus Editors."""

import csv
import io

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest
from bs4 import BeautifulSoup

from guides.models import Reply, ReplyFormPage
from tests.factories import GuidePageFactory, ReplyFactory, StaffUserFactory

LIST_URL = "/admin/guides/reply/"
# The list opens on Pending; these tests look at every status.
ALL = {"status__exact": "all"}


def user_in(group_name):
    return StaffUserFactory(username=group_name.lower(), groups=[group_name])


@pytest.fixture
def replies(guide, reply_page):
    return {
        status: ReplyFactory(
            page=reply_page,
            guide=guide,
            status=status,
            author_name=f"{status.label} Person",
            author_email=f"{status.value}-person@readers.example",
            comment=f"A {status.value} comment about needles.",
            ip_hash="f" * 64,
        )
        for status in Reply.Status
    }


@pytest.fixture
def moderator(client, db):
    client.force_login(user_in("Moderators"))
    return client


@pytest.fixture
def editor(client, db):
    client.force_login(user_in("Editors"))
    return client


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text().split()) for row in soup.select("table.listing tbody tr")]


def test_moderators_see_the_list_with_guide_name_excerpt_status_date_and_email(moderator, replies):
    response = moderator.get(LIST_URL, ALL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [" ".join(th.get_text().split()) for th in soup.select("table.listing thead th")]
    assert headings == ["Select", "Name", "Email", "Guide", "Excerpt", "Status", "Date"]
    pending = next(row for row in rows(response) if "Pending Person" in row)
    assert "pending-person@readers.example" in pending
    assert "Microneedling basics" in pending
    assert "A pending comment about needles." in pending
    assert "Pending" in pending


def test_editors_see_replies_but_never_email_addresses_or_ip_hashes(editor, replies):
    response = editor.get(LIST_URL, ALL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pending Person" in html
    assert "@readers.example" not in html
    assert 'name="reply"' not in html  # no moderation checkboxes
    assert "reply-moderation" not in html  # no bulk action buttons

    inspect = editor.get(f"{LIST_URL}inspect/{replies[Reply.Status.PENDING].pk}/")
    assert inspect.status_code == 200
    page = inspect.content.decode()
    assert "A pending comment about needles." in page
    assert "@readers.example" not in page and "f" * 64 not in page
    assert "IP hash" not in page

    # Searching by email finds nothing for them, and exports leave the column out.
    assert rows(editor.get(LIST_URL, {**ALL, "q": "pending-person@readers.example"})) == []
    export = editor.get(LIST_URL, {**ALL, "export": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert "@readers.example" not in text
    assert "Email" not in next(csv.reader(io.StringIO(text)))


def test_editors_cannot_moderate(editor, replies):
    pending = replies[Reply.Status.PENDING]
    response = editor.post(
        reverse("guides_reply_modeladmin_moderate"), {"action": "approve", "reply": pending.pk}
    )
    # Wagtail's admin answers "permission denied" with a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    pending.refresh_from_db()
    assert pending.status == Reply.Status.PENDING


def test_moderators_filter_search_inspect_and_export(moderator, replies, reply_page):
    pending_only = rows(moderator.get(LIST_URL, {**ALL, "status__exact": "pending"}))
    assert len(pending_only) == 1 and "Pending Person" in pending_only[0]

    found = rows(moderator.get(LIST_URL, {**ALL, "q": "spam-person@readers"}))
    assert len(found) == 1 and "Spam Person" in found[0]
    assert len(rows(moderator.get(LIST_URL, {**ALL, "q": "needles"}))) == 4

    inspect = moderator.get(f"{LIST_URL}inspect/{replies[Reply.Status.SPAM].pk}/")
    page = inspect.content.decode()
    assert "spam-person@readers.example" in page and "f" * 64 in page

    export = moderator.get(LIST_URL, {**ALL, "export": "csv"})
    table = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert "Email" in table[0] and "IP hash" in table[0]
    assert len(table) == 5
    assert any("approved-person@readers.example" in row for row in table)

    # The guide filter, followed as a moderator clicks it, lists only that guide's replies.
    other = GuidePageFactory(parent=replies[Reply.Status.SPAM].guide.get_parent(), title="Peels")
    ReplyFactory(page=reply_page, guide=other, author_name="Peel Reader")
    soup = BeautifulSoup(moderator.get(LIST_URL, ALL).content, "html.parser")
    link = soup.find("a", string=lambda text: text and text.strip() == "Peels")
    filtered = rows(moderator.get(LIST_URL + link["href"]))
    assert len(filtered) == 1 and "Peel Reader" in filtered[0]
    assert len(rows(moderator.get(LIST_URL, {**ALL, "guide__page_ptr__exact": "abc"}))) == 5


def test_bulk_approve_publishes_replies_on_the_guide(moderator, replies, guide, client):
    pending, spam = replies[Reply.Status.PENDING], replies[Reply.Status.SPAM]
    response = moderator.post(
        reverse("guides_reply_modeladmin_moderate"),
        {
            "action": "approve",
            "reply": [pending.pk, spam.pk],
            "next": f"{LIST_URL}?status__exact=pending",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{LIST_URL}?status__exact=pending"
    assert "2 replies approved." in response.content.decode()
    assert set(Reply.objects.approved().values_list("pk", flat=True)) == {
        pending.pk,
        spam.pk,
        replies[Reply.Status.APPROVED].pk,
    }
    moderator.logout()
    html = moderator.get(guide.url).content.decode()
    assert "A pending comment about needles." in html and "3 replies" in html


@pytest.mark.parametrize(
    ("action", "status"), [("spam", Reply.Status.SPAM), ("trash", Reply.Status.TRASH)]
)
def test_bulk_spam_and_trash_hide_replies(moderator, replies, action, status, guide):
    approved = replies[Reply.Status.APPROVED]
    moderator.post(
        reverse("guides_reply_modeladmin_moderate"), {"action": action, "reply": approved.pk}
    )
    approved.refresh_from_db()
    assert approved.status == status
    assert "An approved comment" not in moderator.get(guide.url).content.decode()


def test_the_list_offers_bulk_actions_to_moderators(moderator, replies):
    soup = BeautifulSoup(moderator.get(LIST_URL, ALL).content, "html.parser")
    form = soup.select_one("form#reply-moderation")
    assert [b.get_text() for b in form.select("button")] == [
        "Approve",
        "Return to pending",
        "Mark as spam",
        "Move to trash",
        "Flag as a question",
        "Not a question",
    ]
    boxes = soup.select('input[type=checkbox][name=reply][form="reply-moderation"]')
    assert len(boxes) == 4
    assert boxes[0]["aria-label"].startswith("Select the reply by ")


def test_nobody_adds_or_edits_replies_in_the_admin(admin_client, replies):
    html = admin_client.get(LIST_URL, ALL).content.decode()
    assert f"{LIST_URL}create/" not in html
    assert admin_client.get(f"{LIST_URL}create/").status_code in (302, 403)
    pk = replies[Reply.Status.PENDING].pk
    assert admin_client.get(f"{LIST_URL}edit/{pk}/").status_code in (302, 403)


def test_the_dashboard_counts_replies_awaiting_moderation(moderator, replies, reply_page, guide):
    ReplyFactory(page=reply_page, guide=guide, status=Reply.Status.PENDING)
    soup = BeautifulSoup(moderator.get("/admin/").content, "html.parser")
    link = soup.find("a", href=f"{LIST_URL}?status__exact=pending")
    assert " ".join(link.get_text().split()) == "2 replies awaiting moderation"


def test_wagtails_forms_admin_lists_replies_for_moderators_only(
    moderator, editor, replies, reply_page
):
    submissions = reverse("wagtailforms:list_submissions", args=[reply_page.pk])
    forms_index = reverse("wagtailforms:index")
    moderator_user = get_user_model().objects.get(username="moderators")
    editor_user = get_user_model().objects.get(username="editors")

    moderator.force_login(moderator_user)
    assert "Leave a Reply" in moderator.get(forms_index).content.decode()
    html = moderator.get(submissions).content.decode()
    assert "pending-person@readers.example" in html
    export = moderator.get(submissions, {"export": "csv"})
    assert b"trash-person@readers.example" in b"".join(export.streaming_content)

    moderator.force_login(editor_user)
    assert "Leave a Reply" not in moderator.get(forms_index).content.decode()
    response = moderator.get(submissions)
    assert response.status_code in (302, 403)
    assert b"@readers.example" not in response.content


def test_a_new_reply_form_starts_with_the_default_fields(admin_client, home):
    add = reverse("wagtailadmin_pages:add", args=["guides", "replyformpage", home.pk])
    soup = BeautifulSoup(admin_client.get(add).content, "html.parser")
    labels = [i["value"] for i in soup.select('input[name^="form_fields-"][name$="-label"]')]
    assert labels == ["Comment", "Name", "Email", "Website"]
    assert soup.select_one('input[name="form_fields-TOTAL_FORMS"]')["value"] == "4"
    assert soup.select_one('input[name="form_fields-INITIAL_FORMS"]')["value"] == "0"
    assert ReplyFormPage.objects.count() == 0


def test_publishing_a_new_reply_form_from_the_admin_stores_its_fields(admin_client, home):
    add = reverse("wagtailadmin_pages:add", args=["guides", "replyformpage", home.pk])
    fields = [
        {
            "label": label,
            "field_type": kind,
            "required": required,
            "help_text": "",
            "choices": "",
            "default_value": "",
        }
        for label, kind, required in [
            ("Comment", "multiline", "on"),
            ("Name", "singleline", "on"),
            ("Email", "email", "on"),
            ("Skin type", "singleline", ""),
        ]
    ]
    data = nested_form_data(
        {
            "title": "Questions",
            "slug": "questions",
            "form_heading": "Ask us",
            "required_note": "Required fields are marked *",
            "thank_you_text": "Thanks!",
            "intro": rich_text(""),
            "form_fields": inline_formset(fields),
            "to_address": "team@example.com",
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ReplyFormPage.objects.get(slug="questions")
    assert page.live
    assert [(f.label, f.field_type, f.required) for f in page.form_fields.all()] == [
        ("Comment", "multiline", True),
        ("Name", "singleline", True),
        ("Email", "email", True),
        ("Skin type", "singleline", False),
    ]
