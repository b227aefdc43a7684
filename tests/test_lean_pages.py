"""A lean guide page: a bounded number of queries whatever it shows, and the site snapshot
(home/site_snapshot.py) that saves most of them, never showing what has changed since."""

from datetime import date

from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from guides.models import PeoplePage, Person, ReplyFormField
from home import site_snapshot
from home.models import InformationPage, SiteSettings
from tests.factories import GuidePageFactory, ReplyFactory, benefits_body

GUIDE_PAGE_MOST_QUERIES = 8


def rendered(client, url):
    """``url`` rendered afresh: not a hit of the page cache (home/page_cache.py)."""
    caches["pages"].clear()
    return client.get(url)


def queries_and_soup(client, url):
    """The queries of a view of ``url`` once caches are warm, and the page."""
    client.get(url)  # warm caches: content types, renditions, the site snapshot
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries, BeautifulSoup(response.content, "html.parser")


def body_with(count, image, link_to):
    """``count`` benefits, each with a picture and a link to another page in its text."""
    body = benefits_body(*[f"Benefit {n}" for n in range(count)])
    for block in body:
        block["value"]["image"] = {"image": image.pk, "alt_text": "A", "decorative": False}
        block["value"]["body"] = (
            f'<p>See <a linktype="page" id="{link_to.pk}">the other guide</a>.</p>'
        )
    return body


@pytest.fixture
def full_guide(home, guide_index, reply_page):
    """A guide with everything a guide can show: a reviewer with a profile page, a hero
    image, topics shared with related guides that have pictures, and links in its text."""
    home.add_child(instance=PeoplePage(title="People", slug="people"))
    reviewer = Person.objects.create(name="Dr Ana Silva", credentials="MD", slug="ana-silva")
    neighbours = [
        GuidePageFactory(parent=guide_index, hero_image=ImageFactory(), hero_image_alt="x")
        for _ in range(3)
    ]
    for neighbour in neighbours:
        neighbour.topics.add("skin")
        neighbour.save_revision().publish()

    def make(blocks):
        guide = GuidePageFactory(
            parent=guide_index,
            body=body_with(blocks, ImageFactory(), neighbours[0]),
            hero_image=ImageFactory(),
            hero_image_alt="A hero",
            reviewer=reviewer,
            last_reviewed=date(2026, 11, 1),
        )
        guide.topics.add("skin", "ageing")
        guide.save_revision().publish()
        return guide

    return make


def test_a_full_guide_page_takes_at_most_8_queries_whatever_its_blocks_and_replies(
    client, full_guide, reply_page, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # rendered whole (fragments: tests/test_fragments.py)
    small, large = full_guide(5), full_guide(40)
    ReplyFactory.create_batch(
        100, page=reply_page, guide=large, answer="Thanks for asking.", answered_at=now()
    )
    small_queries, _ = queries_and_soup(client, small.url)
    large_queries, soup = queries_and_soup(client, large.url)

    # The page shows it all: 40 numbered benefits, the reviewer's profile link, three related
    # guides with pictures, 100 replies, and the reply form.
    assert len(soup.select(".benefit__number")) == 40
    assert soup.select_one(".review-badge a")["href"] == "/people/#ana-silva"
    assert len(soup.select(".related .guide-card img")) == 3
    assert soup.select_one("#replies-heading").get_text() == "100 replies"
    assert soup.select_one('#leave-a-reply textarea[name="comment"]') is not None
    assert len(small_queries) == len(large_queries) <= GUIDE_PAGE_MOST_QUERIES, [
        q["sql"][:120] for q in large_queries.captured_queries
    ]


def test_the_navigation_follows_a_page_published_after_it_was_snapshot(client, home, guide):
    def menu(soup):
        return [a.get_text() for a in soup.select(".site-nav a")]

    _, before = queries_and_soup(client, guide.url)
    assert menu(before) == ["Home", "Guides"]
    about = InformationPage(title="About us", slug="about", body="<p>Us.</p>", show_in_menus=True)
    home.add_child(instance=about)
    _, after = queries_and_soup(client, guide.url)
    assert menu(after) == ["Home", "Guides", "About us"]

    about.unpublish()
    _, unpublished = queries_and_soup(client, guide.url)
    assert menu(unpublished) == ["Home", "Guides"]


def test_changed_site_settings_show_at_the_next_view(client, home, guide):
    _, before = queries_and_soup(client, guide.url)
    assert "Healthy Skin Guides" in before.select_one(".site-header__brand").get_text()
    settings = SiteSettings.objects.get()
    settings.site_name = "Skin Facts"
    settings.save()
    soup = BeautifulSoup(rendered(client, guide.url).content, "html.parser")
    assert soup.select_one(".site-header__brand").get_text() == "Skin Facts"
    assert soup.title.get_text().endswith("| Skin Facts")


def test_a_field_added_to_the_reply_form_shows_under_guides_at_once(client, guide, reply_page):
    _, before = queries_and_soup(client, guide.url)
    assert before.select_one("#leave-a-reply [name=town]") is None
    reply_page.form_fields.add(
        ReplyFormField(label="Town", field_type="singleline", required=True, sort_order=9)
    )
    reply_page.save_revision().publish()
    soup = BeautifulSoup(rendered(client, guide.url).content, "html.parser")
    assert soup.select_one("#leave-a-reply [name=town]") is not None


def test_closing_replies_and_making_the_people_page_private_show_at_once(
    client, home, guide, reply_page
):
    home.add_child(instance=PeoplePage(title="People", slug="people"))
    people = PeoplePage.objects.get()
    guide.reviewer = Person.objects.create(name="Dr Lee", slug="lee")
    guide.last_reviewed = date(2026, 10, 1)
    guide.save_revision().publish()
    _, soup = queries_and_soup(client, guide.url)
    assert soup.select_one(".review-badge a")["href"] == "/people/#lee"
    assert soup.select_one("#leave-a-reply") is not None

    PageViewRestriction.objects.create(page=people, restriction_type="login")
    reply_page.unpublish()
    soup = BeautifulSoup(rendered(client, guide.url).content, "html.parser")
    assert soup.select_one(".review-badge a") is None  # no link to a page readers can't see
    assert soup.select_one("#leave-a-reply") is None


def test_another_app_server_changing_the_site_is_seen_here(client, guide):
    """Servers share the version in the cache: a new one from elsewhere (no signal in this
    process) makes this process read the site afresh."""
    queries_and_soup(client, guide.url)
    SiteSettings.objects.update(site_name="Changed elsewhere")  # no signal: another server
    assert "Changed elsewhere" not in rendered(client, guide.url).content.decode()  # still snapshot
    cache.set(site_snapshot.VERSION_KEY, "set-by-another-server")
    assert "Changed elsewhere" in rendered(client, guide.url).content.decode()
