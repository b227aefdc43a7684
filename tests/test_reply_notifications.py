"""Moderators hear about new replies by email, and a mail failure loses nothing."""

import logging
from unittest import mock

from django.core import mail

import pytest

from guides.models import Reply, ReplyFormField
from tests.replying import reply_data

pytestmark = pytest.mark.django_db


def test_a_new_reply_emails_the_form_pages_address_with_a_moderation_link(client, guide):
    client.post(guide.url, reply_data())
    reply = Reply.objects.get()
    [email] = mail.outbox
    assert email.to == ["moderators@example.com"]
    assert email.from_email == "guides@example.com"
    assert email.subject == "New reply on “Microneedling basics”"
    assert "Sam Reader replied to “Microneedling basics”." in email.body
    assert "Comment: It helped my acne scars.\nThanks for the guide!" in email.body
    assert "Email: sam@example.com" in email.body
    assert f"Moderate it: http://testserver/admin/guides/reply/inspect/{reply.pk}/" in email.body


def test_no_header_can_be_injected_through_any_field(client, guide, reply_page):
    # (A name can't hold an email address, so the Bcc rides in the comment.)
    injected = "Sam\r\nX-Injected: victim\r\nSubject: pwned"
    client.post(
        guide.url,
        reply_data(name=injected, comment="Hi\r\nBcc: victim@example.com", website=""),
    )
    assert Reply.objects.count() == 1
    [email] = mail.outbox
    assert email.recipients() == ["moderators@example.com"]
    assert email.subject == "New reply on “Microneedling basics”"
    message = email.message()
    headers = message.as_string().split("\n\n", 1)[0]
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert "pwned" not in headers and "victim" not in headers
    # The visitor's text is in the body, as text.
    assert "Bcc: victim@example.com" in email.body


def test_a_reply_form_without_an_address_sends_nothing(client, guide, reply_page):
    reply_page.to_address = ""
    reply_page.save_revision().publish()
    assert client.post(guide.url, reply_data()).status_code == 302
    assert Reply.objects.count() == 1
    assert not mail.outbox


def test_a_mail_failure_is_logged_and_the_reply_is_kept(client, guide, caplog):
    with (
        mock.patch("guides.tasks.send_mail", side_effect=ConnectionRefusedError("SMTP down")),
        caplog.at_level(logging.ERROR, logger="guides.tasks"),
    ):
        response = client.post(guide.url, reply_data())
    assert response.status_code == 302
    assert response["Location"] == guide.url
    reply = Reply.objects.get()
    assert reply.status == Reply.Status.PENDING
    assert f"Reply {reply.pk} was saved but its notification email failed" in caplog.text
    assert "SMTP down" in caplog.text


def test_the_email_formats_answers_as_wagtails_form_builder_does(client, guide, reply_page):
    ReplyFormField.objects.create(
        page=reply_page,
        label="Skin concerns",
        field_type="checkboxes",
        choices="Acne\nScars\nWrinkles",
        required=False,
        sort_order=10,
    )
    client.post(guide.url, reply_data(skin_concerns=["Acne", "Scars"]))
    [email] = mail.outbox
    assert "Skin concerns: Acne, Scars" in email.body
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    # The anti-spam traps are not answers.
    assert "form_started" not in email.body and "Leave this empty" not in email.body
    assert Reply.objects.get().form_data["skin_concerns"] == ["Acne", "Scars"]
