"""load_demo_content builds the demo site, and running it twice changes nothing."""

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest
from bs4 import BeautifulSoup

from guides.models import GuideIndexPage, GuidePage, Reply
from home.models import HomePage


def load():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def snapshot():
    return sorted(
        (p.url_path, p.title, p.live, type(p.specific).__name__) for p in Page.objects.all()
    )


@pytest.mark.django_db
def test_running_twice_gives_the_same_pages(client):
    load()
    first = snapshot()
    bodies = {g.pk: g.body.get_prep_value() for g in GuidePage.objects.all()}
    load()
    assert snapshot() == first
    for guide in GuidePage.objects.all():
        assert [b["value"] for b in guide.body.get_prep_value()] == [
            b["value"] for b in bodies[guide.pk]
        ]
    assert HomePage.objects.count() == 1
    assert GuideIndexPage.objects.count() == 1
    assert GuidePage.objects.count() == 3


@pytest.mark.django_db
def test_demo_site_leads_to_the_microneedling_guide_with_a_link_to_the_peel_guide(client):
    load()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)

    home = BeautifulSoup(client.get("/", HTTP_HOST="localhost").content, "html.parser")
    guides_link = home.select_one('nav[aria-label="Main"] a[href="/guides/"]')
    index = BeautifulSoup(client.get(guides_link["href"]).content, "html.parser")
    link = index.find("a", string="A Beginner’s Guide to Micro needling for Healthier Skin")
    response = client.get(link["href"])
    guide = BeautifulSoup(response.content, "html.parser")
    headings = [
        " ".join(h.get_text().split()) for h in guide.select(".guide__body h2.benefit__heading")
    ]
    assert headings == [
        "1. Reduces Fine Lines and Wrinkles",
        "2. Improves Skin Texture and Tone",
        "3. Reduces Scarring",
        "4. Enhances Product Absorption",
        "5. Safe for All Skin Types",
    ]
    assert len(guide.select("nav#guide-contents li")) == 5
    peel = GuidePage.objects.get(title__startswith="Chemical Peels")
    peel_link = guide.find("a", string="chemical peel birmingham")
    assert peel_link["href"] == peel.url


@pytest.mark.django_db
def test_superuser_only_with_dev_settings(settings):
    from django.contrib.auth import get_user_model

    load()
    assert not get_user_model().objects.exists()
    settings.DEMO_SUPERUSER = {"username": "admin", "password": "changeme", "email": "a@b.c"}
    load()
    load()
    user = get_user_model().objects.get()
    assert user.is_superuser and user.check_password("changeme")


@pytest.mark.django_db
def test_the_microneedling_guide_shows_two_approved_demo_replies_and_one_waits(client):
    load()
    load()
    guide = GuidePage.objects.get(slug="a-beginners-guide-to-micro-needling-for-healthier-skin")
    assert guide.reply_form_page.title == "Leave a Reply"
    assert sorted(Reply.objects.filter(guide=guide).values_list("status", flat=True)) == [
        "approved",
        "approved",
        "pending",
    ]
    soup = BeautifulSoup(client.get(guide.url, HTTP_HOST="localhost").content, "html.parser")
    assert soup.select_one("#replies h2").get_text() == "2 replies"
    assert [a.get_text() for a in soup.select("#replies .reply__author")] == [
        "Priya S.",
        "Daniel Reyes",
    ]
    # Priya's question is answered by the demo reviewer, threaded under it.
    [answer] = soup.select("#replies .answer")
    assert answer.find_parent("li", class_="reply").select_one(".reply__author").get_text() == (
        "Priya S."
    )
    assert " ".join(answer.select_one(".answer__author").get_text().split()) == (
        "Answer from Dr Amara Okafor (MD, FAAD)"
    )
    assert "How many sessions" not in str(soup)
    assert soup.select_one("#leave-a-reply .reply-form__note").get_text() == (
        "Your email address will not be published. Required fields are marked *"
    )


@pytest.mark.django_db
def test_each_demo_guide_has_an_illustration_drawn_once_with_alt_text(client):
    from wagtail.images import get_image_model

    load()
    load()
    guides = list(GuidePage.objects.select_related("hero_image"))
    assert get_image_model().objects.count() == len(guides) == 3
    for guide in guides:
        assert guide.hero_image.width == 1600 and guide.hero_image.height == 900
        assert len(guide.hero_image_alt) > 40 and guide.hero_image_alt.startswith("Illustration")
        soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
        assert soup.select_one(".guide__hero img")["alt"] == guide.hero_image_alt
