"""“Import an article” in the admin: Editors paste or upload, see a preview, confirm, and get
a draft guide; nobody gets one where they may not add guides."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page

import pytest
from bs4 import BeautifulSoup

from guides.models import GuidePage
from tests import articles
from tests.factories import GuideIndexPageFactory, StaffUserFactory

IMPORT_URL = reverse("guides_import_article")


@pytest.fixture
def editor(db):
    return StaffUserFactory(groups=["Editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(name, data):
    return SimpleUploadedFile(name, data)


def preview(client, index, **fields):
    response = client.post(IMPORT_URL, {"parent": index.pk, "text": "", **fields})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def confirm(client, index):
    return client.post(IMPORT_URL, {"confirm": "1", "parent": index.pk})


def benefit_lines(soup):
    return [
        " ".join(dt.strong.get_text().split()) for dt in soup.select("[data-import=benefits] > dt")
    ]


EXPECTED = [f"{n}. {h}" for n, h in enumerate(articles.HEADINGS, 1)]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(lambda: {"article": upload("a.docx", articles.word_document())}, id="docx"),
        pytest.param(
            lambda: {"article": upload("a.docx", articles.word_document(word_numbering=True))},
            id="docx-word-numbering",
        ),
        pytest.param(lambda: {"article": upload("a.md", articles.markdown().encode())}, id="md"),
        pytest.param(lambda: {"text": articles.pasted_text()}, id="pasted"),
        pytest.param(
            lambda: {"article": upload("a.html", articles.markdown_html().encode())}, id="html"
        ),
    ],
)
def test_preview_then_confirm_makes_a_draft_guide(editor_client, guide_index, fields, editor):
    soup = preview(editor_client, guide_index, **fields())
    assert soup.select_one("[data-import=title]").get_text() == articles.TITLE
    assert [p.get_text() for p in soup.select("[data-import=intro] p")] == articles.INTRO
    assert benefit_lines(soup) == EXPECTED
    first = soup.select_one("[data-import=benefits] > dd")
    assert first.find("b").get_text() == articles.BOLD
    assert first.find("a")["href"] == articles.LINK_URL
    assert GuidePage.objects.count() == 0  # nothing stored before the editor confirms

    response = confirm(editor_client, guide_index)
    guide = GuidePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[guide.pk])
    assert not guide.live
    assert guide.get_parent().pk == guide_index.pk
    assert guide.owner == editor
    assert guide.get_latest_revision().user == editor
    draft = guide.get_latest_revision_as_object()
    assert [b.block_type for b in draft.body] == ["benefit"] * 5
    assert [b.value["heading"] for b in draft.body] == articles.HEADINGS
    assert "<b>collagen</b>" in draft.body[0].value["body"].source
    assert f'<a href="{articles.LINK_URL}">the study</a>' in draft.body[0].value["body"].source
    # The edit view opens on it.
    edit = editor_client.get(response["Location"])
    assert edit.status_code == 200
    assert "Draft guide" in edit.content.decode()


def test_the_preview_lists_what_was_left_out(editor_client, guide_index):
    soup = preview(editor_client, guide_index, text=articles.pasted_text() + "\nLeave a Reply\n")
    dropped = soup.select_one("[data-import=dropped]").get_text()
    assert "Leave a Reply" in dropped
    assert "numbers typed before 5 headings" in dropped


def test_other_paragraphs_and_pictures_are_previewed_and_stored(editor_client, guide_index):
    html = articles.markdown_html().replace(
        "<h2>5.", "<h2>Before the last</h2><p>Between <em>benefits</em>.</p><h2>5."
    )
    docx = articles.word_document(picture=articles.png(), picture_alt="A treated cheek")
    soup = preview(editor_client, guide_index, article=upload("a.html", html.encode()))
    assert "Between benefits." in soup.select_one("[data-import=paragraphs]").get_text()
    confirm(editor_client, guide_index)
    draft = GuidePage.objects.get().get_latest_revision_as_object()
    assert [b.block_type for b in draft.body] == ["benefit"] * 4 + ["paragraph", "benefit"]

    soup = preview(editor_client, guide_index, article=upload("b.docx", docx))
    assert "“A treated cheek”" in soup.select_one("[data-import=images]").get_text()
    confirm(editor_client, guide_index)
    image = get_image_model().objects.get()
    assert image.title == "A treated cheek"
    draft = GuidePage.objects.latest("pk").get_latest_revision_as_object()
    first = draft.body[0].value
    assert first["image"].pk == image.pk
    assert first["image"].contextual_alt_text == "A treated cheek"


def test_a_picture_without_alt_text_is_flagged(editor_client, guide_index):
    docx = articles.word_document(picture=articles.png())
    soup = preview(editor_client, guide_index, article=upload("a.docx", docx))
    assert "no alt text" in soup.select_one("[data-import=images]").get_text()
    response = editor_client.post(
        IMPORT_URL, {"confirm": "1", "parent": guide_index.pk}, follow=True
    )
    assert "have no alt text" in response.content.decode()


def test_a_slug_that_is_taken_gets_a_suffix(editor_client, guide_index):
    for _ in range(2):
        preview(editor_client, guide_index, text=articles.pasted_text())
        confirm(editor_client, guide_index)
    assert sorted(GuidePage.objects.values_list("slug", flat=True)) == [
        "five-reasons-to-try-microneedling",
        "five-reasons-to-try-microneedling-2",
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Upload a file or paste the article"),
        ({"text": "Title only\n\nNo headings."}, "no numbered headings"),
        ({"article": lambda: upload("a.pdf", b"%PDF-1.4")}, "choose a .docx, .md, .txt or .html"),
        ({"article": lambda: upload("a.docx", b"not a zip")}, "not a Word .docx document"),
        ({"article": lambda: upload("a.txt", b"\xff\xfe bad")}, "not UTF-8"),
    ],
)
def test_bad_articles_are_refused_with_the_reason(editor_client, guide_index, fields, message):
    fields = {k: v() if callable(v) else v for k, v in fields.items()}
    soup = preview(editor_client, guide_index, **fields)
    assert message in soup.get_text()
    assert soup.select_one("[data-import=benefits]") is None
    assert GuidePage.objects.count() == 0


def test_the_size_cap_applies(editor_client, guide_index, settings):
    settings.GUIDES_IMPORT_MAX_BYTES = 500
    big = articles.markdown() + "x" * 600
    soup = preview(editor_client, guide_index, article=upload("a.md", big.encode()))
    assert "larger than 500 bytes" in soup.get_text()
    soup = preview(editor_client, guide_index, text=big)
    assert "larger than 500 bytes" in soup.get_text()


def test_a_docx_that_unpacks_to_a_huge_size_is_refused(editor_client, guide_index):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<" + " " * 60_000_000 + ">")
    soup = preview(editor_client, guide_index, article=upload("bomb.docx", out.getvalue()))
    assert "unpacks to far more" in soup.get_text()


def test_markup_in_the_article_is_shown_as_text(editor_client, guide_index, client):
    text = articles.pasted_text().replace(
        "Microneedling is a gentle treatment.",
        '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">',
    )
    soup = preview(editor_client, guide_index, text=text)
    intro = soup.select_one("[data-import=intro]")
    assert intro.find("script") is None and intro.find("img") is None
    assert intro.find("a") is None
    assert "<script>alert(1)</script>" in intro.get_text()
    confirm(editor_client, guide_index)
    assert "<script>" not in GuidePage.objects.get().get_latest_revision_as_object().intro


# --- Who may import where --------------------------------------------------------------


def test_the_guides_listing_offers_the_import(editor_client, guide_index):
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[guide_index.pk]))
    soup = BeautifulSoup(listing.content, "html.parser")
    link = next(a for a in soup.find_all("a") if "Import an article" in a.get_text())
    assert link["href"] == f"{IMPORT_URL}?parent={guide_index.pk}"
    # ... and the home listing offers it in the guide index's row.
    home = editor_client.get(reverse("wagtailadmin_explore", args=[guide_index.get_parent().pk]))
    assert f"{IMPORT_URL}?parent={guide_index.pk}" in home.content.decode()


def test_only_guide_indexes_the_user_may_add_to_are_offered(client, guide_index, home):
    other = GuideIndexPageFactory(parent=home, title="Partner guides", slug="partners")
    user = StaffUserFactory()  # no groups: admin access only
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Partner editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=other, permission_type="add")
    user.groups.add(group)
    client.force_login(user)

    soup = BeautifulSoup(client.get(IMPORT_URL).content, "html.parser")
    options = [o["value"] for o in soup.select("select[name=parent] option")]
    assert options == [str(other.pk)]
    # The listing of the index they may not add to has no import.
    listing = client.get(reverse("wagtailadmin_explore", args=[guide_index.pk]))
    assert "Import an article" not in listing.content.decode()

    # Crafting the other index's id, at preview or at confirm, makes nothing there.
    soup = preview(client, guide_index, text=articles.pasted_text())
    assert soup.select_one("[data-import=benefits]") is None
    preview(client, other, text=articles.pasted_text())
    response = confirm(client, guide_index)
    assert response.status_code == 302
    assert GuidePage.objects.count() == 0
    for bad in ["abc", "-1", str(Page.objects.get(depth=1).pk), str(home.pk)]:
        client.post(IMPORT_URL, {"confirm": "1", "parent": bad})
    assert GuidePage.objects.count() == 0
    confirm(client, other)
    assert GuidePage.objects.get().get_parent().pk == other.pk


def test_users_who_may_add_no_guides_are_refused(client, guide_index):
    from django.contrib.auth.models import Permission

    user = StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard.
    for response in (
        client.get(IMPORT_URL, follow=True),
        client.post(IMPORT_URL, {"text": articles.pasted_text()}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
        assert "do not have permission" in response.content.decode()
    client.logout()
    assert client.get(IMPORT_URL).status_code == 302  # to the login page
    assert GuidePage.objects.count() == 0


def test_confirm_without_a_preview_makes_nothing(editor_client, guide_index):
    response = confirm(editor_client, guide_index)
    assert response.status_code == 302
    assert GuidePage.objects.count() == 0


def test_a_whole_web_page_gives_only_its_article(editor_client, guide_index):
    page = "<!DOCTYPE html><?xml-stylesheet href='x'?>" + articles.markdown_html()
    soup = preview(editor_client, guide_index, article=upload("page.html", page.encode()))
    assert soup.select_one("[data-import=title]").get_text() == articles.TITLE
    assert [p.get_text() for p in soup.select("[data-import=intro] p")] == articles.INTRO
    assert benefit_lines(soup) == EXPECTED
    assert soup.select_one("[data-import=paragraphs]") is None
    dropped = soup.select_one("[data-import=dropped]").get_text()
    assert "a navigation menu: “Home”" in dropped
    assert "a form: “Comment *”" in dropped
    assert "before the title" not in dropped  # the doctype is no text


def test_line_breaks_inside_a_paragraph_are_kept(editor_client, guide_index):
    html = articles.markdown_html().replace("for 1.</p>", "for 1.<br>Second line.</p>")
    soup = preview(editor_client, guide_index, article=upload("a.html", html.encode()))
    first = soup.select_one("[data-import=benefits] > dd p")
    assert first.find("br") is not None
    assert first.get_text().endswith("for 1.Second line.")
