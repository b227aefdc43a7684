"""Site search: live, public guides only, weighted, highlighted, filtered by topic, with
promoted results first and suggestions when nothing matched."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.search import index

import pytest
from bs4 import BeautifulSoup
from modelsearch.backends.database.postgres.weights import determine_boosts_weights, get_boosts

from guides.models import GuidePage
from search.hits import tally
from search.ranking import RankedGuides, ranked_guides
from tests.factories import GuideIndexPageFactory, GuidePageFactory, benefits_body

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's ranking (CI runs it)"
)


def benefit(heading, text):
    """A benefit block whose heading and body are given separately (StreamField raw data)."""
    return {"type": "benefit", "value": {"heading": heading, "body": f"<p>{text}</p>"}}


def search(client, query="", **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def result_titles(soup):
    return [a.get_text() for a in soup.select("ol.search-results h3 a")]


def status(soup):
    return soup.find(role="status").get_text()


@pytest.fixture
def fresh_tally(settings):
    """Searches counted from zero, written after every ``SEARCH_HITS_BATCH_SIZE``."""
    settings.SEARCH_HITS_BATCH_SIZE = 3
    tally.reset()
    return tally


def test_search_finds_live_public_guides_and_nothing_else(client, home, guide_index):
    GuidePageFactory(parent=guide_index, title="Collagen guide", body=benefits_body("Elastin"))
    GuidePageFactory(parent=guide_index, title="Other guide")
    GuidePageFactory(parent=guide_index, title="Collagen draft", live=False)
    private = GuidePageFactory(parent=guide_index, title="Collagen for members")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    GuideIndexPageFactory(parent=home, slug="more", title="Collagen index")

    soup = search(client, "collagen")
    assert result_titles(soup) == ["Collagen guide"]
    assert status(soup) == "1 result"
    assert soup.find("h1").get_text() == "Search results for “collagen”"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_the_words_searched_for_are_marked_in_the_title_and_an_escaped_snippet(client, guide_index):
    GuidePageFactory(
        parent=guide_index,
        title="Peels <b>explained</b>",
        intro="<p>Chemical peels remove the top layer &lt;script&gt;alert(1)&lt;/script&gt;.</p>",
        body=[benefit("Brighter tone", "A peel evens out patches.")],
    )
    soup = search(client, "peels")
    [result] = soup.select("ol.search-results li")
    title = result.find("h3")
    assert title.get_text() == "Peels <b>explained</b>"
    assert [mark.get_text() for mark in title.find_all("mark")] == ["Peels"]
    summary = result.find("p")
    assert [mark.get_text() for mark in summary.find_all("mark")] == ["peels", "peel"]
    assert "<script>alert(1)</script>" in summary.get_text()
    assert not result.find("script") and not result.find("b")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "crème brûlée 日本語 🧴",
        "' OR 1=1; DROP TABLE guides_guidepage; --",
        '"><script>alert(1)</script>',
        "a & b | !c (:* <-> ''",
        "-",
        "the",
    ],
)
def test_odd_queries_give_an_ordinary_page(client, guide, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(role="status").get_text().endswith(("result", "results"))
    assert not soup.select("ol.search-results script")
    assert b"<script>alert(1)</script>" not in response.content
    assert len(soup.find("input", attrs={"name": "q"})["value"]) <= 200


def test_no_query_shows_the_form_alone(client, guide):
    soup = search(client)
    assert soup.find("h1").get_text() == "Search"
    assert not soup.find(role="status") and not soup.select(".search-results")


def test_nothing_matched_offers_the_newest_guides(client, guide_index):
    GuidePageFactory(parent=guide_index, title="Old guide", published_date="2025-01-01")
    GuidePageFactory(parent=guide_index, title="New guide", published_date="2026-01-01")
    soup = search(client, "zzzxqy")
    assert status(soup) == "0 results"
    assert "Nothing matched “zzzxqy”" in soup.get_text()
    newest = soup.find("h2", string="Newest guides").find_next("ul")
    assert [a.get_text() for a in newest.find_all("a")] == ["New guide", "Old guide"]


@on_postgresql
def test_a_misspelt_query_suggests_guides_with_similar_words(client, guide_index):
    GuidePageFactory(parent=guide_index, title="Microneedling for beginners")
    GuidePageFactory(parent=guide_index, title="Hydration habits")
    soup = search(client, "microneedlng")
    assert status(soup) == "0 results"
    similar = soup.find("h2", string="Guides with similar words").find_next("ul")
    assert [a.get_text() for a in similar.find_all("a")] == ["Microneedling for beginners"]
    for short in ("a", "' OR 1=1"):  # short words are similar to everything: not compared
        soup = search(client, short)
        assert not soup.find("h2", string="Guides with similar words")


def test_the_topic_filter_keeps_to_one_topic(client, guide_index):
    acne = GuidePageFactory(parent=guide_index, title="Skin and acne")
    acne.topics.add("Acne")
    acne.save_revision().publish()
    scars = GuidePageFactory(parent=guide_index, title="Skin and scars")
    scars.topics.add("Scars")
    scars.save_revision().publish()
    hidden = GuidePageFactory(parent=guide_index, title="Skin draft", live=False)
    hidden.topics.add("Hidden topic")
    hidden.save()

    soup = search(client, "skin", topic="acne")
    assert result_titles(soup) == ["Skin and acne"]
    assert status(soup) == "1 result about Acne"
    options = soup.find("select", attrs={"name": "topic"}).find_all("option")
    assert [(o["value"], o.get_text()) for o in options] == [
        ("", "All topics"),
        ("acne", "Acne"),
        ("scars", "Scars"),
    ]
    assert soup.find("option", selected=True)["value"] == "acne"
    assert sorted(result_titles(search(client, "skin"))) == ["Skin and acne", "Skin and scars"]

    soup = search(client, "skin", topic="no-such-topic")
    assert status(soup) == "0 results"


def test_results_come_a_page_at_a_time_and_page_links_keep_the_query(client, guide_index, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 1
    for title in ("Collagen one", "Collagen two"):
        GuidePageFactory(parent=guide_index, title=title)
    soup = search(client, "collagen")
    first = result_titles(soup)
    pagination = soup.select_one("nav.pagination")
    assert pagination["aria-label"] == "Pages of results"
    assert "Page 1 of 2" in pagination.get_text()
    next_url = pagination.select_one('a[rel="next"]')["href"]
    assert next_url == "?q=collagen&page=2"
    soup = BeautifulSoup(client.get("/search/" + next_url).content, "html.parser")
    second = result_titles(soup)
    assert soup.select_one("ol.search-results")["start"] == "2"
    assert sorted(first + second) == ["Collagen one", "Collagen two"]


def test_a_promoted_result_comes_first_and_only_once(client, guide_index):
    GuidePageFactory(parent=guide_index, title="Collagen basics")
    promoted = GuidePageFactory(parent=guide_index, title="Collagen for experts")
    unpublished = GuidePageFactory(parent=guide_index, title="Collagen soon", live=False)
    query = Query.get("Collagen")
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=0)
    SearchPromotion.objects.create(query=query, page=unpublished, sort_order=1)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/collagen",
        external_link_text="Collagen, by a dermatology society",
        sort_order=2,
    )

    soup = search(client, "collagen")
    recommended = soup.find("section", class_="search-promotions")
    assert recommended.find("h2").get_text() == "Recommended"
    assert [a.get_text() for a in recommended.find_all("a")] == [
        "Collagen for experts",
        "Collagen, by a dermatology society",
    ]
    assert result_titles(soup) == ["Collagen basics"]
    assert status(soup) == "3 results"


def test_searching_writes_nothing_until_a_batch_is_full(client, guide, fresh_tally):
    search(client)  # the site's settings are made on the first visit, not by searching
    with CaptureQueriesContext(connection) as queries:
        search(client, "Firmer skin")
        search(client, "firmer   SKIN")
    # Reads only (the ranking's transaction, planner settings and WITH write nothing).
    reads = ("SELECT", "WITH", "SAVEPOINT", "RELEASE", "SET", "BEGIN", "COMMIT")
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() not in reads]
    assert writes == []
    assert not QueryDailyHits.objects.exists()

    search(client, "collagen")
    hits = {h.query.query_string: h.hits for h in QueryDailyHits.objects.select_related("query")}
    assert hits == {"firmer skin": 2, "collagen": 1}

    search(client, "collagen", page=2)  # paging through results is not another search
    assert fresh_tally.counts == {}


def test_the_search_page_costs_the_same_queries_for_2_or_20_results(
    client, guide_index, django_assert_max_num_queries
):
    for n in range(2):
        GuidePageFactory(parent=guide_index, title=f"Collagen {n}", body=benefits_body("A", "B"))
    with CaptureQueriesContext(connection) as few:
        search(client, "collagen")
    for n in range(2, 20):
        GuidePageFactory(parent=guide_index, title=f"Collagen {n}", body=benefits_body("A", "B"))
    with django_assert_max_num_queries(len(few)):
        soup = search(client, "collagen")
    assert len(result_titles(soup)) == 10


def test_suggestions_are_titles_of_live_guides_as_the_reader_types(client, guide_index):
    GuidePageFactory(parent=guide_index, title="Hydrated skin habits")
    GuidePageFactory(parent=guide_index, title="Hydration drafts", live=False)
    GuidePageFactory(parent=guide_index, title="Chemical peels")
    response = client.get("/search/suggestions/", {"q": "hydr"})
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    assert json.loads(response.content) == {"suggestions": ["Hydrated skin habits"]}
    assert json.loads(client.get("/search/suggestions/", {"q": "h"}).content) == {"suggestions": []}
    assert client.get("/search/suggestions/", {"q": "'; <b>" * 100}).status_code == 200


def test_guide_fields_fall_in_four_weight_classes_title_intro_headings_body():
    """PostgreSQL has four weights; every boost in the project decides who gets which."""
    weights = dict(determine_boosts_weights(get_boosts()))
    searched = [f for f in GuidePage.get_search_fields() if isinstance(f, index.SearchField)]
    assert max(weights[f.boost] for f in searched if f.field_name == "title") == "A"
    assert {
        f.field_name: weights.get(f.boost, "D") for f in searched if f.field_name != "title"
    } == {
        "intro": "B",
        "benefit_headings": "C",
        "body": "D",
    }


@on_postgresql
def test_relevance_over_thirty_guides(client, guide_index):
    """Title words first; a word in one guide's benefit heading above guides that mention it
    only in their bodies; an editor's promotion above everything."""
    for n in range(30):
        GuidePageFactory(
            parent=guide_index,
            title=f"Everyday skin care {n}",
            intro="<p>Habits for calmer skin.</p>",
            body=[
                benefit("Gentle cleansing", "Rinse with lukewarm water."),
                benefit("Sun protection", "Use sunscreen; niacinamide helps. " * (n % 3 + 1)),
            ],
        )
    GuidePageFactory(
        parent=guide_index,
        title="Barrier repair",
        body=[benefit("Niacinamide strengthens the barrier", "Apply it every morning.")],
    )
    GuidePageFactory(parent=guide_index, title="Retinoids explained")
    GuidePageFactory(
        parent=guide_index,
        title="Night routines",
        intro="<p>Retinoids work while you sleep.</p>",
    )

    assert result_titles(search(client, "retinoids"))[:2] == [
        "Retinoids explained",
        "Night routines",
    ]
    assert result_titles(search(client, "niacinamide"))[0] == "Barrier repair"

    promoted = GuidePage.objects.get(title="Everyday skin care 7")
    SearchPromotion.objects.create(query=Query.get("niacinamide"), page=promoted, sort_order=0)
    soup = search(client, "niacinamide")
    assert soup.select_one(".search-promotions a").get_text() == "Everyday skin care 7"
    assert result_titles(soup)[0] == "Barrier repair"
    assert status(soup) == "31 results"  # the promoted guide is counted once


def test_promotions_keep_to_guides_and_to_the_chosen_topic(client, home, guide_index):
    acne = GuidePageFactory(parent=guide_index, title="Skin and acne")
    acne.topics.add("Acne")
    acne.save_revision().publish()
    peels = GuidePageFactory(parent=guide_index, title="Skin peels")
    peels.topics.add("Peels")
    peels.save_revision().publish()
    query = Query.get("skin")
    SearchPromotion.objects.create(query=query, page=peels, sort_order=0)
    SearchPromotion.objects.create(query=query, page=guide_index, sort_order=1)  # not a guide
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org",
        external_link_text="Elsewhere",
        sort_order=2,
    )

    soup = search(client, "skin")
    promoted = [a.get_text() for a in soup.select(".search-promotions a")]
    assert promoted == ["Skin peels", "Elsewhere"]
    soup = search(client, "skin", topic="acne")
    assert not soup.select(".search-promotions")
    assert result_titles(soup) == ["Skin and acne"]
    assert status(soup) == "1 result about Acne"


@on_postgresql
def test_a_search_can_find_its_guides_through_the_text_vector_index(guide_index):
    """The search backend matches ``title || body``; search's migration 0003 indexes that very
    expression, so PostgreSQL can find the matches without reading every entry. (It uses the
    index once there are enough guides; here table scans are turned off to see that it can.)"""
    GuidePageFactory(parent=guide_index, title="Collagen basics", body=benefits_body("Firm"))
    results = GuidePage.objects.live().search("collagen")
    with CaptureQueriesContext(connection) as captured:
        assert [guide.title for guide in results[:10]] == ["Collagen basics"]

    def plan(sql):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())

    # The query is parsed once, with the English configuration the settings name.
    assert "((title || body) @@ '''collagen'''::tsquery)" in plan(captured[-1]["sql"])
    match = (
        "SELECT id FROM wagtailsearch_indexentry"
        " WHERE (title || body) @@ to_tsquery('english', 'collagen')"
    )
    assert "search_indexentry_title_body_gin" in plan(match)


@on_postgresql
def test_ranking_from_the_index_alone_gives_the_backends_own_results(guide_index):
    """search/ranking.py asks the index entries what Wagtail's backend asks of the guides
    joined to them: the same guides, in the same order, counted alike. (How fast, and through
    which index, at 5,000 guides: tests/benchmarks/site_load.py, "search common, new".)"""
    texts = ["collagen", "collagen collagen firm", "firm skin", "collagen and firm skin"]
    for n in range(12):
        GuidePageFactory(
            parent=guide_index,
            title=f"Guide {n}" + (" on collagen" if n % 4 == 0 else ""),
            body=[benefit(f"Benefit {n}", f"<p>{texts[n % 4]} " + "word " * n + "</p>")],
        )
    draft = GuidePageFactory(parent=guide_index, title="Collagen draft", body=benefits_body("X"))
    draft.unpublish()
    private = GuidePageFactory(parent=guide_index, title="Collagen, private", body=[])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    guides = GuidePage.objects.live().public()

    for words in ["collagen", "firm skin", "collagen firm", "nothing here"]:
        ours, theirs = ranked_guides(guides, words), guides.search(words)
        assert isinstance(ours, RankedGuides)
        assert ours.count() == theirs.count()
        assert [g.pk for g in ours[0:20]] == [g.pk for g in theirs[0:20]], words
        assert [g.pk for g in ours[2:5]] == [g.pk for g in theirs[2:5]], words
        # A page and the count together: one ranking statement, no COUNT of its own.
        with CaptureQueriesContext(connection) as captured:
            found, count = ours.slice_and_count(2, 5)
        entries = [q["sql"] for q in captured if "wagtailsearch_indexentry" in q["sql"]]
        assert len(entries) == 1 and "(SELECT count(*) FROM matches)" in entries[0]
        if theirs.count():
            assert ([g.pk for g in found], count) == ([g.pk for g in theirs[2:5]], theirs.count())
        else:
            assert (found, count) == ([], None)
    collagen = ranked_guides(guides, "collagen")
    assert (
        collagen.count() == 9
    )  # the nine published guides saying it: not the draft or private one
    assert {g.title for g in collagen[0:20]}.isdisjoint({"Collagen draft", "Collagen, private"})


def test_a_search_made_again_is_not_run_again_until_the_site_changes(client, guide_index):
    GuidePageFactory(parent=guide_index, title="Collagen basics", body=benefits_body("A"))
    assert result_titles(search(client, "collagen")) == ["Collagen basics"]
    with CaptureQueriesContext(connection) as again:
        assert result_titles(search(client, "collagen")) == ["Collagen basics"]
    assert not [q for q in again if "wagtailsearch_indexentry" in q["sql"]]

    # Publishing a guide changes the site: the next search finds it.
    GuidePageFactory(parent=guide_index, title="Collagen and peels", body=benefits_body("B"))
    assert sorted(result_titles(search(client, "collagen"))) == [
        "Collagen and peels",
        "Collagen basics",
    ]
    # So does unpublishing one.
    GuidePage.objects.get(title="Collagen basics").unpublish()
    assert result_titles(search(client, "collagen")) == ["Collagen and peels"]


def snippets(soup):
    return [p.get_text() for p in soup.select("ol.search-results li p")]


def test_a_results_snippet_is_kept_until_its_guide_changes(client, guide_index):
    guide = GuidePageFactory(
        parent=guide_index, title="Collagen basics", body=[benefit("Firm", "collagen at first")]
    )
    assert "collagen at first" in snippets(search(client, "collagen"))[0]
    assert "collagen at first" in snippets(search(client, "collagen", page="1"))[0]

    guide.body = [benefit("Firm", "collagen rewritten")]
    guide.save_revision().publish()
    [shown] = snippets(search(client, "collagen"))
    assert "collagen rewritten" in shown and "at first" not in shown


def test_search_answers_when_the_cache_does_not(client, guide_index, monkeypatch):
    from search import results

    class Away:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is away")

            return fail

    GuidePageFactory(parent=guide_index, title="Collagen basics", body=[benefit("F", "collagen")])
    monkeypatch.setattr(results, "cache", Away())
    soup = search(client, "collagen")
    assert result_titles(soup) == ["Collagen basics"]
    assert "collagen" in snippets(soup)[0]


def test_a_benefit_stored_without_source_numbers_adds_no_words(client, guide_index):
    """As the importer stores them (tests/test_importer.py): heading and body only."""
    GuidePageFactory(
        parent=guide_index,
        title="Collagen basics",
        body=[benefit("Firmer skin", "collagen rebuilds"), benefit("Calmer skin", "less redness")],
    )
    [shown] = snippets(search(client, "collagen"))
    assert "None" not in shown
    assert "collagen rebuilds" in shown and "Calmer skin" in shown
    assert result_titles(search(client, "none")) == []


def test_a_new_release_reads_snippets_afresh(client, guide_index, monkeypatch):
    from search import results

    guide = GuidePageFactory(
        parent=guide_index, title="Collagen basics", body=[benefit("Firm", "collagen at first")]
    )
    assert "collagen at first" in snippets(search(client, "collagen"))[0]
    # Changed behind the site's back (no signal, so the site's version stays): as a release
    # that reads a guide's text differently would find what the last one kept.
    GuidePage.objects.filter(pk=guide.pk).update(body=[benefit("Firm", "collagen read anew")])
    assert "collagen at first" in snippets(search(client, "collagen"))[0]
    monkeypatch.setattr(results, "release_id", lambda: "the-next-release")
    assert "collagen read anew" in snippets(search(client, "collagen"))[0]
