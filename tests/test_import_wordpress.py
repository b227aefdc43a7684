"""import_wordpress on the project's sample export: guides, topics, replies in each state,
redirects from the old permalinks, idempotent re-runs, and bad files that change nothing."""

import io
from datetime import date
from pathlib import Path

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup

from guides.models import GuidePage, Reply
from tests.test_importer import manage_py

SAMPLE = Path(__file__).resolve().parents[1] / "guides" / "management" / "wordpress_sample.xml"
MEDIA = SAMPLE.parent / "wordpress_sample_media"


def import_wordpress(*args):
    out = io.StringIO()
    call_command("import_wordpress", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def nothing_changed():
    return (
        GuidePage.objects.count() == 0
        and Reply.objects.count() == 0
        and Redirect.objects.count() == 0
        and get_image_model().objects.count() == 0
    )


@pytest.fixture
def imported(guide_index, reply_page):
    output = import_wordpress(SAMPLE, "--publish", "--parent", "/guides/")
    return output


def test_posts_become_guides_and_drafts_stay_drafts(imported, guide_index):
    guides = {g.wordpress_id: g for g in GuidePage.objects.child_of(guide_index)}
    assert set(guides) == {101, 102, 103}  # the page and the attachment are not posts
    home_care, peels, draft = guides[101], guides[102], guides[103]
    assert home_care.live and peels.live and not draft.live
    assert home_care.title == "Microneedling at home: five benefits"
    assert home_care.author_name == "Dr Jane Smith"
    assert peels.author_name == "Sam Lee"
    assert home_care.published_date == date(2024, 3, 15)
    assert peels.published_date == date(2023, 11, 7)
    assert home_care.intro == (
        "<p>Five reasons to try microneedling at home, and what to check first.</p>"
    )
    assert [b.block_type for b in home_care.body] == ["paragraph"] + ["benefit"] * 5 + ["paragraph"]
    assert [b.value["heading"] for b in home_care.body if b.block_type == "benefit"] == [
        "Reduces fine lines",
        "Improves texture",
        "Reduces scarring",
        "Helps serums absorb",
        "Suits all skin types",
    ]
    assert "natural repair" in home_care.body[0].value.source  # the first paragraph is kept
    # No excerpt: the first paragraph is the intro; "Step N:" lines are benefits.
    assert peels.intro == "<p>A peel removes the top layer of skin so a fresher one shows.</p>"
    assert [b.value["heading"] for b in peels.body] == ["Cleanse", "Apply the peel", "Neutralise"]
    assert "Skipped 1 attachment, 1 page".lower() in imported.lower()


def test_the_live_guide_keeps_formatting_and_drops_the_comment_form(imported, client):
    guide = GuidePage.objects.get(wordpress_id=101)
    html = BeautifulSoup(client.get(guide.url).content, "html.parser")
    body = html.select_one(".guide__body")
    assert [" ".join(h.get_text().split()) for h in body.select("h2.benefit__heading")][:2] == [
        "1. Reduces fine lines",
        "2. Improves texture",
    ]
    assert [b.get_text() for b in body.find_all("b")] == ["natural repair", "collagen"]
    assert body.find("a", href="https://example.com/collagen-study").get_text() == "the study"
    assert "Leave a Reply" not in body.get_text()
    assert "Before you start" in body.get_text()


def test_categories_and_tags_become_topics(imported):
    topics = {
        g.wordpress_id: sorted(t.name for t in g.topics.all()) for g in GuidePage.objects.all()
    }
    assert topics == {
        101: ["Skin care", "microneedling"],
        102: ["Skin care", "peels"],
        103: ["Hydration"],
    }


def test_comments_become_replies_with_their_status_and_details(imported, client):
    guide = GuidePage.objects.get(wordpress_id=101)
    replies = {r.author_name: r for r in Reply.objects.filter(guide=guide)}
    assert set(replies) == {"Priya", "Tom", "Cheap Pills", "Ann"}  # the pingback is left out
    assert {name: r.status for name, r in replies.items()} == {
        "Priya": "approved",
        "Tom": "pending",
        "Cheap Pills": "spam",
        "Ann": "trash",
    }
    priya = replies["Priya"]
    assert priya.author_email == "priya@example.com"
    assert priya.author_url == "https://priya.example"
    assert priya.comment == "Tried it for a month: my skin feels firmer."
    assert priya.submit_time.isoformat() == "2024-03-16T10:00:00+00:00"
    assert priya.ip_hash == ""  # WordPress's raw IP addresses are not carried over
    # Only the approved reply shows, and what readers typed is escaped.
    page = client.get(guide.url).content.decode()
    assert "Tried it for a month" in page and "Does it hurt?" not in page
    peels = GuidePage.objects.get(wordpress_id=102)
    page = client.get(peels.url).content.decode()
    assert "<script>alert" not in page
    assert "Lee &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page


def test_old_permalinks_redirect_to_the_guides(imported, client):
    home_care = GuidePage.objects.get(wordpress_id=101)
    peels = GuidePage.objects.get(wordpress_id=102)
    for old, guide in [
        ("/2024/03/microneedling-at-home/", home_care),
        ("/2023/11/chemical-peels-explained/", peels),
    ]:
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"].endswith(guide.url)
    assert Redirect.objects.count() == 2  # the draft had no public permalink


def test_running_again_updates_instead_of_duplicating(imported, tmp_path, client):
    pks = sorted(GuidePage.objects.values_list("pk", flat=True))
    counts = (Reply.objects.count(), Redirect.objects.count())
    edited = tmp_path / "export.xml"
    edited.write_text(SAMPLE.read_text().replace("Rinse with cool water.", "Rinse well."))
    output = import_wordpress(edited, "--publish", "--parent", "/guides/")
    assert "0 new and 3 updated guides" in output and "0 new replies" in output
    assert sorted(GuidePage.objects.values_list("pk", flat=True)) == pks
    assert (Reply.objects.count(), Redirect.objects.count()) == counts
    peels = GuidePage.objects.get(wordpress_id=102)
    assert "Rinse well." in peels.body[2].value["body"].source


def test_without_publish_every_guide_is_a_draft(guide_index, reply_page):
    import_wordpress(SAMPLE)
    assert GuidePage.objects.count() == 3
    assert not GuidePage.objects.filter(live=True).exists()


def test_pictures_come_from_the_media_folder(guide_index, reply_page, client):
    import_wordpress(SAMPLE, "--publish", "--media-dir", MEDIA)
    image = get_image_model().objects.get()
    assert image.title == "A derma roller on a towel"
    guide = GuidePage.objects.get(wordpress_id=101)
    figure = next(b for b in guide.body if b.block_type == "image")
    assert figure.value["image"].pk == image.pk
    html = BeautifulSoup(client.get(guide.url).content, "html.parser")
    assert html.select_one(".guide__body img")["alt"] == "A derma roller on a towel"
    import_wordpress(SAMPLE, "--publish", "--media-dir", MEDIA)  # a re-run reuses the picture
    assert get_image_model().objects.count() == 1


def test_a_picture_path_cannot_leave_the_media_folder(guide_index, reply_page, tmp_path):
    (tmp_path / "secret.png").write_bytes((MEDIA / "2024" / "03" / "derma-roller.png").read_bytes())
    media = tmp_path / "uploads"
    media.mkdir()
    export = tmp_path / "export.xml"
    export.write_text(
        SAMPLE.read_text().replace(
            "wp-content/uploads/2024/03/derma-roller.png", "wp-content/uploads/../secret.png"
        )
    )
    output = import_wordpress(export, "--media-dir", media)
    assert get_image_model().objects.count() == 0
    assert "not in the media folder" in output


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><wp:wxr_version xmlns:wp="http://wordpress.org/export/1.2/">&lol3;</wp:wxr_version></channel></rss>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"Title\n\nThis is an article, not XML.", "not well-formed XML"),
        (b"<html><body><p>A web page</p></body></html>", "not a WordPress export"),
        (SAMPLE.read_bytes()[: len(SAMPLE.read_bytes()) // 2], "not well-formed XML"),
        (BILLION_LAUGHS.encode(), "declares a DTD or XML entities"),
        (EXTERNAL_ENTITY.encode(), "declares a DTD or XML entities"),
        (
            SAMPLE.read_bytes().replace(b"<![CDATA[spam]]>", b"<![CDATA[weird]]>"),
            "has the status 'weird'",
        ),
    ],
    ids=[
        "empty",
        "not-xml",
        "not-wxr",
        "truncated",
        "entity-expansion",
        "external-entity",
        "unknown-status",
    ],  # fmt: skip
)
def test_bad_files_exit_with_one_line_and_change_nothing(
    guide_index, reply_page, tmp_path, content, reason
):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        import_wordpress(path, "--publish")
    assert reason in str(error.value)
    assert "\n" not in str(error.value)
    assert nothing_changed()


def test_a_huge_file_is_refused_before_it_is_parsed(guide_index, reply_page, settings):
    settings.GUIDES_WORDPRESS_MAX_BYTES = 1000
    with pytest.raises(CommandError, match="larger than 1,000 bytes"):
        import_wordpress(SAMPLE)
    assert nothing_changed()


def test_a_failure_half_way_rolls_back_the_posts_already_imported(guide_index):
    # No reply form page: the first post is saved, then its comments can't be: nothing stays.
    with pytest.raises(CommandError, match="no reply form page"):
        import_wordpress(SAMPLE, "--publish")
    assert nothing_changed()


@pytest.mark.slow
def test_bad_file_exits_non_zero_from_the_shell(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("not xml")
    result = manage_py("import_wordpress", path)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith(f"CommandError: {path}: ")
