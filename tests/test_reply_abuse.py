"""Spam and abuse: honeypot, fill time, flood limit, duplicates, links, disallowed words, CSRF."""

import time
from datetime import timedelta

from django.core import mail
from django.db.models import F
from django.test import Client, override_settings

import pytest
from bs4 import BeautifulSoup

from guides.models import Reply, ReplySettings
from guides.spam import started_token
from tests.replying import reply_data

pytestmark = pytest.mark.django_db


def assert_not_published(client, guide, text):
    assert text not in client.get(guide.url).content.decode()


def test_a_filled_honeypot_is_held_as_spam_without_email(client, guide):
    data = reply_data(homepage_url="http://spam.example", comment="Buy now")
    response = client.post(guide.url, data)
    # The bot is told nothing different.
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.status, reply.spam_reason) == (Reply.Status.SPAM, "honeypot")
    assert not mail.outbox
    Reply.objects.update(status=Reply.Status.SPAM)
    assert_not_published(client, guide, "Buy now")


def test_the_honeypot_is_hidden_from_people_and_left_out_of_the_tab_order(client, guide):
    # tests/e2e/test_visitor.py checks in the browser that nobody sees it.
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    trap = soup.find("input", attrs={"name": "homepage_url"})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert trap.find_parent(hidden=True) is not None


DAY = 24 * 3600


@pytest.mark.parametrize(
    "make_token",
    [
        lambda page: started_token(page.pk),  # shown just now: faster than a person types
        lambda page: "",  # missing
        lambda page: "MTcwMDAwMDAwMA:forged:signature",  # not signed by us
        lambda page: started_token(page.pk, now=time.time() - DAY - 60),  # replayed a day on
        lambda page: started_token(page.pk + 1, now=time.time() - 60),  # another form's
    ],
    ids=["just-now", "missing", "forged", "a-day-old", "another-form"],
)
def test_posts_faster_than_a_person_or_without_a_valid_token_are_spam(
    client, guide, reply_page, make_token
):
    client.post(guide.url, reply_data(form_started=make_token(reply_page)))
    reply = Reply.objects.get()
    assert (reply.status, reply.spam_reason) == (Reply.Status.SPAM, "too_fast")
    assert not mail.outbox


@override_settings(REPLIES_FLOOD_LIMITS=[(15, 1), (3600, 10)])
def test_a_second_reply_within_15_seconds_gets_429_and_keeps_the_text(client, guide):
    assert client.post(guide.url, reply_data()).status_code == 302
    response = client.post(guide.url, reply_data(comment="A second thought, quickly."))
    assert response.status_code == 429
    assert response["Retry-After"] == "15"
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Please wait 15 seconds" in soup.select_one("#reply-errors").get_text()
    assert soup.find("textarea", attrs={"name": "comment"}).get_text().strip() == (
        "A second thought, quickly."
    )
    assert Reply.objects.count() == 1
    assert len(mail.outbox) == 1


@override_settings(REPLIES_FLOOD_LIMITS=[(15, 1), (3600, 3)])
def test_the_hourly_flood_limit_counts_older_replies(client, guide):
    for n in range(3):
        assert client.post(guide.url, reply_data(comment=f"Reply {n}")).status_code == 302
        # Age the replies past the 15-second window, not past the hour.
        Reply.objects.update(submit_time=F("submit_time") - timedelta(minutes=5))
    response = client.post(guide.url, reply_data(comment="Reply 3"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert Reply.objects.count() == 3


def test_the_flood_limit_is_per_address(guide):
    first = Client(REMOTE_ADDR="203.0.113.1")
    second = Client(REMOTE_ADDR="203.0.113.2")
    assert first.post(guide.url, reply_data(comment="One")).status_code == 302
    assert second.post(guide.url, reply_data(comment="Two")).status_code == 302
    assert first.post(guide.url, reply_data(comment="Three")).status_code == 429
    hashes = set(Reply.objects.values_list("ip_hash", flat=True))
    assert len(hashes) == 2


@override_settings(REPLIES_FLOOD_LIMITS=[(15, 1), (3600, 10)])
def test_the_same_reply_again_is_thanked_stored_once_and_emailed_once(client, guide):
    """A double-click, or a resend after an error: the reader is thanked, as the first time."""
    assert client.post(guide.url, reply_data()).status_code == 302
    # Same guide, email and text, give or take case and spacing; within the flood window.
    again = reply_data(
        email="SAM@example.com", comment="It helped my   acne scars.\nthanks for the guide!"
    )
    response = client.post(guide.url, again, follow=True)
    assert response.redirect_chain == [(guide.url, 302)]
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.select_one("#reply-thanks").get_text() == "Thanks, your reply is awaiting moderation."
    )
    assert soup.select_one("#reply-errors") is None
    assert Reply.objects.count() == 1
    assert len(mail.outbox) == 1
    # A different text from the same person within 15 seconds is a flood.
    assert client.post(guide.url, reply_data(comment="Another point.")).status_code == 429


@override_settings(REPLIES_FLOOD_LIMITS=[])  # concurrent posts both pass the flood limit
def test_two_identical_posts_at_once_store_one_reply_and_thank_both(guide, monkeypatch):
    """The second of a double-click finds the first stored a moment before (the unique key)."""
    from guides.models import replies

    real_first = replies.Reply.objects.filter
    calls = []

    def miss_the_first_lookup(*args, **kwargs):
        # The second post looked for a duplicate before the first one was stored.
        calls.append(kwargs)
        if kwargs.get("duplicate_key") and len(calls) == 1:
            return Reply.objects.none()
        return real_first(*args, **kwargs)

    client = Client()
    assert client.post(guide.url, reply_data()).status_code == 302
    monkeypatch.setattr(replies.Reply.objects, "filter", miss_the_first_lookup)
    response = client.post(guide.url, reply_data())
    assert response.status_code == 302
    assert Reply.objects.count() == 1


@override_settings(REPLIES_FLOOD_LIMITS=[])
def test_more_links_than_the_maximum_is_spam(client, guide, home):
    two = "See https://a.example and www.b.example for more."
    three = two + " Also http://c.example."
    client.post(guide.url, reply_data(comment=two))
    client.post(guide.url, reply_data(comment=three))
    assert dict(Reply.objects.values_list("comment", "status")) == {
        two: Reply.Status.PENDING,
        three: Reply.Status.SPAM,
    }
    assert Reply.objects.get(comment=three).spam_reason == "links"
    assert len(mail.outbox) == 1  # only the pending one

    # Editors can change the maximum in the site settings.
    settings = ReplySettings.for_site(home.get_site())
    settings.max_links = 3
    settings.save()
    client.post(guide.url, reply_data(comment="Now " + three))
    assert Reply.objects.get(comment="Now " + three).status == Reply.Status.PENDING


@override_settings(REPLIES_FLOOD_LIMITS=[])
def test_disallowed_words_make_a_reply_spam(client, guide, home):
    settings = ReplySettings.for_site(home.get_site())
    settings.disallowed_words = "casino\ncheap pills\n casino   royale \n(.*)+\n"
    settings.save()
    client.post(guide.url, reply_data(comment="Try our CASINO today"))
    client.post(guide.url, reply_data(comment="Order cheap   pills", name="Pill seller"))
    client.post(guide.url, reply_data(comment="Casino\n\tRoyale tonight", name="Royal"))
    client.post(guide.url, reply_data(comment="Nice", name="casino-king"))
    client.post(guide.url, reply_data(comment="Casinos near me are closed, so I read guides."))
    client.post(guide.url, reply_data(comment="Ordinary words, which (.*)+ as a regex would match"))
    statuses = dict(Reply.objects.values_list("comment", "status"))
    assert statuses == {
        "Try our CASINO today": Reply.Status.SPAM,
        "Order cheap   pills": Reply.Status.SPAM,  # however the phrase is spaced
        "Casino\n\tRoyale tonight": Reply.Status.SPAM,
        "Nice": Reply.Status.SPAM,  # the name counts too
        "Casinos near me are closed, so I read guides.": Reply.Status.PENDING,  # whole words
        "Ordinary words, which (.*)+ as a regex would match": Reply.Status.SPAM,  # as text
    }
    assert Reply.objects.filter(spam_reason="disallowed").count() == 5
    assert len(mail.outbox) == 1  # "Casinos near me…" only


def test_a_long_disallowed_list_is_compiled_once_and_stays_fast(home):
    from guides import spam

    words = "\n".join(f"spamword{n}" for n in range(5000))
    spam.disallowed_pattern.cache_clear()
    text = "An ordinary reply about microneedling. " * 200
    for _ in range(50):
        assert spam.disallowed_word_in(words, text, "Sam", "sam@example.com") is None
    assert spam.disallowed_pattern.cache_info().misses == 1
    assert spam.disallowed_word_in(words, text + " SpamWord4999") == "SpamWord4999"


def test_csrf_is_enforced(guide):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(guide.url, reply_data())
    assert response.status_code == 403
    assert Reply.objects.count() == 0

    # With the token of the form that works without JavaScript, the same browser succeeds
    # (tests/test_reply_tokens.py covers the token endpoint of the cacheable page).
    page = browser.get(guide.url + "?reply")
    token = BeautifulSoup(page.content, "html.parser").find(
        "input", attrs={"name": "csrfmiddlewaretoken"}
    )["value"]
    data = reply_data(csrfmiddlewaretoken=token)
    assert browser.post(guide.url, data).status_code == 302
    assert Reply.objects.count() == 1


def test_replies_arrive_within_the_minimum_fill_time_setting(client, guide, reply_page, settings):
    settings.REPLIES_MIN_FILL_SECONDS = 0
    client.post(guide.url, reply_data(form_started=started_token(reply_page.pk, now=time.time())))
    assert Reply.objects.get().status == Reply.Status.PENDING


@override_settings(REPLIES_FLOOD_LIMITS=[(15, 1), (3600, 10)])
def test_a_published_replys_email_cannot_be_confirmed_by_posting_its_text_again(guide, reply_page):
    from tests.factories import ReplyFactory

    published = ReplyFactory(
        page=reply_page, guide=guide, author_email="priya@example.com", ip_hash="1" * 64
    )
    attacker = Client(REMOTE_ADDR="203.0.113.99")
    answers = {}
    for email in ("priya@example.com", "wrong@example.com"):
        guess = reply_data(comment=published.comment, name="X", email=email, website="")
        answers[email] = attacker.post(guide.url, guess).status_code
        Reply.objects.filter(ip_hash=Reply.objects.latest("pk").ip_hash).exclude(
            pk=published.pk
        ).delete()  # keep each guess the first from this address
    assert answers["priya@example.com"] == answers["wrong@example.com"] == 302

    # Over the flood limit, both guesses get the same 429.
    assert attacker.post(guide.url, reply_data(comment="A first reply.")).status_code == 302
    for email in ("priya@example.com", "wrong@example.com"):
        guess = reply_data(comment=published.comment, name="X", email=email, website="")
        assert attacker.post(guide.url, guess).status_code == 429, email


def test_a_doubled_honeypot_is_still_caught(client, guide):
    data = reply_data()
    data["homepage_url"] = ["http://spam.example", ""]
    client.post(guide.url, data)
    assert Reply.objects.get().spam_reason == "honeypot"
