"""Editors create and reorder guides through Wagtail's real admin views."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

from bs4 import BeautifulSoup

from guides.models import GuidePage
from tests.admin_forms import add_guide_url, benefit_value, guide_form_data


def stored_headings(page):
    page = GuidePage.objects.get(pk=page.pk)
    return [block.value["heading"] for block in page.body if block.block_type == "benefit"]


def live_headings(client, page):
    response = client.get(page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(h.get_text().split()) for h in soup.select(".guide__body h2")]


def test_creating_a_guide_in_the_admin_stores_its_benefit_blocks(editor_client, guide_index):
    data = guide_form_data(
        "Peels for beginners",
        [("Brightens skin", "Light peels brighten."), ("Softens lines", "Medium peels soften.")],
        topics="peels, skin care",
    )
    data["action-publish"] = "action-publish"
    response = editor_client.post(add_guide_url(guide_index), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    guide = GuidePage.objects.get(slug="peels-for-beginners")
    assert guide.live
    # Wagtail drops unknown block types silently, so check what was really stored.
    assert [block.block_type for block in guide.body] == ["benefit", "benefit"]
    assert stored_headings(guide) == ["Brightens skin", "Softens lines"]
    assert ">Light peels brighten.</p>" in guide.body[0].value["body"].source
    assert sorted(t.name for t in guide.topics.all()) == ["peels", "skin care"]
    assert live_headings(editor_client, guide) == ["1. Brightens skin", "2. Softens lines"]


def test_moving_the_last_benefit_to_the_top_renumbers_it(editor_client, guide_index):
    benefits = [(f"Benefit {n}", f"Text {n}") for n in "ABCDE"]
    data = guide_form_data("Five benefits", benefits)
    data["action-publish"] = "action-publish"
    editor_client.post(add_guide_url(guide_index), data)
    guide = GuidePage.objects.get(slug="five-benefits")

    # The editor moves the fifth block to the top: the admin posts each block's new position.
    data = guide_form_data("Five benefits", benefits, order=[1, 2, 3, 4, 0])
    data["action-publish"] = "action-publish"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 302

    assert stored_headings(guide) == [f"Benefit {n}" for n in "EABCD"]
    assert live_headings(editor_client, guide)[:2] == ["1. Benefit E", "2. Benefit A"]


def test_a_benefit_without_a_heading_is_refused_with_an_error(editor_client, guide_index):
    data = guide_form_data("Missing heading", [("", "Some text")])
    data["action-publish"] = "action-publish"
    response = editor_client.post(add_guide_url(guide_index), data)
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="missing-heading").exists()
    assert "The page could not be created due to validation errors" in response.content.decode()


def test_call_to_action_needs_exactly_one_destination(editor_client, guide_index):
    data = guide_form_data("Cta guide", [("One", "Text")])
    data.update(
        nested_form_data(
            {
                "body": streamfield(
                    [
                        ("benefit", benefit_value("One", "Text")),
                        ("call_to_action", {"label": "Book", "page": "", "url": ""}),
                    ]
                )
            }
        )
    )
    data["action-publish"] = "action-publish"
    response = editor_client.post(add_guide_url(guide_index), data)
    assert response.status_code == 200
    assert "Choose a page or enter a URL (one of the two)." in response.content.decode()
    assert not GuidePage.objects.filter(slug="cta-guide").exists()
