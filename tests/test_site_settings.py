"""Site settings editors change in the admin show on every page (Settings → Site settings)."""

from django.urls import reverse

from bs4 import BeautifulSoup

from home.models import SiteSettings
from tests.factories import StaffUserFactory


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_the_defaults_name_the_site_and_put_a_disclaimer_under_guides(client, guide):
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    assert soup.title.get_text() == f"{guide.title} | Healthy Skin Guides"
    assert soup.select_one(".site-header__brand").get_text() == "Healthy Skin Guides"
    disclaimer = soup.select_one("aside.guide__disclaimer")
    assert "It is not medical advice" in disclaimer.get_text()
    assert "not a substitute for advice" in soup.find("footer").get_text()


def test_changed_settings_show_on_every_page(client, guide, home):
    settings = SiteSettings.for_site(home.get_site())
    settings.site_name = "Skin Sense"
    settings.tagline = "Straight answers about skin"
    settings.footer_text = '<p>Written by <a href="https://example.com/team">our team</a>.</p>'
    settings.medical_disclaimer = "<p>Ask your GP first.</p>"
    settings.save()
    for url in (home.url, guide.get_parent().url, guide.url, "/search/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.select_one(".site-header__brand").get_text() == "Skin Sense", url
        if url != home.url:  # the home page's title is its own (its SEO title or title)
            assert soup.title.get_text().endswith(" | Skin Sense"), url
        assert soup.select_one(".site-header__tagline").get_text() == "Straight answers about skin"
        assert soup.find("footer").find("a", href="https://example.com/team"), url
    guide_text = text_of(client.get(guide.url))
    assert "Ask your GP first." in guide_text and "It is not medical advice" not in guide_text


def test_editors_may_change_the_site_settings(client, home):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", home.get_site().pk])
    assert client.get(url).status_code == 200
