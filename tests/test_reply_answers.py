"""Staff answers under replies, questions for the team and the reader's answer email."""

import json
import re

from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from guides.models import Person, Reply
from guides.tasks import reply_id_from_token
from tests.factories import ReplyFactory, StaffUserFactory
from tests.replying import reply_data

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/guides/reply/"


@pytest.fixture
def reviewer():
    return Person.objects.create(name="Dr Ada Lane", credentials="MD, FAAD", slug="ada-lane")


@pytest.fixture
def moderator(client):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    return client


def answer_url(reply):
    return reverse("guides_reply_modeladmin_answer", args=[reply.pk])


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def answers_on(client, guide):
    soup = soup_of(client.get(guide.url))
    return [
        (
            answer.find_parent("li", class_="reply")["id"],
            " ".join(answer.select_one(".answer__author").get_text().split()),
            answer.select_one(".answer__body").get_text().strip(),
        )
        for answer in soup.select("#replies .answer")
    ]


def test_an_answer_is_threaded_under_its_reply_signed_escaped_and_in_the_json_ld(
    client, moderator, guide, reply_page, reviewer
):
    reply = ReplyFactory(page=reply_page, guide=guide, comment="Safe with rosacea?")
    response = moderator.post(
        answer_url(reply),
        {"answer": "<script>alert(1)</script> Yes, gently.", "answered_by": reviewer.pk},
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(guide.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert answers_on(client, guide) == [
        (
            f"reply-{reply.pk}",
            "Answer from Dr Ada Lane (MD, FAAD)",
            "<script>alert(1)</script> Yes, gently.",
        )
    ]
    soup = soup_of(client.get(guide.url))
    assert soup.select_one(f"#answer-{reply.pk} time")["datetime"]
    data = json.loads(soup.find("script", type="application/ld+json").string)
    page = data["@graph"][0]
    assert page["commentCount"] == 1
    [comment] = page["comment"]
    assert comment["text"] == "Safe with rosacea?"
    [nested] = comment["comment"]
    assert nested["@type"] == "Comment"
    assert nested["author"] == {
        "@type": "Person",
        "name": "Dr Ada Lane",
        "honorificSuffix": "MD, FAAD",
    }
    assert nested["text"] == "<script>alert(1)</script> Yes, gently."


@pytest.mark.parametrize("status", [Reply.Status.PENDING, Reply.Status.SPAM, Reply.Status.TRASH])
def test_answers_to_unapproved_replies_are_never_shown(client, guide, reply_page, status):
    reply = ReplyFactory(page=reply_page, guide=guide, status=status)
    reply.set_answer("Hidden answer text", None)
    html = client.get(guide.url).content.decode()
    assert "Hidden answer text" not in html
    reply.status = Reply.Status.APPROVED
    reply.save(update_fields=["status"])
    assert answers_on(client, guide) == [
        (f"reply-{reply.pk}", "Answer from the team", "Hidden answer text")
    ]


def test_editing_and_withdrawing_an_answer_update_the_page(
    client, moderator, guide, reply_page, reviewer
):
    reply = ReplyFactory(page=reply_page, guide=guide)
    moderator.post(answer_url(reply), {"answer": "First answer", "answered_by": reviewer.pk})
    moderator.post(answer_url(reply), {"answer": "Better answer", "answered_by": ""})
    assert [text for *_, text in answers_on(client, guide)] == ["Better answer"]
    moderator.post(answer_url(reply), {"answer": "Better answer", "withdraw": "1"})
    assert answers_on(client, guide) == []
    assert "Better answer" not in client.get(guide.url).content.decode()
    reply.refresh_from_db()
    assert (reply.answer, reply.answered_by, reply.answered_at) == ("", None, None)


def test_only_those_who_may_answer_open_the_answer_view(client, guide, reply_page):
    reply = ReplyFactory(page=reply_page, guide=guide)
    client.force_login(StaffUserFactory(groups=["Editors"]))
    # Wagtail's admin answers a permission error with a redirect to the dashboard.
    assert client.get(answer_url(reply)).status_code in (302, 403)
    assert client.post(answer_url(reply), {"answer": "Editor's answer"}).status_code in (302, 403)
    reply.refresh_from_db()
    assert reply.answer == ""
    inspect = client.get(f"{LIST_URL}inspect/{reply.pk}/").content.decode()
    assert answer_url(reply) not in inspect


def test_the_awaiting_filter_lists_exactly_the_flagged_unanswered_replies(
    moderator, guide, reply_page
):
    def reply(name, **fields):
        return ReplyFactory(page=reply_page, guide=guide, author_name=name, **fields)

    reply("Asked approved", asks_question=True)
    reply("Asked pending", asks_question=True, status=Reply.Status.PENDING)
    reply("Asked spam", asks_question=True, status=Reply.Status.SPAM)
    answered = reply("Asked answered", asks_question=True)
    answered.set_answer("Done", None)
    reply("Not asked")
    flagged = reply("Flagged by a moderator", status=Reply.Status.PENDING)
    moderator.post(
        reverse("guides_reply_modeladmin_moderate"), {"action": "flag", "reply": flagged.pk}
    )

    def listed(params):
        soup = soup_of(moderator.get(LIST_URL, params))
        return sorted(
            row.select_one("td.field-author_name").get_text(" ", strip=True).split(" Inspect")[0]
            for row in soup.select("table.listing tbody tr")
        )

    expected = ["Asked approved", "Asked pending", "Flagged by a moderator"]
    assert listed({"awaiting": "yes"}) == expected
    assert listed({"awaiting": "nonsense"}) == ["Asked pending", "Flagged by a moderator"]
    dashboard = soup_of(moderator.get("/admin/")).get_text(" ", strip=True)
    assert "3 questions awaiting an answer" in dashboard
    # Answering clears it.
    moderator.post(answer_url(flagged), {"answer": "Here you go"})
    assert listed({"awaiting": "yes"}) == ["Asked approved", "Asked pending"]


def test_the_list_opens_on_pending_and_all_lists_every_status(moderator, guide, reply_page):
    for status in Reply.Status.values:
        ReplyFactory(page=reply_page, guide=guide, status=status, author_name=status)
    default = soup_of(moderator.get(LIST_URL))
    assert len(default.select("table.listing tbody tr")) == 1
    assert default.select_one("td.field-status_label .w-status").get_text() == "Pending"
    everyone = soup_of(moderator.get(LIST_URL, {"status__exact": "all"}))
    assert len(everyone.select("table.listing tbody tr")) == 4
    # The menu item says how many wait.
    assert "Replies (1 pending)" in moderator.get("/admin/").content.decode()


def test_approve_and_next_opens_the_next_pending_reply(moderator, guide, reply_page):
    older = ReplyFactory(page=reply_page, guide=guide, status=Reply.Status.PENDING)
    newer = ReplyFactory(page=reply_page, guide=guide, status=Reply.Status.PENDING)
    response = moderator.post(
        reverse("guides_reply_modeladmin_moderate"),
        {"action": "approve_next", "reply": newer.pk, "next": newer.get_admin_url()},
    )
    assert response["Location"] == older.get_admin_url()
    newer.refresh_from_db()
    assert newer.status == Reply.Status.APPROVED


def test_the_inspect_view_links_the_guide_and_hides_the_browser_from_editors(
    client, guide, reply_page
):
    reply = ReplyFactory(page=reply_page, guide=guide, user_agent="SecretBrowser/9")
    client.force_login(StaffUserFactory(groups=["Editors"]))
    soup = soup_of(client.get(f"{LIST_URL}inspect/{reply.pk}/"))
    assert soup.find("a", href=guide.url, string=guide.title)
    text = soup.get_text()
    assert "SecretBrowser" not in text and reply.author_email not in text
    labels = [dt.get_text(strip=True) for dt in soup.select("dt")]
    assert "Submit time" not in labels and all(label[:1].isupper() for label in labels)


def test_the_reply_form_stores_the_readers_choices(client, guide):
    client.post(guide.url, reply_data(asks_question="on"))
    reply = Reply.objects.get()
    assert (reply.asks_question, reply.notify_on_answer) == (True, False)
    assert "asks_question" not in reply.form_data


def test_the_answer_email_is_sent_once_and_only_with_opt_in(client, moderator, guide, reply_page):
    mail.outbox.clear()
    opted = ReplyFactory(
        page=reply_page, guide=guide, notify_on_answer=True, status=Reply.Status.PENDING
    )
    silent = ReplyFactory(page=reply_page, guide=guide)
    moderator.post(answer_url(silent), {"answer": "An answer"})
    moderator.post(answer_url(opted), {"answer": "An answer"})
    assert mail.outbox == []  # opted in, but not approved yet: nothing public to read
    moderator.post(
        reverse("guides_reply_modeladmin_moderate"), {"action": "approve", "reply": opted.pk}
    )
    assert [message.to for message in mail.outbox] == [[opted.author_email]]
    moderator.post(answer_url(opted), {"answer": "An edited answer"})
    moderator.post(
        reverse("guides_reply_modeladmin_moderate"), {"action": "approve", "reply": opted.pk}
    )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"#reply-{opted.pk}" in body
    # The link's token (signed with a time, so read from the email) names this reply.
    unsubscribe_prefix = reverse("reply_unsubscribe", args=["TOKEN"]).split("TOKEN")[0]
    token = re.search(re.escape(unsubscribe_prefix) + r"([^/\s]+)/", body).group(1)
    assert reply_id_from_token(token) == opted.pk

    # The unsubscribe link: GET asks, POST stops; no email is shown; a forged token is 404.
    client.logout()
    page = client.get(reverse("reply_unsubscribe", args=[token]))
    assert page.status_code == 200 and opted.author_email not in page.content.decode()
    client.post(reverse("reply_unsubscribe", args=[token]))
    opted.refresh_from_db()
    assert opted.notify_on_answer is False
    assert client.get(reverse("reply_unsubscribe", args=[token + "x"])).status_code == 404


def test_two_hundred_answered_replies_take_the_same_queries_as_two(
    client, guide, reply_page, reviewer
):
    def add(count):
        for reply in ReplyFactory.create_batch(count, page=reply_page, guide=guide):
            reply.set_answer("An answer", reviewer)

    add(2)
    client.get(guide.url)  # warm the per-process caches (site, settings) first
    caches["pages"].clear()  # count the page's render, not a hit of the page cache
    with CaptureQueriesContext(connection) as two:
        assert client.get(guide.url).status_code == 200
    add(198)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(guide.url)
    soup = soup_of(response)
    assert soup.select_one("#replies h2").get_text() == "200 replies"
    assert len(soup.select("#replies .answer")) == 200
    assert soup.select_one(".replies-more summary").get_text() == "Show 180 more replies"
    assert len(two_hundred) == len(two), [q["sql"] for q in two_hundred.captured_queries]
