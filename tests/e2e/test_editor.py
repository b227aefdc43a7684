"""A marketing editor in the real Wagtail admin: building a guide and changing the reply form."""

from playwright.sync_api import expect

from guides.models import GuidePage, Reply
from tests.e2e.conftest import DEMO_GUIDE_URL

BENEFITS = ["Calmer skin", "Fewer breakouts", "A brighter complexion"]


def explore(page, *titles):
    """Walk the page explorer from the root down through ``titles``."""
    page.goto("/admin/pages/")
    for title in titles:
        page.get_by_role("link", name=f"Explore child pages of '{title}'").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def publish(page):
    """Publish is the main button for Editors (home/wagtail_hooks.py)."""
    page.locator("footer").get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("published")


def fill_rich_text(editor, text):
    """Type into a Draftail editor. One that has just been added may still be mounting, which
    empties what was typed (seen under load in CI): type again until it holds the text."""
    for _ in range(3):
        editor.fill(text)
        try:
            expect(editor).to_have_text(text, timeout=2000)
            return
        except AssertionError:
            continue
    expect(editor).to_have_text(text)


def block_headers(page):
    """The StreamField block headers' names as Chromium gives them to screen readers
    (CSS-generated text included, as the benefit numbers are)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [
        " ".join(node["name"]["value"].split())
        for node in nodes
        if node.get("role", {}).get("value") == "heading"
        and node.get("name", {}).get("value", "").startswith(("Benefit", "Risks"))
    ]


def test_editor_builds_a_guide_from_benefit_blocks_and_reorders_them(
    page, log_in, editor, snapshot
):
    log_in(editor)
    explore(page, "Healthy Skin Guides", "Guides")
    page.get_by_role("link", name="Add child page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guide page")

    page.locator("#id_title").fill("Gentle Skincare for Sensitive Skin")
    page.locator("#panel-child-content-intro-content [contenteditable=true]").fill(
        "How to care for skin that reacts to everything."
    )
    page.locator("#id_author_name").fill("Sam Lee")

    # A new guide starts with five empty benefits; their image and sources are folded away.
    body = page.locator("#panel-child-content-body-content")
    # (a deleted block leaves the page after its animation: count those still shown)
    children = body.locator("[data-streamfield-child]:visible")
    expect(children).to_have_count(5)
    expect(children.first.get_by_role("button", name="Choose an image")).to_be_hidden()
    for index, heading in enumerate(BENEFITS[:2]):
        page.locator(f"#body-{index}-value-heading").fill(heading)
        children.nth(index).locator("[contenteditable=true]").fill(
            f"Why {heading.lower()} matters."
        )
    for left in (4, 3, 2):  # the editor deletes the benefits they don't need
        children.last.get_by_role("button", name="Delete").click()
        expect(children).to_have_count(left)
    # The third comes from the block picker.
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Benefit").click()
    expect(children).to_have_count(3)
    children.last.locator("input[name$='-value-heading']").fill(BENEFITS[2])
    fill_rich_text(
        children.last.locator("[contenteditable=true]"), f"Why {BENEFITS[2].lower()} matters."
    )
    # A section between benefits takes no number, in the editor as on the page.
    body.get_by_role("button", name="Insert a block").nth(1).click()
    page.get_by_role("option", name="Risks and side effects").click()
    fill_rich_text(children.nth(1).locator("[contenteditable=true]"), "Some redness for a day.")
    for index in range(4):  # folded, each header shows what the block holds
        children.nth(index).locator(".w-panel__toggle").first.click()
    # Seen as "Benefit 1 · Calmer skin"; screen readers are spared the dot.
    headers = block_headers(page)
    # The risks section takes no number (it is not a benefit). Once folded, Wagtail may add a
    # summary of its text after its name: only the start is compared.
    assert headers[1].startswith("Risks and side effects")
    assert [headers[0], *headers[2:]] == [
        f"Benefit 1 {BENEFITS[0]}",
        f"Benefit 2 {BENEFITS[1]}",
        f"Benefit 3 {BENEFITS[2]}",
    ]

    third_id = children.last.locator("input[name$='-value-heading']").get_attribute("id")
    third = children.filter(has=page.locator(f"#{third_id}"))
    move_up = third.get_by_role("button", name="Move up")
    while move_up.is_enabled():
        move_up.click()
    headings = body.locator("[data-streamfield-child] input[name$='-value-heading']")
    for position, heading in enumerate([BENEFITS[2], BENEFITS[0], BENEFITS[1]]):
        expect(headings.nth(position)).to_have_value(heading)
    assert block_headers(page)[0] == f"Benefit 1 {BENEFITS[2]}"
    snapshot("admin-guide-editor")
    publish(page)

    guide = GuidePage.objects.get(title="Gentle Skincare for Sensitive Skin")
    assert guide.live
    assert [block.block_type for block in guide.body] == ["benefit", "benefit", "risks", "benefit"]
    assert [block.value["heading"] for block in guide.body if block.block_type == "benefit"] == [
        BENEFITS[2],
        BENEFITS[0],
        BENEFITS[1],
    ]

    page.goto(guide.url)
    expect(page.locator(".benefit__heading")).to_have_text(
        ["1. A brighter complexion", "2. Calmer skin", "3. Fewer breakouts"]
    )
    expect(page.get_by_role("navigation", name="In this guide").get_by_role("link")).to_have_text(
        [BENEFITS[2], BENEFITS[0], BENEFITS[1]]
    )


def test_editor_moves_the_fifth_benefit_of_the_demo_guide_to_the_top(page, log_in, editor):
    guide = GuidePage.objects.get(url_path__endswith=DEMO_GUIDE_URL)
    headings = [block.value["heading"] for block in guide.body if block.block_type == "benefit"]
    log_in(editor)
    page.goto(f"/admin/pages/{guide.pk}/edit/")

    body = page.locator("#panel-child-content-body-content")
    inputs = body.locator("input[name$='-value-heading']")
    expect(inputs).to_have_count(5)
    fifth_id = next(i.get_attribute("id") for i in inputs.all() if i.input_value() == headings[4])
    fifth = body.locator("[data-streamfield-child]").filter(has=page.locator(f"#{fifth_id}"))
    move_up = fifth.get_by_role("button", name="Move up")
    while move_up.is_enabled():
        move_up.click()
    publish(page)

    page.goto(guide.url)
    numbered = [f"{n}. {h}" for n, h in enumerate([headings[4], *headings[:4]], start=1)]
    expect(page.locator(".benefit__heading")).to_have_text(numbered)


def test_editor_adds_a_required_field_to_the_reply_form(page, log_in, editor, snapshot):
    log_in(editor)
    explore(page, "Healthy Skin Guides")
    page.get_by_role("link", name="Leave a Reply", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leave a Reply")

    page.get_by_role("button", name="Add form fields").click()
    new = page.locator("#id_form_fields-FORMS > *").last
    new.get_by_label("Label").fill("Skin type")
    new.get_by_label("Field type").select_option(label="Single line text")
    new.get_by_label("Help text").fill("For example oily, dry or combination.")
    new.get_by_label("Required").check()
    publish(page)

    page.goto(DEMO_GUIDE_URL)
    form = page.locator("#leave-a-reply form")
    expect(form.locator("label", has_text="Skin type")).to_have_text("Skin type *")
    skin_type = form.get_by_label("Skin type")
    expect(skin_type).to_have_attribute("required", "")
    expect(skin_type).to_have_attribute("aria-required", "true")
    snapshot("reply-form-with-new-field")

    form.evaluate("form => { form.noValidate = true }")
    form.get_by_label("Comment").fill("Does this suit sensitive skin?")
    form.get_by_label("Name").fill("Kit")
    form.get_by_label("Email").fill("kit@readers.example")
    form.get_by_role("button", name="Post reply").click()
    expect(page.locator("#reply-errors")).to_contain_text("Please fill in “Skin type”.")
    assert not Reply.objects.filter(author_name="Kit").exists()

    page.locator("#leave-a-reply form").get_by_label("Skin type").fill("Combination")
    page.locator("#leave-a-reply form").get_by_role("button", name="Post reply").click()
    expect(page.locator("#reply-thanks")).to_be_visible()
    assert Reply.objects.get(author_name="Kit").form_data["skin_type"] == "Combination"
