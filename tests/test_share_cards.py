"""What a page tells search engines and social sites about itself: canonical address, title,
description and picture (Open Graph and Twitter cards)."""

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from home.models import SiteSettings
from tests.factories import GuidePageFactory


def card(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.find_all("meta")
        if (tag.get("property") or "").startswith("og:")
        or (tag.get("name") or "").startswith("twitter:")
    }
    return soup.find("link", rel="canonical")["href"], meta


@pytest.mark.parametrize("which", ["home", "index", "reply_form"])
def test_every_page_type_has_a_canonical_address_and_a_card(client, guide, reply_page, which):
    page = {"home": guide.get_parent().get_parent(), "index": guide.get_parent()}.get(
        which, reply_page
    ).specific
    canonical, meta = card(client, page.url + "?utm_source=newsletter")
    assert canonical == f"http://testserver{page.url}"  # no tracking parameters
    assert meta["og:url"] == canonical
    assert meta["og:title"] == page.title
    assert meta["og:description"] == page.meta_description
    assert meta["og:site_name"] == "Healthy Skin Guides"
    assert meta["og:type"] == "website"
    assert meta["twitter:card"] == "summary" and "og:image" not in meta


def test_a_guide_is_an_article_shared_with_its_hero_image(client, guide_index):
    guide = GuidePageFactory(
        parent=guide_index,
        title="Peels",
        seo_title="Chemical peels: what to expect",
        intro="<p>All about peels &amp; more.</p>",
        hero_image=ImageFactory(),
        hero_image_alt="A peel being applied",
    )
    canonical, meta = card(client, guide.url)
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Chemical peels: what to expect"
    assert meta["og:description"] == "All about peels & more."
    assert meta["twitter:card"] == "summary_large_image"
    assert (
        meta["og:image"].startswith("http://testserver/") and ".fill-1200x630" in meta["og:image"]
    )


def test_without_its_own_picture_a_page_is_shared_with_the_sites_default(client, guide, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.default_share_image = ImageFactory()
    settings.save()
    _, meta = card(client, guide.url)
    assert ".fill-1200x630" in meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"


def test_a_long_description_is_cut_after_a_whole_word(guide_index):
    from tests.factories import GuidePageFactory

    guide = GuidePageFactory(
        parent=guide_index, intro="<p>" + "Microneedling helps. " * 20 + "</p>"
    )
    description = guide.meta_description
    assert len(description) <= 160
    assert description.endswith("helps…")
    short = GuidePageFactory(parent=guide_index, intro="<p>Short &amp; sweet.</p>")
    assert short.meta_description == "Short & sweet."
