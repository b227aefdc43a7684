"""Shared fixtures: a site tree Home → Guides like the real one."""

from django.core.cache import cache, caches
from django.db import connection

from wagtail.models import Page

import pytest

from home import site_snapshot
from tests.factories import (
    GuideIndexPageFactory,
    GuidePageFactory,
    ReplyFormPageFactory,
    StaffUserFactory,
    benefits_body,
    site_root,
)


@pytest.fixture(scope="session", autouse=True)
def leave_the_migrated_data(django_db_setup, django_db_blocker):
    """Put back what migrations made (the page tree's root, the home page, the groups) if a
    transactional test flushed it last, so that ``--reuse-db`` starts the next run with it."""
    with django_db_blocker.unblock():
        if not Page.objects.exists():
            pytest.exit(
                "The kept test database is empty (a run was interrupted after a test that "
                "empties it). Build it afresh once: make test-fast PYTEST_DB=--create-db",
                returncode=2,
            )
    yield
    migrated_data = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        connection.close()  # start afresh: a fault test may have had the server end this one
        if migrated_data and not Page.objects.exists():
            connection.creation.deserialize_db_from_string(migrated_data)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with an empty page cache (home/page_cache.py) and without the site
    snapshot an earlier test's (rolled back) rows made."""
    caches["pages"].clear()
    cache.delete(site_snapshot.VERSION_KEY)


@pytest.fixture
def home(db):
    return site_root()


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


@pytest.fixture
def editor_client(client, db):
    """The test client signed in as a member of Wagtail's Editors group: the marketing team,
    who publish their own guides."""
    client.force_login(StaffUserFactory(groups=["Editors"]))
    return client
