"""What readers and editors see when things go wrong: a double-click, replies closing while
they type, too many wrong passwords; and the Content-Security-Policy never gets in the way."""

import pytest
from playwright.sync_api import expect

from guides.models import Reply, ReplyFormPage
from tests.e2e.conftest import DEMO_GUIDE_URL

both_widths = pytest.mark.parametrize("viewport", ["phone", "desktop"])


def fill_reply(page, comment):
    form = page.locator("#leave-a-reply form")
    form.get_by_label("Comment").fill(comment)
    form.get_by_label("Name").fill("Kit")
    form.get_by_label("Email").fill("kit@readers.example")
    return form


def test_a_double_clicked_reply_is_thanked_and_stored_once(page):
    page.goto(DEMO_GUIDE_URL)
    form = fill_reply(page, "Double-clicked, as people do.")
    form.get_by_role("button", name="Post reply").dblclick()
    expect(page.locator("#reply-thanks")).to_have_text("Thanks, your reply is awaiting moderation.")
    expect(page.locator("#reply-errors")).to_have_count(0)
    assert Reply.objects.filter(comment="Double-clicked, as people do.").count() == 1


@both_widths
def test_replies_closing_while_a_reader_types_keep_their_text(page, snapshot):
    page.goto(DEMO_GUIDE_URL)
    # The reader's first move into the form fetched its tokens (static/js/reply-form.js).
    with page.expect_response(lambda response: "/replies/tokens/" in response.url):
        form = fill_reply(page, "A long answer I took ten minutes to write.")
    ReplyFormPage.objects.get().unpublish()  # an editor closes replies meanwhile
    form.get_by_role("button", name="Post reply").click()

    notice = page.locator("#reply-errors")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("your reply was not sent")
    kept = page.get_by_role("textbox", name="What you wrote (1)")
    expect(kept).to_have_value("A long answer I took ten minutes to write.")
    expect(kept).to_have_attribute("readonly", "")
    snapshot("guide-replies-closed")
    assert not Reply.objects.filter(author_name="Kit").exists()


def test_five_wrong_passwords_pause_sign_in_with_a_clear_page(page, editor, snapshot):
    for _ in range(5):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in paused")
    expect(page.get_by_text("too many wrong passwords")).to_be_visible()
    snapshot("login-locked")


@both_widths
def test_public_pages_run_under_the_content_security_policy_without_a_violation(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for url in ("/", "/guides/", DEMO_GUIDE_URL, "/search/?q=skin", "/leave-a-reply/"):
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert violations == []
    assert page.js_errors == []
