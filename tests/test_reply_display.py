"""Approved replies appear under their guide; nothing else does, and never an email."""

from datetime import timedelta

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from guides.models import Reply
from tests.factories import GuidePageFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def replies_on(client, guide):
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    return soup, [
        (
            reply.select_one(".reply__author").get_text(),
            reply.select_one(".reply__body").get_text().strip(),
        )
        for reply in soup.select("#replies .reply")
    ]


def test_only_approved_replies_show_oldest_first_under_a_count(client, guide, reply_page):
    now = timezone.now()
    for name, status, age in [
        ("Newer", Reply.Status.APPROVED, 1),
        ("Pending", Reply.Status.PENDING, 3),
        ("Spammer", Reply.Status.SPAM, 3),
        ("Binned", Reply.Status.TRASH, 3),
        ("Older", Reply.Status.APPROVED, 2),
    ]:
        reply = ReplyFactory(page=reply_page, guide=guide, author_name=name, status=status)
        Reply.objects.filter(pk=reply.pk).update(submit_time=now - timedelta(days=age))
    soup, shown = replies_on(client, guide)
    assert [name for name, _ in shown] == ["Older", "Newer"]
    assert soup.select_one("#replies h2").get_text() == "2 replies"
    html = str(soup)
    for hidden in ("Pending", "Spammer", "Binned"):
        assert hidden not in html


def test_one_reply_is_counted_in_the_singular_and_none_shows_no_list(client, guide, reply_page):
    soup, _ = replies_on(client, guide)
    assert soup.select_one("#replies") is None
    ReplyFactory(page=reply_page, guide=guide)
    soup, _ = replies_on(client, guide)
    assert soup.select_one("#replies h2").get_text() == "1 reply"


def test_replies_show_on_their_own_guide_only(client, guide, guide_index, reply_page):
    other = GuidePageFactory(parent=guide_index)
    ReplyFactory(page=reply_page, guide=other, author_name="Elsewhere")
    _, shown = replies_on(client, guide)
    assert shown == []
    _, shown = replies_on(client, other)
    assert [name for name, _ in shown] == ["Elsewhere"]


def test_name_links_to_the_website_with_safe_rel_and_text_keeps_line_breaks(
    client, guide, reply_page
):
    ReplyFactory(
        page=reply_page,
        guide=guide,
        author_name="Web Person",
        author_url="https://web.example",
        comment="First line\nSecond line\n\nNew paragraph",
    )
    ReplyFactory(page=reply_page, guide=guide, author_name="No Site", author_url="")
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    first, second = soup.select("#replies .reply")
    link = first.select_one(".reply__author a")
    assert link["href"] == "https://web.example"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert [str(p) for p in first.select(".reply__body p")] == [
        "<p>First line<br/>Second line</p>",
        "<p>New paragraph</p>",
    ]
    assert second.select_one(".reply__author a") is None
    assert first.select_one("time")["datetime"]


def test_no_email_address_appears_on_any_public_page(client, guide, reply_page, home):
    ReplyFactory(page=reply_page, guide=guide, author_email="secret-reader@example.com")
    for url in (guide.url, guide.get_parent().url, home.url, reply_page.url, "/search/?q=reader"):
        html = client.get(url).content.decode()
        assert "secret-reader" not in html, url
        assert "@example.com" not in html, url


def test_a_guide_runs_the_same_queries_with_0_and_100_replies(client, guide, reply_page):
    client.get(guide.url)  # warm caches (site root, content types)
    caches["pages"].clear()  # count the page's render, not a hit of the page cache
    with CaptureQueriesContext(connection) as none:
        assert client.get(guide.url).status_code == 200
    ReplyFactory.create_batch(100, page=reply_page, guide=guide)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as hundred:
        response = client.get(guide.url)
    assert "100 replies" in response.content.decode()
    assert len(hundred) == len(none), [q["sql"] for q in hundred.captured_queries]
