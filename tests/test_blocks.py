"""Every body block tells editors what it is, and previews in the admin's block picker."""

from django.contrib.auth import get_user_model
from django.template.loader import get_template
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from guides.blocks import GuideBodyBlock

BODY_BLOCKS = GuideBodyBlock().child_blocks


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


EXPECTED_PREVIEW_TEXT = {
    "benefit": "1. Reduces fine lines and wrinkles",
    "paragraph": "becomes firmer and more elastic",
    "image": "A caption under the picture.",
    "quote": "Consistent treatments lead to the best results.",
    "call_to_action": "Book a consultation",
}


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_block_preview_renders_in_the_admin(client, db, name):
    ImageFactory(title="Practitioner at work")
    user = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    block = BODY_BLOCKS[name]
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert EXPECTED_PREVIEW_TEXT[name] in " ".join(soup.get_text().split())
    assert soup.find("link", href="/static/css/site.css"), "previews use the site's stylesheet"
    if name == "image":
        assert soup.find("img")["alt"] == "Practitioner at work"
