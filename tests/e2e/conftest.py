"""Browser tests: Playwright drives Debian's Chromium against a live server.

Each test gets the demo site (``load_demo_content``) on a live server backed
by the test database (PostgreSQL in CI) and a fresh browser page. Screenshots
go to ``test-artifacts/``; on a failure the page's screenshot and HTML go to
``test-artifacts/failures/``. See docs/testing.md.
"""

import os
import re
import shutil
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import StaffUserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make to
# set up data and check rows are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that let Chromium run headless in a sandboxed container with no network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}
PASSWORD = "e2e-password-1"  # noqa: S105
# The demo's microneedling guide (guides/management/demo_articles/microneedling-guide.txt), which most journeys read.
DEMO_GUIDE_TITLE = "A Beginner’s Guide to Micro needling for Healthier Skin"
DEMO_GUIDE_URL = "/guides/a-beginners-guide-to-micro-needling-for-healthier-skin/"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not Path(CHROMIUM).exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    # The test database is set up (above) before Playwright starts. Playwright's sync API leaves
    # an event loop running in this thread, and from then on Django hands this thread new,
    # context-local connection objects: give them the migrated data that serialized rollback
    # restores between tests (the page tree's root, Wagtail's groups).
    migrated_data = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        if migrated_data is not None:
            connections[DEFAULT_DB_ALIAS]._test_serialized_contents = migrated_data
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback, settings):
    """The demo site on a live server; returns its base URL.

    Serialized rollback restores what migrations made (the page tree root, the Moderators and
    Editors groups) after other tests flush the database. The flood limit and the minimum fill
    time are lifted: a browser types in milliseconds and posts several replies from one address;
    both rules have their own tests in tests/test_reply_abuse.py.
    """
    call_command("load_demo_content", stdout=StringIO())
    settings.REPLIES_FLOOD_LIMITS = []
    settings.REPLIES_MIN_FILL_SECONDS = 0
    return live_server.url


@pytest.fixture
def viewport():
    """Overridden by tests that run at both widths (``@pytest.mark.parametrize("viewport", ...)``)."""
    return "desktop"


@pytest.fixture
def page(browser, site, viewport, request):
    width, height = WIDTHS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=site)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    if getattr(request.node, "e2e_failed", False):
        folder = ARTIFACTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[1])
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        (folder / f"{name}.html").write_text(page.content())
    context.close()


@pytest.fixture
def snapshot(page, viewport):
    """``snapshot("guide")`` saves a full-page screenshot as test-artifacts/guide-<width>.png."""

    def save(name):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}-{viewport}.png", full_page=True)

    return save


@pytest.fixture
def log_in(page):
    """``log_in(user)`` signs in through Wagtail's login form and lands on the dashboard."""

    def sign_in(user):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/")

    return sign_in


@pytest.fixture
def editor():
    return StaffUserFactory(username="edith", password=PASSWORD, groups=["Editors"])


@pytest.fixture
def moderator():
    return StaffUserFactory(username="mo", password=PASSWORD, groups=["Moderators"])
