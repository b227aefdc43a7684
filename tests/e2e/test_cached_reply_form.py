"""The reply form as a shared cache serves it: no visitor's token in the page, the tokens
fetched by static/js/reply-form.js, and the form that works without JavaScript (``?reply``).

The ``site`` fixture lifts the minimum fill time, not the token check: a reply posted without
a valid fill-time token is still stored as spam, so a reply stored with no spam reason proves
the token reached the form (tests/test_reply_tokens.py covers the rules themselves)."""

from playwright.sync_api import expect

from guides.models import Reply
from tests.e2e.conftest import DEMO_GUIDE_URL

THANKS = "Thanks, your reply is awaiting moderation."


def reply_form(page):
    return page.locator("#leave-a-reply form")


def write_reply(form, name):
    form.get_by_label("Comment").fill(f"{name} found the aftercare section useful.")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Email").fill(f"{name.lower()}@readers.example")


def assert_stored_pending(name):
    reply = Reply.objects.get(author_name=name)
    assert (reply.status, reply.spam_reason) == (Reply.Status.PENDING, "")
    assert reply.guide.url == DEMO_GUIDE_URL


def test_the_cached_form_fetches_its_tokens_and_posts(page):
    response = page.goto(DEMO_GUIDE_URL)
    assert "set-cookie" not in response.headers  # what a cache may store and serve to anyone
    form = reply_form(page)
    assert form.locator("[name=csrfmiddlewaretoken]").get_attribute("value") == ""
    expect(form.get_by_role("button", name="Post reply")).to_be_enabled()  # the script is on

    with page.expect_response(lambda r: "/replies/tokens/" in r.url) as tokens:
        form.get_by_label("Comment").focus()  # the first move into the form fetches them
    assert tokens.value.status == 200
    expect(form.locator("[name=form_started]")).not_to_have_value("")
    write_reply(form, "Ines")
    form.get_by_role("button", name="Post reply").click()

    expect(page.locator("#reply-thanks")).to_have_text(THANKS)
    assert_stored_pending("Ines")
    assert page.js_errors == []


def test_a_post_waits_for_the_tokens_and_a_failed_fetch_offers_the_other_form(page):
    page.route("**/replies/tokens/**", lambda route: route.abort())
    page.goto(DEMO_GUIDE_URL)
    form = reply_form(page)
    write_reply(form, "Kofi")
    form.get_by_role("button", name="Post reply").click()

    failure = form.get_by_role("alert")
    expect(failure).to_contain_text("can't be sent from here just now")
    expect(failure.get_by_role("link")).to_have_attribute(
        "href", f"{DEMO_GUIDE_URL}?reply#leave-a-reply"
    )
    expect(form.get_by_label("Comment")).to_have_value("Kofi found the aftercare section useful.")
    assert not Reply.objects.filter(author_name="Kofi").exists()

    page.unroute("**/replies/tokens/**")  # the network is back: the next post fetches and sends
    form.get_by_role("button", name="Post reply").click()
    expect(page.locator("#reply-thanks")).to_have_text(THANKS)
    assert_stored_pending("Kofi")


def test_without_javascript_the_note_leads_to_a_form_that_posts(browser, site):
    context = browser.new_context(java_script_enabled=False, base_url=site)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(DEMO_GUIDE_URL)
        form = reply_form(page)
        expect(form.get_by_role("button", name="Post reply")).to_be_disabled()
        form.get_by_role("link", name="Use the reply form that works without it").click()
        assert page.url.endswith(f"{DEMO_GUIDE_URL}?reply#leave-a-reply")

        form = reply_form(page)
        write_reply(form, "Lena")
        form.get_by_role("button", name="Post reply").click()
        expect(page.locator("#reply-thanks")).to_have_text(THANKS)
        assert_stored_pending("Lena")
    finally:
        context.close()
