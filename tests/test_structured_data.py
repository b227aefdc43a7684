"""What search engines read on a guide: JSON-LD and breadcrumbs that match what readers see."""

import json
from datetime import date

from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from home.models import SiteSettings
from tests.factories import GuidePageFactory, benefits_body


def json_ld(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    [script] = soup.find_all("script", type="application/ld+json")
    return soup, json.loads(script.string)


def test_a_reviewed_guide_is_a_medical_web_page_with_its_benefits_in_page_order(
    client, guide_index
):
    guide = GuidePageFactory(
        parent=guide_index,
        title="Microneedling",
        author_name="Amira Patel",
        published_date=date(2026, 9, 15),
        last_reviewed=date(2026, 11, 2),
        reviewed_by="Dr Helen Morris",
        hero_image=ImageFactory(),
        hero_image_alt="Practitioner at work",
        body=benefits_body("Fewer lines", "Even tone", "Softer scars"),
    )
    guide.save_revision().publish()
    _, data = json_ld(client, guide.url)
    page, breadcrumbs = data["@graph"]
    assert page["@type"] == "MedicalWebPage"
    assert page["headline"] == "Microneedling"
    assert page["author"] == {"@type": "Person", "name": "Amira Patel"}
    assert page["reviewedBy"] == {"@type": "Person", "name": "Dr Helen Morris"}
    assert (page["datePublished"], page["lastReviewed"]) == ("2026-09-15", "2026-11-02")
    assert page["dateModified"] == date.today().isoformat()
    assert page["publisher"]["name"] == "Healthy Skin Guides"
    assert ".fill-1200x630" in page["image"]
    items = page["mainEntity"]["itemListElement"]
    assert [(i["position"], i["name"]) for i in items] == [
        (1, "Fewer lines"),
        (2, "Even tone"),
        (3, "Softer scars"),
    ]
    assert items[0]["url"] == f"http://testserver{guide.url}#benefit-fewer-lines"

    # The list follows the editor's order.
    guide.body = benefits_body("Softer scars", "Fewer lines", "Even tone")
    guide.save_revision().publish()
    _, data = json_ld(client, guide.url)
    names = [i["name"] for i in data["@graph"][0]["mainEntity"]["itemListElement"]]
    assert names == ["Softer scars", "Fewer lines", "Even tone"]


def test_an_unreviewed_guide_is_an_article(client, guide_index):
    guide = GuidePageFactory(parent=guide_index, reviewed_by="", last_reviewed=None)
    _, data = json_ld(client, guide.url)
    page = data["@graph"][0]
    assert page["@type"] == "Article"
    assert "reviewedBy" not in page and "lastReviewed" not in page


def test_breadcrumbs_are_visible_and_the_same_in_the_data(client, guide, home, guide_index):
    soup, data = json_ld(client, guide.url)
    trail = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    shown = [li.get_text(strip=True) for li in trail.find_all("li")]
    assert shown == [home.title, guide_index.title, guide.title]
    assert trail.find("li", attrs={"aria-current": "page"}).get_text() == guide.title
    listed = data["@graph"][1]["itemListElement"]
    assert [(c["position"], c["name"]) for c in listed] == list(enumerate(shown, start=1))
    assert listed[-1]["item"] == f"http://testserver{guide.url}"


def test_nothing_in_a_title_can_end_the_script(client, guide_index):
    guide = GuidePageFactory(parent=guide_index, title='Peels </script><script>alert("x")</script>')
    response = client.get(guide.url).content.decode()
    assert '</script><script>alert("x")' not in response
    _, data = json_ld(client, guide.url)
    assert data["@graph"][0]["headline"] == 'Peels </script><script>alert("x")</script>'


def test_the_publishers_social_profiles_are_its_same_as(client, guide, home):
    _, data = json_ld(client, guide.url)
    assert "sameAs" not in data["@graph"][0]["publisher"]
    settings = SiteSettings.for_site(home.get_site())
    settings.social_profiles = "https://social.example/@skin\n\n  https://video.example/skin  \n"
    settings.save()
    _, data = json_ld(client, guide.url)
    assert data["@graph"][0]["publisher"]["sameAs"] == [
        "https://social.example/@skin",
        "https://video.example/skin",
    ]
