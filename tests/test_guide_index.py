"""The guide index: newest first, 12 a page, forgiving ?page=, ?topic= filter."""

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
def thirty_guides(guide_index):
    start = date(2026, 1, 1)
    return [
        GuidePageFactory(
            parent=guide_index, title=f"Guide {n:02d}", published_date=start + timedelta(days=n)
        )
        for n in range(30)
    ]


def test_newest_first_twelve_a_page(client, guide_index, thirty_guides):
    titles, soup = listed_titles(client, guide_index.url)
    assert titles == [f"Guide {n:02d}" for n in range(29, 17, -1)]
    assert "Page 1 of 3" in soup.select_one(".pagination").get_text()
    titles, _ = listed_titles(client, guide_index.url + "?page=3")
    assert titles == [f"Guide {n:02d}" for n in range(5, -1, -1)]


@pytest.mark.parametrize(
    ("page", "expected_page"),
    [("0", 1), ("-4", 1), ("99", 3), ("abc", 1), ("", 1), ("2.5", 1), ("%00", 1)],
)
def test_out_of_range_or_bad_page_gives_nearest_valid_page(
    client, guide_index, thirty_guides, page, expected_page
):
    titles, soup = listed_titles(client, f"{guide_index.url}?page={page}")
    assert f"Page {expected_page} of 3" in soup.select_one(".pagination").get_text()
    assert len(titles) == (6 if expected_page == 3 else 12)


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
