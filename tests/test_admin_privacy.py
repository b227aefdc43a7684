"""What the admin lets people see and change of readers' data, whatever URL they craft."""

import csv
import io

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from guides.models import Reply, ReplyFormPage
from tests.admin_forms import reply_form_post_data
from tests.factories import ReplyFactory, StaffUserFactory

LIST_URL = "/admin/guides/reply/"
# The list opens on Pending; these tests look at every status.
ALL = {"status__exact": "all"}

# Each probes a column or a relation the list doesn't show, with a value that matches one
# reply (or the superuser's password hash); answers that differ from the unfiltered list
# would leak it, one character at a time.
CRAFTED = [
    {"author_email__startswith": "secret"},
    {"author_email__istartswith": "SECRET"},
    {"author_email__regex": "^secret"},
    {"author_email__contains": "@private.example"},
    {"ip_hash__startswith": "a"},
    {"user_agent__icontains": "Firefox"},
    {"page__latest_revision__user__password__startswith": "md5$"},
    {"page__owner__password__startswith": "md5$"},
    {"page__owner__email__startswith": "root"},
    {"guide__owner__is_superuser": "1"},
    {"comment__regex": "^(a|b)"},
    {"author_email__in": "secret@private.example"},
    {"form_data__icontains": "secret"},
]


@pytest.fixture
def readers_replies(guide, reply_page):
    secret = ReplyFactory(
        page=reply_page,
        guide=guide,
        author_name="Secret Reader",
        author_email="secret@private.example",
        comment="about my skin",
        ip_hash="a" * 64,
        user_agent="Firefox",
        status=Reply.Status.PENDING,
    )
    other = ReplyFactory(
        page=reply_page,
        guide=guide,
        author_name="Other Reader",
        author_email="other@readers.example",
        comment="bold claims",
        ip_hash="b" * 64,
        user_agent="Chrome",
    )
    return secret, other


def listed_names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(" ".join(row.get_text().split()) for row in soup.select("table.listing tbody tr"))


def exported_rows(response):
    return sorted(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_crafted_list_parameters_filter_nothing(client, readers_replies, role, admin_user):
    client.force_login(StaffUserFactory(groups=[role]))
    everyone = listed_names(client.get(LIST_URL, ALL))
    assert len(everyone) == 2
    export_all = exported_rows(client.get(LIST_URL, {**ALL, "export": "csv"}))
    for params in CRAFTED:
        response = client.get(LIST_URL, {**ALL, **params})
        assert response.status_code == 200, params
        assert listed_names(response) == everyone, params
        export = client.get(LIST_URL, {**ALL, **params, "export": "csv"})
        assert exported_rows(export) == export_all, params


def test_the_declared_filters_still_filter(client, readers_replies):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    pending = client.get(LIST_URL, {**ALL, "status__exact": "pending"})
    assert len(listed_names(pending)) == 1


def test_crafted_parameters_on_wagtails_submissions_list_filter_nothing(
    client, readers_replies, reply_page
):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    url = reverse("wagtailforms:list_submissions", args=[reply_page.pk])
    everyone = client.get(url).content.decode()
    assert "secret@private.example" in everyone and "other@readers.example" in everyone
    for params in [*CRAFTED, {"order_by": "author_email"}, {"order_by": "form_data__email"}]:
        response = client.get(url, params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert "secret@private.example" in html and "other@readers.example" in html, params


def formula_replies(guide, reply_page):
    for name, comment in [
        ('=HYPERLINK("http://evil.example","Click")', "=cmd|' /C calc'!A0"),
        ("+SUM(1,1)", "-2+3"),
        ("@SUM(1)", "\tindented"),
    ]:
        ReplyFactory(page=reply_page, guide=guide, author_name=name, comment=comment)


def test_csv_exports_never_start_a_cell_with_a_formula(client, guide, reply_page):
    formula_replies(guide, reply_page)
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    exports = {
        "replies list": client.get(LIST_URL, {**ALL, "export": "csv"}),
        "forms admin": client.get(
            reverse("wagtailforms:list_submissions", args=[reply_page.pk]), {"export": "csv"}
        ),
    }
    for where, response in exports.items():
        rows = exported_rows(response)
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], where
        assert '\'=HYPERLINK("http://evil.example","Click")' in cells, where
        assert "'-2+3" in cells, where


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_only_moderators_see_and_change_where_replies_are_emailed(client, reply_page):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    html = client.get(edit_url(reply_page)).content.decode()
    assert 'name="to_address"' not in html
    assert "moderators@example.com" not in html

    client.force_login(StaffUserFactory(groups=["Moderators"]))
    html = client.get(edit_url(reply_page)).content.decode()
    assert 'name="to_address"' in html and "moderators@example.com" in html


def test_an_editor_cannot_post_a_new_notification_address(client, reply_page):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    data = reply_form_post_data(reply_page, to_address="attacker@evil.example")
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(reply_page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reply_page.refresh_from_db()
    assert reply_page.to_address == "moderators@example.com"


def test_a_reply_form_with_replies_cannot_be_deleted(admin_client, guide, reply_page):
    ReplyFactory(page=reply_page, guide=guide)
    delete = reverse("wagtailadmin_pages:delete", args=[reply_page.pk])
    response = admin_client.post(delete, follow=True)
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert "has replies, so it can't be deleted. To stop taking replies, unpublish it" in text
    assert Reply.objects.count() == 1
    reply_page.refresh_from_db()
    assert reply_page.live


def test_a_reply_form_without_replies_can_be_deleted(admin_client, reply_page):
    delete = reverse("wagtailadmin_pages:delete", args=[reply_page.pk])
    admin_client.post(delete)
    assert not type(reply_page).objects.filter(pk=reply_page.pk).exists()


def test_a_deleted_guides_replies_keep_its_title_and_are_shown_nowhere(
    client, admin_client, guide, reply_page
):
    ReplyFactory(page=reply_page, guide=guide, comment="On a guide that goes away.")
    ReplyFactory(page=reply_page, guide=None, comment="On the reply page itself.")
    title = guide.title
    guide.delete()

    reply = Reply.objects.get(comment="On a guide that goes away.")
    assert reply.guide is None and reply.guide_title == title
    page = client.get(reply_page.url).content.decode()
    assert "On the reply page itself." in page
    assert "On a guide that goes away." not in page
    listing = admin_client.get(LIST_URL, ALL).content.decode()
    assert f"{title} (deleted guide)" in listing


def test_odd_filter_values_and_inspect_ids_are_not_server_errors(client, readers_replies):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    for params in (
        {"guide__page_ptr__exact": "abc"},
        {"guide__page_ptr__exact": "1.5"},
        {"guide__isnull": "maybe"},
        {"status__exact": "<script>"},
        {"guide__page_ptr__exact": "abc", "export": "csv"},
    ):
        assert client.get(LIST_URL, {**ALL, **params}).status_code == 200, params
    for pk in ("abc", "1x", "1.5", "-1"):
        assert client.get(f"{LIST_URL}inspect/{pk}/").status_code == 404, pk


def test_only_moderators_add_reply_forms(client, home):
    add = reverse("wagtailadmin_pages:add", args=["guides", "replyformpage", home.pk])
    client.force_login(StaffUserFactory(groups=["Editors"]))
    response = client.get(add, follow=True)
    assert "Only moderators can add a reply form." in response.content.decode()
    assert client.post(add, {"title": "Mine", "slug": "mine"}).status_code == 302
    assert not ReplyFormPage.objects.filter(slug="mine").exists()

    client.force_login(StaffUserFactory(groups=["Moderators"]))
    assert client.get(add).status_code == 200
