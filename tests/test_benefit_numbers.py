"""No double numbers: a number typed before a benefit heading is removed when the guide is
saved in Wagtail's real edit view, so the live page shows "1. Heading", never "1. 1. Heading"."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from guides.blocks import BenefitBlock, split_typed_number
from guides.models import GuidePage
from tests.admin_forms import guide_form_data
from tests.factories import GuidePageFactory, StaffUserFactory, benefits_body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1. Reduces scarring", "Reduces scarring"),
        ("2) Improves tone", "Improves tone"),
        ("Step 3: Safe for all skin types", "Safe for all skin types"),
        ("step 4 Hydrates", "Hydrates"),
        ("10. Ten", "Ten"),
        # Not typed numbers: kept as written.
        ("3.5% more collagen", "3.5% more collagen"),
        ("10 minutes a day", "10 minutes a day"),
        ("2024: a good year", "2024: a good year"),
        ("1.", "1."),
    ],
)
def test_a_typed_number_is_split_from_the_heading(typed, stored):
    assert split_typed_number(typed)[1] == stored


def test_the_heading_help_text_tells_editors():
    assert "is removed when you save" in BenefitBlock().child_blocks["heading"].field.help_text


def test_saving_in_the_edit_view_drops_typed_numbers(client, guide_index):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    guide = GuidePageFactory(parent=guide_index, title="Numbers", body=benefits_body("Old"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])

    # The admin tells editors (the block's help text travels in the editor's block definitions).
    assert "is removed when you save" in client.get(edit_url).content.decode()

    data = guide_form_data(
        "Numbers",
        [("1. Reduces scarring", "One."), ("2) Improves tone", "Two."), ("Step 3: Safe", "Three.")],
        slug=guide.slug,
    )
    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    guide = GuidePage.objects.get(pk=guide.pk)
    assert [b.value["heading"] for b in guide.body] == ["Reduces scarring", "Improves tone", "Safe"]
    live = BeautifulSoup(client.get(guide.url).content, "html.parser")
    headings = [" ".join(h.get_text().split()) for h in live.select(".guide__body h2")]
    assert headings == ["1. Reduces scarring", "2. Improves tone", "3. Safe"]
    assert "1. 1." not in live.get_text()
