"""What crawlers and feed readers get: sitemap, robots.txt, RSS feeds, redirects."""

import xml.etree.ElementTree as ET
from datetime import date

from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect

from bs4 import BeautifulSoup

from tests.admin_forms import guide_form_data
from tests.factories import GuidePageFactory, StaffUserFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_live_pages_with_their_last_change(client, guide, guide_index, home):
    guide.save_revision().publish()  # as editors publish: it sets last_published_at
    draft = GuidePageFactory(parent=guide_index, title="Draft guide", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    expected = {f"http://testserver{page.url}" for page in (home, guide_index, guide)}
    assert expected <= set(entries)
    assert f"http://testserver{draft.url}" not in entries
    assert entries[f"http://testserver{guide.url}"].text.startswith(str(date.today().year))


def test_robots_txt_keeps_crawlers_out_of_admin_and_search_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_search_results_are_not_indexed(client, guide):
    soup = BeautifulSoup(client.get("/search/?q=skin").content, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def feed_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, [
        (item.findtext("title"), item.findtext("link")) for item in channel.iter("item")
    ]


def test_the_feed_lists_the_newest_live_guides_first(client, guide_index):
    older = GuidePageFactory(parent=guide_index, title="Older", published_date=date(2026, 1, 1))
    newer = GuidePageFactory(parent=guide_index, title="Newer", published_date=date(2026, 2, 1))
    GuidePageFactory(parent=guide_index, title="Draft", live=False)
    channel, items = feed_items(client, "/feeds/guides/")
    assert items == [
        ("Newer", f"http://testserver{newer.url}"),
        ("Older", f"http://testserver{older.url}"),
    ]
    assert channel.findtext("link") == f"http://testserver{guide_index.url}"
    # Every page tells browsers and feed readers where it is.
    soup = BeautifulSoup(client.get(guide_index.url).content, "html.parser")
    assert soup.find("link", rel="alternate", type="application/rss+xml")["href"] == (
        "/feeds/guides/"
    )


def test_each_topic_has_its_own_feed_linked_from_its_listing(client, guide_index):
    peel = GuidePageFactory(parent=guide_index, title="Peel guide")
    peel.topics.add("Chemical peels")
    peel.save_revision().publish()
    GuidePageFactory(parent=guide_index, title="Needle guide")
    _, items = feed_items(client, "/feeds/topics/chemical-peels/")
    assert [title for title, _ in items] == ["Peel guide"]
    assert client.get("/feeds/topics/no-such-topic/").status_code == 404
    soup = BeautifulSoup(
        client.get(guide_index.url + "?topic=chemical-peels").content, "html.parser"
    )
    links = [link["href"] for link in soup.find_all("link", rel="alternate")]
    assert "/feeds/topics/chemical-peels/" in links


def test_an_editors_redirect_sends_an_old_address_to_the_guide(client, guide):
    Redirect.objects.create(old_path="/old-microneedling-article", redirect_page=guide)
    response = client.get("/old-microneedling-article/")
    assert response.status_code == 301
    assert response["Location"] == guide.url


def test_renaming_a_guides_slug_keeps_its_old_address_working(
    client, guide, django_capture_on_commit_callbacks
):
    old_url = guide.url
    editor = StaffUserFactory(groups=["Editors"])
    client.force_login(editor)
    data = guide_form_data(guide.title, [("Firmer skin", "Why.")], slug="microneedling-explained")
    data["action-publish"] = "action-publish"
    # Wagtail makes the redirect once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 302
    client.logout()
    guide.refresh_from_db()
    assert guide.url == "/guides/microneedling-explained/"
    old = client.get(old_url)
    assert old.status_code == 301 and old["Location"] == guide.url
