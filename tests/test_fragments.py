"""Fragments of pages kept in the cache (home/fragments.py, ``{% sitefragment %}``) and pages
kept from routing (``HomePage.route``): a page the page cache does not hold (an address with
a query string, such as a campaign link) is mostly read from them, and never shows what has
changed since they were kept."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from guides.models import PeoplePage, Person, Reply
from home import fragments
from home.models import SiteSettings
from tests.factories import GuidePageFactory, ReplyFactory, benefits_body

CAMPAIGN = "?utm_source=newsletter"  # never answered from the page cache


def soup_of(client, url, **extra):
    response = client.get(url + CAMPAIGN, **extra)
    assert response.status_code == 200
    assert response["X-Cache"] == "bypass"
    return BeautifulSoup(response.content, "html.parser")


def structured_data(soup):
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


@pytest.fixture
def linked_guide(guide_index, guide):
    """A guide whose body links to ``guide``, with a topic it shares with it."""
    other = GuidePageFactory(
        parent=guide_index,
        title="Peels explained",
        body=[
            {
                "type": "benefit",
                "value": {
                    "heading": "Smoother skin",
                    "body": f'<p>Compare <a linktype="page" id="{guide.pk}">this one</a>.</p>',
                },
            }
        ],
    )
    for page in (guide, other):
        page.topics.add("skin")
        page.save_revision().publish()
    return other


def test_a_guide_read_again_comes_from_its_fragments_with_one_query_at_most(
    client, linked_guide, reply_page
):
    ReplyFactory.create_batch(3, page=reply_page, guide=linked_guide)
    first = soup_of(client, linked_guide.url)
    with CaptureQueriesContext(connection) as queries:
        again = soup_of(client, linked_guide.url)
    assert len(queries) <= 1, [q["sql"][:120] for q in queries.captured_queries]
    # The very page: article, related guide, replies, the empty form and the structured data.
    assert str(again) == str(first)
    assert again.select_one("h1").get_text() == "Peels explained"
    assert again.select_one(".guide__body a")["href"] == "/guides/microneedling-basics/"
    assert [a.get_text() for a in again.select(".related .guide-card a")] == [
        "Microneedling basics"
    ]
    assert again.select_one("#replies-heading").get_text() == "3 replies"
    assert again.select_one('#leave-a-reply textarea[name="comment"]') is not None
    assert structured_data(again)["@graph"][0]["commentCount"] == 3


def test_publishing_a_change_shows_at_once(client, linked_guide):
    soup_of(client, linked_guide.url)
    linked_guide.body = benefits_body("Brighter skin", "Fewer spots")
    linked_guide.save_revision().publish()
    soup = soup_of(client, linked_guide.url)
    assert [h.get_text(" ", strip=True) for h in soup.select(".benefit h2")] == [
        "1. Brighter skin",
        "2. Fewer spots",
    ]
    assert [a.get_text() for a in soup.select(".toc a")] == ["Brighter skin", "Fewer spots"]


def test_what_a_guide_shows_of_other_pages_follows_them(client, guide, linked_guide):
    """A linked page moved and renamed: the link, the related guide card and the
    breadcrumbs of the guide that shows them follow."""
    soup_of(client, linked_guide.url)
    guide.title, guide.slug = "Microneedling at home", "microneedling-at-home"
    guide.save_revision().publish()
    soup = soup_of(client, linked_guide.url)
    assert soup.select_one(".guide__body a")["href"] == "/guides/microneedling-at-home/"
    assert soup.select_one(".related .guide-card a").get_text() == "Microneedling at home"


def test_an_approved_reply_shows_at_once_and_an_unapproved_one_goes(client, guide, reply_page):
    before = soup_of(client, guide.url)
    assert before.select_one("#replies") is None
    reply = ReplyFactory(page=reply_page, guide=guide, status=Reply.Status.PENDING)
    assert soup_of(client, guide.url).select_one("#replies") is None  # waits for moderation
    reply.status = Reply.Status.APPROVED
    reply.save()
    soup = soup_of(client, guide.url)
    assert soup.select_one("#replies-heading").get_text() == "1 reply"
    assert structured_data(soup)["@graph"][0]["commentCount"] == 1
    reply.status = Reply.Status.SPAM
    reply.save()
    soup = soup_of(client, guide.url)
    assert soup.select_one("#replies") is None
    assert "comment" not in structured_data(soup)["@graph"][0]


def test_a_reviewer_renamed_and_a_new_disclaimer_show_at_once(client, home, guide):
    home.add_child(instance=PeoplePage(title="People", slug="people"))
    guide.reviewer = Person.objects.create(name="Dr Lee", credentials="MD", slug="lee")
    guide.last_reviewed = guide.published_date
    guide.save_revision().publish()
    soup_of(client, guide.url)
    person = Person.objects.get(pk=guide.reviewer_id)
    person.name = "Dr Kim Lee"
    person.save()
    assert "Dr Kim Lee" in soup_of(client, guide.url).select_one(".review-badge").get_text()
    settings = SiteSettings.objects.get()
    settings.medical_disclaimer = "<p>Ask your own doctor first.</p>"
    settings.save()
    soup = soup_of(client, guide.url)
    assert "Dr Kim Lee" in soup.select_one(".review-badge").get_text()
    assert (
        soup.select_one(".guide__disclaimer")
        .get_text(" ", strip=True)
        .endswith("Ask your own doctor first.")
    )


def test_an_unpublished_or_restricted_guide_is_no_longer_served(client, guide):
    soup_of(client, guide.url)  # kept from routing, its fragments kept
    PageViewRestriction.objects.create(page=guide, restriction_type="login")
    response = client.get(guide.url + CAMPAIGN)
    assert response.status_code == 302 and "/login" in response["Location"]
    PageViewRestriction.objects.all().delete()
    soup_of(client, guide.url)
    guide.unpublish()
    assert client.get(guide.url + CAMPAIGN).status_code == 404


def test_another_address_of_the_site_gets_its_own_full_urls(client, guide, settings):
    """Addresses made from the request (the share image's) are the address asked for."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    guide.hero_image, guide.hero_image_alt = ImageFactory(), "A face"
    guide.save_revision().publish()

    def share_image(soup):
        return soup.select_one('meta[property="og:image"]')["content"]

    assert share_image(soup_of(client, guide.url)).startswith("http://testserver/")
    assert share_image(soup_of(client, guide.url, HTTP_HOST="localhost")).startswith(
        "http://localhost/"
    )


def test_a_preview_never_uses_or_fills_the_fragments(client, guide):
    soup_of(client, guide.url)  # fragments kept
    guide.title = "A draft title"
    preview = BeautifulSoup(guide.make_preview_request().content, "html.parser")
    assert preview.select_one("h1").get_text() == "A draft title"
    assert soup_of(client, guide.url).select_one("h1").get_text() == "Microneedling basics"


def test_fragments_are_made_afresh_when_their_cache_does_not_answer(client, guide, monkeypatch):
    """(Wagtail itself needs the default cache for its site root paths: docs/caching.md.)"""
    soup_of(client, guide.url)

    class Away:
        def get(self, *args, **kwargs):
            raise ConnectionError("Redis is away")

        set = get

    monkeypatch.setattr(fragments, "cache", Away())
    soup = soup_of(client, guide.url)
    assert soup.select_one("h1").get_text() == "Microneedling basics"
    assert soup.select_one('#leave-a-reply textarea[name="comment"]') is not None
