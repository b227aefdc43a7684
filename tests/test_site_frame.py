"""The frame every page shares: landmarks, skip link, title and description, error pages."""

from django.test import Client
from django.urls import path

import pytest
from bs4 import BeautifulSoup

from tests.factories import GuidePageFactory


def test_guide_page_has_landmarks_skip_link_title_and_description(client, guide_index):
    guide = GuidePageFactory(
        parent=guide_index, title="Peels", intro="<p>All about <b>chemical</b> peels.</p>"
    )
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    assert soup.html["lang"] == "en-GB"
    assert soup.title.get_text() == "Peels | Healthy Skin Guides"
    assert (
        soup.find("meta", attrs={"name": "description"})["content"] == "All about chemical peels."
    )
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main-content" and soup.find("main", id="main-content")
    assert (
        soup.find("header")
        and soup.find("footer")
        and soup.find("nav", attrs={"aria-label": "Main"})
    )
    assert len(soup.find_all("h1")) == 1


def test_editors_search_description_wins(client, guide_index):
    guide = GuidePageFactory(parent=guide_index, search_description="Set by the editor.")
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Set by the editor."


def test_unknown_address_gets_the_friendly_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text() == "Page not found"
    assert soup.find("a", class_="skip-link")


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.urls("tests.test_site_frame")
def test_server_error_shows_the_500_page_without_a_traceback(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Traceback" not in body and "boom" not in body
