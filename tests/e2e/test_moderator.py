"""Moderators approve replies in the admin's "Replies" list; Editors never see emails there."""

from playwright.sync_api import expect

from guides.models import Reply
from tests.e2e.conftest import DEMO_GUIDE_URL

PENDING = "How many sessions did it take before you saw a difference?"


def test_moderator_approves_a_pending_reply_and_it_appears_on_the_guide(
    page, log_in, moderator, snapshot
):
    log_in(moderator)
    expect(page.get_by_text("1 reply awaiting moderation")).to_be_visible()
    page.get_by_role("link", name="Replies", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Replies")
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
    page.get_by_role("link", name="Replies", exact=True).click()
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
