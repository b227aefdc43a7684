"""Shared fixtures: a site tree Home → Guides like the real one."""

from wagtail.models import Page, Site

import pytest

from tests.factories import GuideIndexPageFactory, HomePageFactory


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
