"""Site search finds live guides by their words."""

from bs4 import BeautifulSoup

from tests.factories import GuidePageFactory, benefits_body


def test_search_finds_a_guide_by_a_word_in_its_body(client, guide_index):
    GuidePageFactory(
        parent=guide_index, title="Collagen guide", body=benefits_body("Elastin boost")
    )
    GuidePageFactory(parent=guide_index, title="Other guide")
    GuidePageFactory(parent=guide_index, title="Hidden collagen draft", live=False)
    response = client.get("/search/?q=collagen")
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text() for a in soup.select(".search-results h2 a")]
    assert titles == ["Collagen guide"]
    assert soup.find(role="status").get_text() == "1 result"
    assert soup.find("h1").get_text() == "Search results for “collagen”"


def test_empty_and_unmatched_queries(client, guide_index):
    soup = BeautifulSoup(client.get("/search/").content, "html.parser")
    assert soup.find("h1").get_text() == "Search"
    assert not soup.select(".search-results")
    soup = BeautifulSoup(client.get("/search/?q=zzzxqy").content, "html.parser")
    assert "Nothing matched" in soup.get_text()


def test_query_is_escaped(client, guide_index):
    response = client.get("/search/?q=<script>alert(1)</script>")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_results_come_a_page_at_a_time_and_page_links_keep_the_query(client, guide_index, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 1
    for title in ("Collagen one", "Collagen two"):
        GuidePageFactory(parent=guide_index, title=title)
    soup = BeautifulSoup(client.get("/search/?q=collagen").content, "html.parser")
    first = [a.get_text() for a in soup.select(".search-results h2 a")]
    pagination = soup.select_one("nav.pagination")
    assert pagination["aria-label"] == "Pages of results"
    assert "Page 1 of 2" in pagination.get_text()
    next_url = pagination.select_one('a[rel="next"]')["href"]
    assert next_url == "?q=collagen&page=2"
    soup = BeautifulSoup(client.get("/search/" + next_url).content, "html.parser")
    second = [a.get_text() for a in soup.select(".search-results h2 a")]
    assert sorted(first + second) == ["Collagen one", "Collagen two"]
