"""The reply form on a cacheable page: no visitor's token in its HTML, tokens from the token
endpoint, and the no-JavaScript path (``?reply``) with its tokens rendered on the server."""

import time

from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from guides.models import Reply, ReplyFormPage
from guides.models.replies import WITH_TOKENS_PARAMETER
from guides.spam import started_token
from tests.replying import reply_data

pytestmark = pytest.mark.django_db


def form_of(response):
    return BeautifulSoup(response.content, "html.parser").select_one("#leave-a-reply form")


def token_url(form_page):
    return reverse("reply_tokens", args=[form_page.pk])


def reader_text(**overrides):
    """What a reader types, with the tokens in ``overrides`` only."""
    return reply_data(**{"form_started": None, **overrides})


class Clock:
    """The fill-time rule's clock (``guides.spam``), moved on by ``wait`` instead of sleeping."""

    def __init__(self):
        self.offset = 0

    def time(self):
        return time.time() + self.offset

    def wait(self, seconds):
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("guides.spam.time", clock)
    return clock


@pytest.fixture(params=["guide", "reply form page"])
def form_on(request, guide, reply_page):
    """Each page with a reply form: a guide, and the reply form page itself."""
    return guide if request.param == "guide" else reply_page


def test_the_page_holds_no_token_and_sets_no_cookie(form_on, reply_page):
    response = Client(enforce_csrf_checks=True).get(form_on.url)
    assert response.status_code == 200
    assert response.cookies == {}  # no csrftoken (nor any other) cookie: a cache may store it
    form = form_of(response)
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"] == ""
    assert not form.find("input", attrs={"name": "form_started"}).get("value")
    assert form["data-reply-tokens"] == token_url(reply_page)
    # Without the script nothing can post: the button waits, the note links to the other form.
    assert form.find("button", attrs={"type": "submit"}).has_attr("disabled")
    link = form.select_one("noscript").find("a")
    assert link["href"] == f"{form_on.url}?reply#leave-a-reply"
    assert form.select_one("#reply-token-error").has_attr("hidden")
    assert form.select_one("#reply-token-error a")["href"] == link["href"]
    script = BeautifulSoup(response.content, "html.parser").find(
        "script", src=lambda src: src and src.endswith("js/reply-form.js")
    )
    assert script is not None and script.has_attr("defer")


def test_the_token_endpoint_answers_uncached_with_a_csrf_cookie(reply_page):
    response = Client().get(token_url(reply_page))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response.cookies["csrftoken"].value
    tokens = response.json()
    assert set(tokens) == {"csrf", "started"}
    assert len(tokens["csrf"]) == CSRF_TOKEN_LENGTH
    assert Client().post(token_url(reply_page)).status_code == 405


def test_the_token_endpoint_knows_only_live_public_reply_forms(guide, reply_page):
    assert Client().get(token_url(guide)).status_code == 404  # a guide is not a reply form
    assert Client().get(reverse("reply_tokens", args=[987654])).status_code == 404
    reply_page.unpublish()
    assert Client().get(token_url(reply_page)).status_code == 404


def test_a_reply_with_the_endpoints_tokens_is_stored(form_on, reply_page, clock):
    browser = Client(enforce_csrf_checks=True)
    browser.get(form_on.url)
    tokens = browser.get(token_url(reply_page)).json()
    data = reader_text(csrfmiddlewaretoken=tokens["csrf"], form_started=tokens["started"])
    clock.wait(60)  # the reader writes for a minute
    response = browser.post(form_on.url, data)
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.status, reply.spam_reason) == (Reply.Status.PENDING, "")
    assert reply.guide_id == (None if form_on == reply_page else form_on.pk)
    assert "Thanks, your reply is awaiting moderation." in browser.get(form_on.url).text


def test_the_fill_time_starts_when_the_endpoint_issues_the_token(guide, reply_page):
    """Posting at once with a fresh token is what a bot does: stored as spam."""
    browser = Client(enforce_csrf_checks=True)
    tokens = browser.get(token_url(reply_page)).json()
    data = reader_text(csrfmiddlewaretoken=tokens["csrf"], form_started=tokens["started"])
    assert browser.post(guide.url, data).status_code == 302
    reply = Reply.objects.get()
    assert (reply.status, reply.spam_reason) == (Reply.Status.SPAM, "too_fast")


@pytest.mark.parametrize(
    "started",
    ["", "MTcwMDAwMDAwMA:forged:signature", "another form"],
    ids=["missing", "forged", "another-form"],
)
def test_a_missing_or_forged_fill_time_token_is_spam(guide, reply_page, clock, started):
    browser = Client(enforce_csrf_checks=True)
    tokens = browser.get(token_url(reply_page)).json()
    if started == "another form":
        started = started_token(reply_page.pk + 1)
    data = reader_text(csrfmiddlewaretoken=tokens["csrf"], form_started=started)
    clock.wait(60)
    assert browser.post(guide.url, data).status_code == 302
    reply = Reply.objects.get()
    assert (reply.status, reply.spam_reason) == (Reply.Status.SPAM, "too_fast")


@pytest.mark.parametrize("csrf", [None, "forged" * 8], ids=["missing", "forged"])
def test_a_post_without_a_valid_csrf_token_is_refused_and_keeps_the_text(
    guide, reply_page, clock, csrf
):
    browser = Client(enforce_csrf_checks=True)
    started = browser.get(token_url(reply_page)).json()["started"]
    comment = "Typed for a long time.\nPlease keep it."
    data = reader_text(comment=comment, csrfmiddlewaretoken=csrf, form_started=started)
    response = browser.post(guide.url, data)
    assert response.status_code == 403
    assert not Reply.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text() == "Your form wasn't sent"
    kept = {t["name"]: t.get_text() for t in soup.select("form textarea")}
    assert kept["comment"].strip() == comment and kept["name"] == "Sam Reader"
    assert "csrfmiddlewaretoken" not in kept

    # Sent again from that page (a fresh token, the first fill-time token kept), it is stored.
    again = {**kept, "form_started": soup.select_one("input[name=form_started]")["value"]}
    again["csrfmiddlewaretoken"] = soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    clock.wait(60)
    assert browser.post(soup.find("form")["action"], again).status_code == 302
    reply = Reply.objects.get()
    assert (reply.comment, reply.status) == (comment, Reply.Status.PENDING)


def test_the_no_script_form_carries_both_tokens_and_posts(form_on, reply_page, clock):
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(f"{form_on.url}?{WITH_TOKENS_PARAMETER}")
    assert response.cookies["csrftoken"].value
    form = form_of(response)
    assert form.get("data-reply-tokens") is None
    assert not form.find("button", attrs={"type": "submit"}).has_attr("disabled")
    assert form.select_one("noscript") is None
    csrf = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    started = form.find("input", attrs={"name": "form_started"})["value"]
    assert csrf and started
    clock.wait(60)
    assert (
        browser.post(form_on.url, reader_text(csrfmiddlewaretoken=csrf, form_started=started))[
            "Location"
        ]
        == form_on.url
    )
    assert Reply.objects.get().status == Reply.Status.PENDING


def test_a_post_with_errors_shows_the_form_again_with_its_tokens(guide, reply_page):
    browser = Client(enforce_csrf_checks=True)
    tokens = browser.get(token_url(reply_page)).json()
    data = reader_text(
        comment="Kept text",
        name="",
        csrfmiddlewaretoken=tokens["csrf"],
        form_started=tokens["started"],
    )
    response = browser.post(guide.url, data)
    assert response.status_code == 200
    form = form_of(response)
    assert form.find("textarea", attrs={"name": "comment"}).get_text().strip() == "Kept text"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    # The fill-time clock keeps running from the token the reader was given.
    assert form.find("input", attrs={"name": "form_started"})["value"] == tokens["started"]
    assert not form.find("button", attrs={"type": "submit"}).has_attr("disabled")
    assert not Reply.objects.exists()


@pytest.mark.parametrize("restricted", ["form", "home"], ids=["the-form", "its-parent"])
def test_a_reply_form_in_a_private_section_takes_no_replies(guide, reply_page, home, restricted):
    PageViewRestriction.objects.create(
        page=reply_page if restricted == "form" else home, restriction_type="login"
    )
    assert Client().get(token_url(reply_page)).status_code == 404
    assert not ReplyFormPage.open_for_replies().exists()


def test_a_restriction_elsewhere_leaves_replies_open(guide, reply_page, guide_index):
    """A private section whose path starts like the form's (a sibling) restricts nothing here."""
    PageViewRestriction.objects.create(page=guide_index, restriction_type="login")
    assert Client().get(token_url(reply_page)).status_code == 200
    assert list(ReplyFormPage.open_for_replies()) == [reply_page]
