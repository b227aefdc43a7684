"""An editor changes the site's tagline and the guides' medical disclaimer in the admin."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_GUIDE_URL


def test_an_editor_changes_the_tagline_and_disclaimer_and_readers_see_them(
    page, log_in, editor, snapshot
):
    log_in(editor)
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Site settings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Site settings")
    page.get_by_role("textbox", name="Tagline").fill(
        "Straight answers about skin, checked by doctors"
    )
    disclaimer = page.get_by_role("region", name="Medical disclaimer").locator(
        "[contenteditable=true]"
    )
    disclaimer.click()  # as a person does: select the old text and type over it
    page.keyboard.press("Control+A")
    page.keyboard.type("Talk to your GP before any treatment.")
    # Draftail writes what was typed into the form's hidden input a moment later.
    expect(page.locator("input[name=medical_disclaimer]")).to_have_value(
        re.compile("Talk to your GP before any treatment.")
    )
    snapshot("admin-site-settings")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")

    page.goto(DEMO_GUIDE_URL)
    expect(page.locator(".site-header__tagline")).to_have_text(
        "Straight answers about skin, checked by doctors"
    )
    expect(page.locator("aside.guide__disclaimer")).to_contain_text(
        "Talk to your GP before any treatment."
    )
