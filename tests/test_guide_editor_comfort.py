"""The guide editor fits guides: a new guide starts with five benefits to fill in, optional
parts stay folded away, benefit headers carry their number, Publish is the main button for
those who may publish, and topics are called topics. Through Wagtail's real admin views."""

import json

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from bs4 import BeautifulSoup

from guides.models import GuidePage
from tests.admin_forms import add_guide_url, guide_form_data
from tests.factories import GuidePageFactory, StaffUserFactory, benefits_body


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def body_widget(soup):
    """The body's StreamField as the editor builds it: its block definitions and value."""
    widget = soup.find(id="body")
    definition = json.loads(widget["data-w-block-data-value"])
    [value, _errors] = json.loads(widget["data-w-block-arguments-value"])
    return definition, value


def find_block_meta(definition, label):
    """The editor's options (meta) of the block labelled ``label``, wherever it is nested."""
    children = definition.values() if isinstance(definition, dict) else definition
    if (
        isinstance(definition, dict)
        and definition.get("label") == label
        and "formLayout" in definition
    ):
        return definition
    for child in children if isinstance(definition, dict | list) else []:
        found = find_block_meta(child, label)
        if found:
            return found
    return None


def test_a_new_guide_starts_with_an_intro_and_five_empty_benefits(editor_client, guide_index):
    soup = soup_of(editor_client.get(add_guide_url(guide_index)))
    assert soup.find("label", attrs={"for": "id_intro"}) is not None
    _, value = body_widget(soup)
    assert [block["type"] for block in value] == ["benefit"] * 5
    # Each is a whole, empty benefit form (the rich text editor needs its value's shape).
    assert all(set(block["value"]) == {"heading", "body", "image", "sources"} for block in value)
    assert not any(block["value"]["heading"] for block in value)
    # Each has an id of its own, as a block added in the editor has (element ids derive from it).
    assert len({block["id"] for block in value} - {None}) == 5


def test_a_new_guide_with_its_empty_benefits_saves_as_a_draft_but_does_not_publish(
    editor_client, guide_index
):
    empty = [("benefit", {"heading": "", "body": rich_text(""), "sources": ""})] * 5
    data = guide_form_data("Half written", [])
    data.update(nested_form_data({"body": streamfield(empty)}))
    response = editor_client.post(add_guide_url(guide_index), data)
    assert response.status_code == 302
    draft = GuidePage.objects.get(slug="half-written")
    assert not draft.live

    data["action-publish"] = "action-publish"
    data["slug"] = "half-written-2"
    response = editor_client.post(add_guide_url(guide_index), data)
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="half-written-2").exists()


def test_a_benefits_image_and_sources_are_folded_away_and_its_header_shows_its_heading(
    editor_client, guide_index
):
    soup = soup_of(editor_client.get(add_guide_url(guide_index)))
    definition, _ = body_widget(soup)
    meta = find_block_meta(definition, "Benefit")
    assert meta["labelFormat"] == "{heading}"
    assert meta["attrs"] == {"data-guide-benefit": ""}
    groups = {
        group["_args"][0]["heading"]: group["_args"][0]
        for group, _name in meta["formLayout"]["_args"][0]["children"]
        if isinstance(group, dict)
    }
    assert groups["Image (optional)"]["classname"] == "collapsed"
    assert groups["Image (optional)"]["children"] == [["image", "image"]]
    assert groups["Sources (optional)"]["classname"] == "collapsed"
    # The stylesheet that numbers benefit headers ("Benefit 3 · …") comes with the editor.
    assert soup.find("link", href=lambda h: h and "css/guide-body-editor.css" in h)


def primary_and_more_actions(soup):
    footer = soup.select_one("footer .w-dropdown-button")
    primary = footer.find("button", recursive=False)
    more = footer.select(".w-dropdown__content button")
    return " ".join(primary.get_text().split()), [" ".join(b.get_text().split()) for b in more]


def test_publish_is_the_main_button_for_an_editor(editor_client, guide_index):
    guide = GuidePageFactory(parent=guide_index, body=benefits_body("Firmer skin"))
    primary, more = primary_and_more_actions(soup_of(editor_client.get(edit_url(guide))))
    assert primary == "Publish"
    assert "Save draft" in more

    primary, more = primary_and_more_actions(soup_of(editor_client.get(add_guide_url(guide_index))))
    assert primary == "Publish"
    assert "Save draft" in more


def test_save_draft_stays_the_main_button_for_someone_who_may_not_publish(client, guide_index):
    writers = Group.objects.create(name="Writers")
    writers.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=writers, page=guide_index, permission=Permission.objects.get(codename=codename)
        )
    client.force_login(StaffUserFactory(groups=["Writers"]))
    guide = GuidePageFactory(parent=guide_index, body=benefits_body("Firmer skin"))
    primary, more = primary_and_more_actions(soup_of(client.get(edit_url(guide))))
    assert primary == "Save draft"
    assert "Publish" not in more


def test_topics_are_labelled_and_explained_as_topics(editor_client, guide_index):
    soup = soup_of(editor_client.get(add_guide_url(guide_index)))
    assert " ".join(soup.find(id="id_topics-label").get_text().split()) == "Topics"
    wrapper = soup.find(id="id_topics").find_parent(attrs={"data-field-wrapper": True})
    help_text = " ".join(wrapper.get_text().split())
    assert "Readers can list the guides on a topic" in help_text
    assert "Type a topic and press Enter" in help_text
    assert "tag" not in help_text.lower()
