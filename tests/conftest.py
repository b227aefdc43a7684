"""Shared fixtures: a site tree Home → Guides like the real one."""

from wagtail.models import Page, Site

import pytest

from tests.factories import (
    GuideIndexPageFactory,
    GuidePageFactory,
    HomePageFactory,
    ReplyFormPageFactory,
    benefits_body,
)


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    # Replace Wagtail's placeholder welcome page with our home page as the site root.
    root.get_children().delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def guide_index(home):
    return GuideIndexPageFactory(parent=home, show_in_menus=True)


@pytest.fixture
def reply_page(home):
    """The site's main reply form, with the default fields."""
    return ReplyFormPageFactory(parent=home)


@pytest.fixture
def guide(guide_index, reply_page):
    """A live guide taking replies through ``reply_page``."""
    return GuidePageFactory(
        parent=guide_index, title="Microneedling basics", body=benefits_body("Firmer skin")
    )
