"""axe-core on every kind of public page, at both widths, and the reply form by keyboard alone."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from guides.models import Reply
from tests.e2e.conftest import ARTIFACTS, DEMO_GUIDE_URL

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def show_form_errors(page):
    form = page.locator("#leave-a-reply form")
    form.evaluate("form => { form.noValidate = true }")
    form.get_by_label("Email").fill("not-an-email")
    form.get_by_role("button", name="Post reply").click()
    expect(page.locator("#reply-errors")).to_be_visible()


def close_replies_then_post(page):
    """Replies close while the reader types; they post anyway."""
    from guides.models import ReplyFormPage

    form = page.locator("#leave-a-reply form")
    # The reader's first move into the form fetched its tokens (static/js/reply-form.js).
    with page.expect_response(lambda response: "/replies/tokens/" in response.url):
        form.get_by_label("Comment").fill("Written before replies closed.")
    ReplyFormPage.objects.get().unpublish()
    form.get_by_label("Name").fill("Kit")
    form.get_by_label("Email").fill("kit@readers.example")
    form.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("heading", name="Replies are closed")).to_be_visible()


def promote_a_guide(page):
    """An editor promotes the chemical peels guide for "skin"."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from guides.models import GuidePage

    peels = GuidePage.objects.get(slug__contains="peel")
    SearchPromotion.objects.create(query=Query.get("skin"), page=peels, sort_order=0)
    page.reload()
    expect(page.get_by_role("heading", name="Recommended")).to_be_visible()


def type_for_suggestions(page):
    page.locator("#search-page-input").press_sequentially("hydr")
    expect(page.locator("#search-page-input-suggestions option")).to_have_count(1)


def import_the_wordpress_sample(page):
    """A guide imported from the sample WordPress export: paragraphs, a picture, replies."""
    from io import StringIO

    from django.core.management import call_command

    from guides.models import GuidePage
    from tests.test_import_wordpress import MEDIA, SAMPLE

    call_command("import_wordpress", SAMPLE, "--publish", "--media-dir", MEDIA, stdout=StringIO())
    page.goto(GuidePage.objects.get(wordpress_id=101).url)
    expect(page.locator(".benefit__heading")).to_have_count(5)


PAGES = {
    "home": ("/", None),
    "guide-index": ("/guides/", None),
    "guide-with-replies": (DEMO_GUIDE_URL, None),
    "guide-with-form-errors": (DEMO_GUIDE_URL, show_form_errors),
    "search": ("/search/?q=skin", None),
    "search-promoted": ("/search/?q=skin", promote_a_guide),
    "search-no-results": ("/search/?q=microneedlng", None),
    "search-typing": ("/search/", type_for_suggestions),
    "reply-form-page": ("/leave-a-reply/", None),
    "guide-replies-closed-while-typing": (DEMO_GUIDE_URL, close_replies_then_post),
    "page-not-found": ("/no-such-page/", None),
    "editorial-policy": ("/editorial-policy/", None),
    "people": ("/people/", None),
    "guide-imported-from-wordpress": ("/", import_the_wordpress_sample),
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(page, viewport, name, snapshot):
    url, prepare = PAGES[name]
    page.goto(url)
    if prepare:
        prepare(page)
    if name == "guide-with-replies":
        expect(page.locator("#replies .reply")).to_have_count(2)
        expect(page.locator("#replies .answer")).to_have_count(1)  # a staff answer, threaded
    if name == "search":
        expect(page.locator("main")).to_contain_text("Micro needling")
        expect(page.locator("main mark").first).to_be_visible()
    snapshot(name)

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]],
        }
        for v in results.response["violations"]
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}-{viewport}.json").write_text(
        json.dumps(
            {
                "url": page.url,
                "rules_passed": len(results.response["passes"]),
                "violations": violations,
            },
            indent=2,
        )
    )
    assert results.response["testEngine"]["version"]
    assert len(results.response["passes"]) > 10  # axe really ran its WCAG rules on the page
    assert violations == [], json.dumps(violations, indent=2)


def tab_to(page, element_id, limit=80):
    """Press Tab until ``element_id`` has focus; return the ids passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        if focused == element_id:
            return passed
        passed.append(focused)
    raise AssertionError(f"Tab never reached #{element_id}; went through {passed}")


def test_a_reader_replies_with_the_keyboard_alone(page, snapshot):
    page.goto(DEMO_GUIDE_URL)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, "id_comment")
    page.keyboard.type("Typed with the keyboard.")
    page.keyboard.press("Enter")  # a new line in the comment, not a submission
    page.keyboard.type("Second line.")
    for element_id, text in [("id_name", "Kay"), ("id_email", "kay@readers.example")]:
        page.keyboard.press("Tab")
        expect(page.locator(f"#{element_id}")).to_be_focused()
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    expect(page.locator("#id_website")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#id_asks_question")).to_be_focused()
    page.keyboard.press("Space")  # "I have a question for the team"
    page.keyboard.press("Tab")
    expect(page.locator("#id_notify_on_answer")).to_be_focused()
    page.keyboard.press("Tab")  # past the checkboxes, skipping the hidden honeypot
    button = page.get_by_role("button", name="Post reply")
    expect(button).to_be_focused()
    assert button.evaluate("el => el.matches(':focus-visible')")
    assert button.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    snapshot("keyboard-focus-on-post-reply")
    page.keyboard.press("Enter")

    expect(page.locator("#reply-thanks")).to_be_focused()
    reply = Reply.objects.get(author_name="Kay")
    assert reply.comment == "Typed with the keyboard.\nSecond line."
    assert reply.status == Reply.Status.PENDING
    assert (reply.asks_question, reply.notify_on_answer) == (True, False)
