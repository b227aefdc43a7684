"""The pages that list guides (home, guide index, a topic) and the site's other plain pages
cost the same few queries whatever the number of guides."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import ImageFactory

from guides.models import GuidePage, PeoplePage, Person
from home.models import InformationPage
from tests.factories import many_guides

LIST_PAGE_QUERY_LIMIT = 10


def queries_of(client, url):
    """The SQL a warm GET of ``url`` runs (a first GET fills the per-process caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries]


@pytest.fixture
def no_search_indexing(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    }


def test_list_pages_cost_the_same_with_3_and_300_guides(
    client, home, guide_index, no_search_indexing
):
    topics, image = ["Acne", "Peels", "Scars"], ImageFactory()
    people = home.add_child(instance=PeoplePage(title="Our reviewers", slug="people"))
    about = home.add_child(
        instance=InformationPage(title="About us", slug="about", body="<p>Who we are.</p>")
    )
    reviewers = [
        Person.objects.create(name=f"Dr {n}", slug=f"dr-{n}", photo=image) for n in range(2)
    ]
    many_guides(guide_index, 3, topics, hero_image=image)
    GuidePage.objects.update(reviewer=reviewers[0])
    urls = {
        "home": home.url,
        "index": guide_index.url,
        "topic": guide_index.url + "?topic=peels",
        "index page 2": guide_index.url + "?page=2",
        "people": people.url,
        "information": about.url,
    }
    few = {name: queries_of(client, url)[1] for name, url in urls.items()}
    many_guides(guide_index, 297, topics, hero_image=image)
    GuidePage.objects.update(reviewer=reviewers[0])
    GuidePage.objects.filter(pk__in=GuidePage.objects.order_by("pk")[:150]).update(
        reviewer=reviewers[1]
    )
    for name, url in urls.items():
        response, many = queries_of(client, url)
        assert len(many) == len(few[name]), (name, many)
        assert len(many) <= LIST_PAGE_QUERY_LIMIT, (name, many)
    response, _ = queries_of(client, people.url)
    assert response.content.count(b"Listed guide") == 300  # each reviewed guide is listed


def test_a_topic_no_guide_has_lists_none(client, guide_index, no_search_indexing):
    many_guides(guide_index, 2, ["Acne"])
    response, _ = queries_of(client, guide_index.url + "?topic=nothing-here")
    assert b"No guides about this topic yet." in response.content
    assert b'class="guide-card"' not in response.content
