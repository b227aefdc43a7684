"""The guide index: newest first, a page at a time, ?topic= filter. (?page= edge cases:
tests/test_pagination.py.)"""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from tests.factories import GuidePageFactory


def listed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".guide-card__title a")], soup


@pytest.fixture
def five_guides(guide_index, settings):
    settings.GUIDES_PER_PAGE = 2
    start = date(2026, 1, 1)
    return [
        GuidePageFactory(
            parent=guide_index, title=f"Guide {n}", published_date=start + timedelta(days=n)
        )
        for n in range(5)
    ]


def test_newest_first_a_page_at_a_time(client, guide_index, five_guides):
    titles, soup = listed_titles(client, guide_index.url)
    assert titles == ["Guide 4", "Guide 3"]
    pagination = soup.select_one("nav.pagination")
    assert pagination["aria-label"] == "Pages of guides"
    assert "Page 1 of 3" in pagination.get_text()
    assert soup.select_one('a[rel="prev"]') is None

    titles, soup = listed_titles(client, guide_index.url + soup.select_one('a[rel="next"]')["href"])
    assert titles == ["Guide 2", "Guide 1"]
    titles, soup = listed_titles(client, guide_index.url + soup.select_one('a[rel="next"]')["href"])
    assert titles == ["Guide 0"]
    assert soup.select_one('a[rel="next"]') is None
    assert soup.select_one('a[rel="prev"]')["href"] == "?page=2"


def test_page_links_keep_the_topic(client, guide_index, five_guides):
    for guide in five_guides:
        guide.topics.add("Peels")
        guide.save_revision().publish()
    _, soup = listed_titles(client, guide_index.url + "?topic=peels")
    assert soup.select_one('a[rel="next"]')["href"] == "?topic=peels&page=2"


def test_one_page_of_guides_shows_no_page_links(client, guide_index):
    GuidePageFactory(parent=guide_index)
    _, soup = listed_titles(client, guide_index.url)
    assert soup.select_one("nav.pagination") is None


def test_topic_filter_lists_only_that_topics_guides(client, guide_index):
    peel = GuidePageFactory(parent=guide_index, title="Peel guide")
    peel.topics.add("Chemical peels")
    peel.save()
    needle = GuidePageFactory(parent=guide_index, title="Needle guide")
    needle.topics.add("Microneedling")
    needle.save()

    titles, soup = listed_titles(client, guide_index.url + "?topic=chemical-peels")
    assert titles == ["Peel guide"]
    assert soup.find("h1").get_text() == "Guides: Chemical peels"
    current = soup.select_one('.topic-filter a[aria-current="page"]')
    assert current.get_text() == "Chemical peels"

    titles, soup = listed_titles(client, guide_index.url + "?topic=no-such-topic")
    assert titles == []
    assert "No guides about this topic yet" in soup.get_text()


def test_drafts_are_not_listed(client, guide_index):
    GuidePageFactory(parent=guide_index, title="Published guide")
    GuidePageFactory(parent=guide_index, title="Draft guide", live=False)
    titles, _ = listed_titles(client, guide_index.url)
    assert titles == ["Published guide"]


def test_home_page_lists_latest_guides_and_links_to_the_index(client, home, guide_index):
    GuidePageFactory(parent=guide_index, title="Older", published_date=date(2026, 1, 1))
    GuidePageFactory(parent=guide_index, title="Newer", published_date=date(2026, 2, 1))
    titles, soup = listed_titles(client, home.url)
    assert titles == ["Newer", "Older"]
    assert soup.find("a", string="See all guides")["href"] == guide_index.url
    assert soup.select_one('nav[aria-label="Main"] a[href="/guides/"]').get_text() == "Guides"


def test_home_page_features_the_newest_guide_and_the_topics(client, home, guide_index):
    older = GuidePageFactory(parent=guide_index, title="Older", published_date=date(2026, 1, 1))
    older.topics.add("Acne")
    older.save_revision().publish()
    newer = GuidePageFactory(parent=guide_index, title="Newer", published_date=date(2026, 2, 1))
    newer.topics.add("Hydration")
    newer.save_revision().publish()
    _, soup = listed_titles(client, home.url)
    assert soup.find("h1").get_text() == home.hero_heading
    featured = soup.select_one(".home-hero__featured")
    assert featured.select_one(".guide-card__title").get_text() == "Newer"
    assert [a.get_text() for a in soup.select(".guide-grid .guide-card__title a")] == ["Older"]
    topics = soup.find("h2", string="Browse by topic").find_next("ul")
    assert [(a.get_text(), a["href"]) for a in topics.find_all("a")] == [
        ("Acne", "/guides/?topic=acne"),
        ("Hydration", "/guides/?topic=hydration"),
    ]


def test_cards_show_the_guides_picture_as_renditions(client, guide_index):
    from wagtail_factories import ImageFactory

    GuidePageFactory(
        parent=guide_index,
        title="Pictured",
        hero_image=ImageFactory(),
        hero_image_alt="A jar of cream on a shelf",
    )
    GuidePageFactory(parent=guide_index, title="Plain")
    _, soup = listed_titles(client, guide_index.url)
    cards = {c.select_one(".guide-card__title").get_text(): c for c in soup.select(".guide-card")}
    pictured, plain = cards["Pictured"], cards["Plain"]
    img = pictured.select_one("picture img")
    assert img["alt"] == "A jar of cream on a shelf" and img["loading"] == "lazy"
    assert "fill-400x225" in img["src"]
    assert {s["type"] for s in pictured.select("picture source")} == {"image/avif", "image/webp"}
    assert not plain.select("picture")


def test_a_kept_page_of_guides_follows_every_change(client, guide_index, five_guides):
    """Pages of guides by topic or number are kept until the site changes (home/fragments.py)."""
    for guide in five_guides:
        guide.topics.add("Peels")
        guide.save_revision().publish()
    url = guide_index.url + "?topic=peels"
    titles, soup = listed_titles(client, url)
    assert titles == ["Guide 4", "Guide 3"] and "Page 1 of 3" in soup.get_text()
    assert listed_titles(client, url)[0] == ["Guide 4", "Guide 3"]  # the kept one

    newest = GuidePageFactory(parent=guide_index, title="Guide 5", published_date=date(2027, 1, 1))
    newest.topics.add("Peels")
    newest.save_revision().publish()
    titles, soup = listed_titles(client, url)
    assert titles == ["Guide 5", "Guide 4"] and "Page 1 of 3" in soup.get_text()

    five_guides[4].unpublish()
    five_guides[3].title = "Guide 3, renamed"
    five_guides[3].save_revision().publish()
    titles, soup = listed_titles(client, url + "&page=3")
    assert titles == ["Guide 0"] and "Page 3 of 3" in soup.get_text()
    assert listed_titles(client, url)[0] == ["Guide 5", "Guide 3, renamed"]


def test_a_kept_page_of_guides_keeps_no_visitors_parameters(client, guide_index, five_guides):
    _, soup = listed_titles(client, guide_index.url + "?page=2&utm_source=someone")
    assert soup.select_one('a[rel="next"]')["href"] == "?page=3&utm_source=someone"
    _, soup = listed_titles(client, guide_index.url + "?page=2")
    assert soup.select_one('a[rel="next"]')["href"] == "?page=3"
    assert "someone" not in str(soup)
