"""What the design promises readers on both widths: pictures as responsive renditions with
alt text, and a contents box that works on a phone and beside the text on a wide screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_GUIDE_URL

both_widths = pytest.mark.parametrize("viewport", ["phone", "desktop"])


def assert_responsive_picture(picture, alt):
    """A <picture> of renditions: AVIF and WebP sources with several widths, an <img> with
    its size, alt text and a rendition (never the original upload) as its source."""
    sources = picture.locator("source")
    expect(sources).to_have_count(2)
    assert [s.get_attribute("type") for s in sources.all()] == ["image/avif", "image/webp"]
    for source in sources.all():
        assert source.get_attribute("srcset").count("w,") >= 1
    img = picture.locator("img")
    assert img.get_attribute("alt") == alt
    assert int(img.get_attribute("width")) > 0 and int(img.get_attribute("height")) > 0
    assert "/images/" in img.get_attribute("src")  # served as a rendition
    assert img.evaluate("img => img.complete && img.naturalWidth > 0")


@both_widths
def test_hero_and_card_pictures_are_renditions_with_alt_text(page, viewport, snapshot):
    from guides.models import GuidePage

    page.goto(DEMO_GUIDE_URL)
    guide = GuidePage.objects.get(url_path__endswith=DEMO_GUIDE_URL)
    hero = page.locator(".guide__hero picture")
    assert_responsive_picture(hero, guide.hero_image_alt)
    assert hero.locator("img").get_attribute("fetchpriority") == "high"
    assert hero.locator("img").get_attribute("loading") is None  # above the fold: not lazy

    page.goto("/guides/")
    cards = page.locator(".guide-card")
    expect(cards).to_have_count(3)
    for card in cards.all():
        title = card.locator(".guide-card__title").inner_text()
        picture = card.locator("picture")
        picture.scroll_into_view_if_needed()
        assert picture.locator("img").get_attribute("loading") == "lazy"
        assert_responsive_picture(picture, GuidePage.objects.get(title=title).hero_image_alt)
    snapshot("guide-index-cards")


@both_widths
def test_the_contents_box_stays_in_reach(page, viewport, snapshot):
    page.goto(DEMO_GUIDE_URL)
    contents = page.get_by_role("navigation", name="In this guide")
    bar = contents.get_by_text("In this guide")
    first_link = contents.get_by_role("link").first
    expect(bar).to_be_in_viewport()  # on the first screen at both widths

    page.locator(".benefit").nth(3).scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    expect(bar).to_be_in_viewport()
    if viewport == "phone":
        expect(first_link).to_be_hidden()
        bar.click()
        expect(first_link).to_be_visible()
        snapshot("contents-open")
        first_link.click()
        expect(page.locator(".benefit__heading").first).to_be_in_viewport()
        expect(first_link).to_be_hidden()  # folded again, out of the reader's way
    else:
        expect(first_link).to_be_in_viewport()
        box = contents.bounding_box()
        body = page.locator(".guide__body").bounding_box()
        assert box["x"] > body["x"] + body["width"]  # beside the text, not over it
        snapshot("contents-beside")


@both_widths
def test_the_review_badge_leads_to_the_reviewers_profile(page, viewport, snapshot):
    page.goto(DEMO_GUIDE_URL)
    page.locator(".review-badge").get_by_role(
        "link", name="Dr Helen Morris (FRCP, consultant dermatologist)"
    ).click()
    expect(page).to_have_url(re.compile(r"/people/#helen-morris$"))
    profile = page.locator("#helen-morris")
    expect(profile.get_by_role("heading", name="Dr Helen Morris")).to_be_in_viewport()
    expect(profile).to_contain_text("consultant dermatologist")
    snapshot("reviewer-profile")
