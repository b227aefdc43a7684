"""A reader on a phone and on a desktop: finding the guide, reading it, replying."""

import re

import pytest
from playwright.sync_api import expect

from guides.management.commands.load_demo_content import ARTICLES_DIR
from guides.models import Reply
from tests.e2e.conftest import DEMO_GUIDE_TITLE

SEED = ARTICLES_DIR / "microneedling-guide.txt"
NOTE = "Your email address will not be published. Required fields are marked *"

both_widths = pytest.mark.parametrize("viewport", ["phone", "desktop"])


def seed_headings():
    """The benefit headings, in the order the article numbers them."""
    return re.findall(r"^\d+[.)]\s+(.+?)\s*$", SEED.read_text(encoding="utf-8"), re.MULTILINE)


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def open_guide(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Guides").click()
    page.get_by_role("link", name=DEMO_GUIDE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_GUIDE_TITLE)


def reply_form(page):
    return page.locator("#leave-a-reply form")


@both_widths
def test_reader_goes_from_home_to_the_guide_and_jumps_to_a_benefit(page, viewport, snapshot):
    headings = seed_headings()
    assert len(headings) == 5

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_horizontal_scroll(page)
    snapshot("home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Guides").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Guides")
    assert_no_horizontal_scroll(page)
    snapshot("guide-index")

    page.get_by_role("link", name=DEMO_GUIDE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_GUIDE_TITLE)
    assert_no_horizontal_scroll(page)
    snapshot("guide")

    expected = [f"{n}. {heading}" for n, heading in enumerate(headings, start=1)]
    expect(page.locator(".benefit__heading")).to_have_text(expected)
    contents = page.get_by_role("navigation", name="In this guide")
    expect(contents.get_by_role("link", include_hidden=True)).to_have_text(headings)
    expect(page.get_by_role("link", name="chemical peel birmingham")).to_be_visible()

    if viewport == "phone":  # the contents are folded into a bar there
        expect(contents.get_by_role("link").first).to_be_hidden()
        contents.get_by_text("In this guide").click()
    contents.get_by_role("link", name=headings[3]).click()
    target = page.get_by_role("heading", name=expected[3])
    expect(target).to_be_in_viewport()
    assert page.url.endswith("#" + target.get_attribute("id"))
    # The contents stay in sight as a way back: folded at the top on phones, beside the text on
    # wide screens.
    expect(contents.get_by_text("In this guide")).to_be_in_viewport()
    link = contents.get_by_role("link", name=headings[0])
    if viewport == "phone":
        expect(link).to_be_hidden()
    else:
        expect(link).to_be_in_viewport()


@both_widths
def test_reply_form_marks_required_fields_and_the_browser_stops_an_empty_reply(page, snapshot):
    open_guide(page)
    form = reply_form(page)
    expect(page.locator("#leave-a-reply h2")).to_have_text("Leave a Reply")
    expect(form.locator(".reply-form__note")).to_have_text(NOTE)
    for label in ("Comment", "Name", "Email"):
        expect(form.locator("label", has_text=label)).to_have_text(f"{label} *")
        field = form.get_by_label(label)
        expect(field).to_have_attribute("required", "")
        expect(field).to_have_attribute("aria-required", "true")
    expect(form.locator("label", has_text="Website")).to_have_text("Website")
    expect(form.locator("input[name=homepage_url]")).to_be_hidden()  # the honeypot
    expect(form.get_by_label("Website")).not_to_have_attribute("required", "")
    form.get_by_label("Comment").scroll_into_view_if_needed()
    snapshot("reply-form")

    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    form.get_by_role("button", name="Post reply").click()
    # Chromium's own validation keeps the form on the page and points at the first empty field.
    expect(form.get_by_label("Comment")).to_be_focused()
    assert form.get_by_label("Comment").evaluate("el => el.validity.valueMissing")
    assert form.get_by_label("Comment").evaluate("el => el.validationMessage") != ""
    assert posts == []
    assert Reply.objects.count() == 3  # the demo replies only


@both_widths
def test_server_refuses_a_bad_reply_keeps_the_text_and_moves_focus_to_the_errors(page, snapshot):
    open_guide(page)
    form = reply_form(page)
    form.evaluate("form => { form.noValidate = true }")  # as a browser without validation
    comment = 'Does it hurt? <script>alert("x")</script>\nAsking for a friend.'
    form.get_by_label("Comment").fill(comment)
    form.get_by_label("Email").fill("not-an-email")
    form.get_by_role("button", name="Post reply").click()

    summary = page.locator("#reply-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        ["Please fill in “Name”.", "Enter a valid email address."]
    )
    form = reply_form(page)
    expect(form.get_by_label("Comment")).to_have_value(comment)
    expect(form.get_by_label("Email")).to_have_value("not-an-email")
    expect(form.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".errorlist")).to_have_count(2)
    assert page.js_errors == []  # the <script> typed in the comment did not run
    assert_no_horizontal_scroll(page)
    snapshot("reply-form-errors")

    summary.get_by_role("link", name="Please fill in “Name”.").click()
    assert page.url.endswith("#id_name")
    assert Reply.objects.count() == 3


@both_widths
def test_valid_reply_is_thanked_and_waits_for_moderation(page, snapshot):
    open_guide(page)
    replies = page.locator("#replies")
    expect(replies.get_by_role("heading")).to_have_text("2 replies")
    expect(replies.locator(".reply__author")).to_have_text(["Priya S.", "Daniel Reyes"])
    expect(page.get_by_text("How many sessions did it take")).to_have_count(0)  # pending

    form = reply_form(page)
    form.get_by_label("Comment").fill("Clear and kind.\nThank you for the aftercare tips.")
    form.get_by_label("Name").fill("Ola")
    form.get_by_label("Email").fill("ola@readers.example")
    form.get_by_role("button", name="Post reply").click()

    thanks = page.locator("#reply-thanks")
    expect(thanks).to_have_text("Thanks, your reply is awaiting moderation.")
    expect(thanks).to_be_focused()
    expect(thanks).to_be_in_viewport()
    expect(replies.get_by_role("heading")).to_have_text("2 replies")
    expect(page.get_by_text("Clear and kind.")).to_have_count(0)
    expect(reply_form(page).get_by_label("Comment")).to_have_value("")
    snapshot("reply-thanks")

    reply = Reply.objects.get(author_name="Ola")
    assert reply.status == Reply.Status.PENDING
    assert reply.guide.title == DEMO_GUIDE_TITLE

    page.reload()  # the redirect was a GET: reloading neither posts again nor thanks again
    expect(page.locator("#reply-thanks")).to_have_count(0)
    assert Reply.objects.filter(author_name="Ola").count() == 1


@both_widths
def test_reader_sees_the_health_sections_and_follows_a_citation_to_its_source(page, snapshot):
    open_guide(page)
    body = page.locator(".guide__body")
    for heading in (
        "Key takeaways",
        "Risks and side effects",
        "Who should not have it",
        "When to see a doctor",
        "Questions and answers",
        "Sources",
    ):
        expect(body.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(body.get_by_role("heading", level=3)).to_have_count(4)  # the questions
    assert_no_horizontal_scroll(page)

    fifth = page.locator("section.benefit").nth(4)
    citation = fifth.get_by_role("link", name="source 3")
    # The reader has scrolled to it: mid-screen, clear of the contents bar stuck at the top.
    citation.evaluate("link => link.scrollIntoView({block: 'center', behavior: 'instant'})")
    citation.click()
    source = page.locator("#source-3")
    expect(source).to_be_in_viewport()
    assert page.url.endswith("#source-3")
    # Not under the contents bar that sticks to the top on phones.
    toc_bottom = page.locator("#guide-contents").evaluate("e => e.getBoundingClientRect().bottom")
    source_top = source.evaluate("e => e.getBoundingClientRect().top")
    assert source_top >= toc_bottom or page.viewport_size["width"] >= 1024
    expect(source).to_contain_text("Microneedling in skin of color")
    snapshot("guide-sources")
