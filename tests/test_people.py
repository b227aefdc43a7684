"""The site's people: a guide's reviewer chosen from People, their profile on the people page,
and the review badge and structured data that point to it."""

import json
from datetime import date

from bs4 import BeautifulSoup

from guides.models import PeoplePage, Person
from tests.factories import GuidePageFactory


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_badge_links_to_the_reviewers_profile(client, home, guide_index):
    person = Person.objects.create(
        name="Dr Helen Morris", credentials="FRCP", slug="helen-morris", bio="Dermatologist."
    )
    guide = GuidePageFactory(
        parent=guide_index, last_reviewed=date(2026, 11, 2), reviewed_by="", reviewer=person
    )
    draft = GuidePageFactory(parent=guide_index, title="Draft", reviewer=person, live=False)
    assert draft  # reviewed by the same person, not yet published

    # Without a people page the badge names the reviewer, without a link.
    badge = soup_of(client, guide.url).select_one(".review-badge")
    assert " ".join(badge.get_text().split()) == (
        "Medically reviewed by Dr Helen Morris (FRCP) on 2 November 2026"
    )
    assert not badge.find("a")

    people = PeoplePage(title="Our medical reviewers", slug="people")
    home.add_child(instance=people)
    soup = soup_of(client, guide.url)
    link = soup.select_one(".review-badge a")
    assert (link["href"], link.get_text()) == ("/people/#helen-morris", "Dr Helen Morris (FRCP)")
    [script] = soup.find_all("script", type="application/ld+json")
    reviewed_by = json.loads(script.string)["@graph"][0]["reviewedBy"]
    assert reviewed_by == {
        "@type": "Person",
        "name": "Dr Helen Morris",
        "honorificSuffix": "FRCP",
        "url": "http://testserver/people/#helen-morris",
    }

    profile = soup_of(client, "/people/").find(id="helen-morris")
    assert profile.find("h2").get_text() == "Dr Helen Morris"
    assert "FRCP" in profile.get_text() and "Dermatologist." in profile.get_text()
    assert [a.get_text() for a in profile.select(".person__guides a")] == [guide.title]
