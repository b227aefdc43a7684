"""Every body block tells editors what it is, and previews in the admin's block picker.

What a preview must show is read from each block's own ``preview_value``: a new block
in ``GuideBodyBlock`` is tested here without editing this file.
"""

from django.contrib.auth import get_user_model
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import strip_tags

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from guides.blocks import GuideBodyBlock

BODY_BLOCKS = GuideBodyBlock().child_blocks
TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)


def words(text):
    return " ".join(strip_tags(str(text)).split())


def visible_texts(block, value):
    """The texts a reader sees in ``value``: those of its text blocks, at any depth."""
    if isinstance(block, ImageBlock):  # a StructBlock whose value is the image
        return []
    if isinstance(block, blocks.StructBlock):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in visible_texts(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in visible_texts(block.child_block, item)]
    if isinstance(block, TEXT_BLOCKS) and value:
        return [words(value)]
    return []


def alt_texts(block, value):
    """The alt texts of the images in ``value``."""
    if isinstance(block, ImageBlock):
        return [value.contextual_alt_text] if value else []
    if isinstance(block, blocks.StructBlock):
        return [
            alt
            for name, child in block.child_blocks.items()
            for alt in alt_texts(child, value.get(name))
        ]
    return []


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_block_has_template_icon_description_group_and_preview(name):
    block = BODY_BLOCKS[name]
    meta = block.meta
    assert meta.template.startswith("blocks/")
    get_template(meta.template)  # raises if the template is missing
    assert meta.icon and meta.icon != "placeholder"
    assert len(meta.description) > 20
    assert meta.group
    assert block.is_previewable


@pytest.fixture
def editor_client(client, db):
    ImageFactory(title="Practitioner at work")  # what the image block previews
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.com", "pw"))
    return client


def preview_of(client, block):
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_block_preview_shows_its_preview_value(editor_client, name):
    block = BODY_BLOCKS[name]
    value = block.get_preview_value()
    expected_texts = visible_texts(block, value)
    assert expected_texts, f"the {name} block's preview value has no text to show"

    soup = preview_of(editor_client, block)
    shown = words(soup.get_text())
    for text in expected_texts:
        assert text in shown
    assert [img["alt"] for img in soup.find_all("img")] == alt_texts(block, value)
    assert soup.find("link", href="/static/css/site.css"), "previews use the site's stylesheet"


def test_a_benefit_previewed_on_its_own_is_number_one(editor_client):
    soup = preview_of(editor_client, BODY_BLOCKS["benefit"])
    heading = BODY_BLOCKS["benefit"].get_preview_value()["heading"]
    assert words(soup.select_one("h2").get_text()) == f"1. {heading}"
