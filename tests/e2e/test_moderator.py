"""Moderators approve replies in the admin's "Replies" list; Editors never see emails there."""

import pytest
from playwright.sync_api import expect

from guides.models import Reply
from tests.e2e.conftest import DEMO_GUIDE_URL

DEMO_GUIDE_TITLE = "A Beginner’s Guide to Micro needling for Healthier Skin"

PENDING = "How many sessions did it take before you saw a difference?"


def test_moderator_approves_a_pending_reply_and_it_appears_on_the_guide(
    page, log_in, moderator, snapshot
):
    log_in(moderator)
    expect(page.get_by_text("1 reply awaiting moderation")).to_be_visible()
    page.get_by_role("link", name="Replies (1 pending)", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Replies")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("link", name="Pending", exact=True).click()

    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Morgan")
    expect(rows.first).to_contain_text("morgan@example.com")
    expect(page.locator("table.listing").get_by_role("columnheader", name="Email")).to_have_count(1)
    snapshot("admin-replies-pending")

    page.get_by_role("checkbox", name="Select the reply by Morgan").check()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("approved")
    assert Reply.objects.get(author_name="Morgan").status == Reply.Status.APPROVED

    page.goto(DEMO_GUIDE_URL)
    replies = page.locator("#replies")
    expect(replies.get_by_role("heading")).to_have_text("3 replies")
    expect(replies.locator(".reply__author")).to_have_text(["Priya S.", "Daniel Reyes", "Morgan"])
    expect(replies.get_by_text(PENDING)).to_be_visible()
    assert "@example.com" not in page.content()


def test_editor_sees_replies_but_no_email_addresses(page, log_in, editor, snapshot):
    log_in(editor)
    page.get_by_role("link", name="Replies (1 pending)", exact=True).click()
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("link", name="All", exact=True).first.click()
    table = page.locator("table.listing")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("Morgan")
    expect(table.get_by_role("columnheader", name="Guide")).to_have_count(1)
    expect(table.get_by_role("columnheader", name="Email")).to_have_count(0)
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert "@example.com" not in page.content()
    snapshot("admin-replies-editor")

    page.get_by_role("link", name="Inspect").first.click()
    expect(page.get_by_text(PENDING)).to_be_visible()
    assert "@example.com" not in page.content()


@pytest.mark.parametrize("viewport", ["phone"])
def test_moderator_on_a_phone_approves_and_answers_as_the_reviewer(
    page, log_in, moderator, editor, snapshot
):
    log_in(moderator)
    expect(page.get_by_text("1 reply awaiting moderation")).to_be_visible()
    assert "Replies (1 pending)" in page.content()
    page.goto("/admin/guides/reply/")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("link", name="Pending", exact=True).click()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Morgan")
    # No crushed table: the name and the status label each stay on one line.
    status = rows.first.locator(".reply-status").first
    box = status.bounding_box()
    assert box["height"] < 40, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    snapshot("admin-replies-phone")

    rows.first.get_by_role("link", name="Inspect").click()
    expect(page.get_by_text(PENDING)).to_be_visible()
    expect(page.get_by_role("link", name=DEMO_GUIDE_TITLE)).to_be_visible()
    page.get_by_role("link", name="Answer", exact=True).click()
    page.get_by_label("Answer").fill("Most people see a change after three sessions.")
    page.get_by_label("Signed by").select_option(label="Dr Amara Okafor (MD, FAAD)")
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.locator(".messages")).to_contain_text("shows once the reply is approved")
    page.get_by_role("button", name="Approve and next").click()
    expect(page.locator(".messages")).to_contain_text("1 reply approved")
    snapshot("admin-reply-approved-phone")
    morgan = Reply.objects.get(author_name="Morgan")
    assert morgan.status == Reply.Status.APPROVED
    assert morgan.answered_by.name == "Dr Amara Okafor"

    page.goto("/admin/")
    expect(page.get_by_text("0 replies awaiting moderation")).to_be_visible()
    assert "Replies (1 pending)" not in page.content()

    page.goto(DEMO_GUIDE_URL)
    reply = page.locator(f"#reply-{morgan.pk}")
    expect(reply.locator(".reply__author")).to_have_text("Morgan")
    expect(reply.locator(".answer__author")).to_have_text("Answer from Dr Amara Okafor (MD, FAAD)")
    expect(reply.locator(".answer__body")).to_contain_text("three sessions")
    snapshot("guide-answered-phone")
    assert "@example.com" not in page.content()

    # An Editor sees no email in the list, the reply or its answer, and may not answer.
    page.context.clear_cookies()
    log_in(editor)
    for url in (
        "/admin/guides/reply/?status__exact=all",
        f"/admin/guides/reply/inspect/{morgan.pk}/",
        f"/admin/guides/reply/answer/{morgan.pk}/",
    ):
        page.goto(url)
        assert "@example.com" not in page.content(), url
    expect(page.get_by_role("button", name="Publish the answer")).to_have_count(0)
