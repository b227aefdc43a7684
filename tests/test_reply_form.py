"""A reader replies to a guide: the form's markup, storing, redirecting, and bad input."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ReferenceIndex

import pytest
from bs4 import BeautifulSoup

from guides import spam
from guides.models import Reply, ReplyFormField
from tests.factories import GuidePageFactory
from tests.replying import reply_data

NOTE = "Your email address will not be published. Required fields are marked *"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_required_fields_are_marked_for_eyes_and_assistive_technology(client, guide):
    soup = soup_of(client.get(guide.url))
    form = soup.select_one("#leave-a-reply form")
    assert soup.select_one("#leave-a-reply h2").get_text() == "Leave a Reply"
    note = form.select_one(".reply-form__note")
    assert note.get_text() == NOTE
    # The note comes before the first field.
    assert note.find_next(["input", "textarea"])["name"] == "comment"

    for name in ("comment", "name", "email"):
        control = form.find(attrs={"name": name})
        assert control.has_attr("required")
        assert control["aria-required"] == "true"
        label = form.find("label", attrs={"for": control["id"]})
        mark = label.select_one(".required-mark")
        assert mark.get_text() == "*"
        assert mark["aria-hidden"] == "true"

    website = form.find(attrs={"name": "website"})
    assert not website.has_attr("required") and not website.has_attr("aria-required")
    assert form.find("label", attrs={"for": website["id"]}).select_one(".required-mark") is None


def test_inputs_have_the_right_types_autocomplete_and_limits(client, guide):
    form = soup_of(client.get(guide.url)).select_one("#leave-a-reply form")
    name, email, website = (
        form.find("input", attrs={"name": n}) for n in ("name", "email", "website")
    )
    assert (name["type"], name["autocomplete"], name["maxlength"]) == ("text", "name", "245")
    assert (email["type"], email["autocomplete"], email["maxlength"]) == ("email", "email", "100")
    assert (website["type"], website["autocomplete"], website["maxlength"]) == ("url", "url", "200")
    assert form.find("textarea", attrs={"name": "comment"})["maxlength"] == "65525"
    assert form["method"] == "post"
    assert form["action"] == guide.url


def test_editors_can_change_labels_and_required_fields(client, guide, reply_page):
    ReplyFormField.objects.filter(page=reply_page, label="Website").update(required=True)
    ReplyFormField.objects.create(
        page=reply_page,
        label="Skin type",
        field_type="singleline",
        required=False,
        help_text="e.g. oily",
    )
    form = soup_of(client.get(guide.url)).select_one("#leave-a-reply form")
    website = form.find("input", attrs={"name": "website"})
    assert website.has_attr("required")
    assert form.find("label", attrs={"for": "id_website"}).select_one(".required-mark")
    skin = form.find("input", attrs={"name": "skin_type"})
    assert skin["aria-describedby"] == "id_skin_type_helptext"
    assert form.select_one("#id_skin_type_helptext").get_text() == "e.g. oily"


def test_a_field_added_later_goes_last_and_does_not_take_the_name(client, guide, reply_page):
    # The admin numbers a new field after the existing ones (on PostgreSQL, unnumbered default
    # fields used to sort after it, so it jumped to the top and became the "name").
    ReplyFormField.objects.create(
        page=reply_page, label="Skin type", field_type="singleline", required=False, sort_order=4
    )
    form = soup_of(client.get(guide.url)).select_one("#leave-a-reply form")
    labels = [label.get_text(" ", strip=True) for label in form.select(".form-field label")]
    assert labels == ["Comment *", "Name *", "Email *", "Website", "Skin type"]

    client.post(guide.url, reply_data(skin_type="Oily"))
    reply = Reply.objects.get()
    assert (reply.author_name, reply.form_data["skin_type"]) == ("Sam Reader", "Oily")


def test_a_valid_reply_is_stored_pending_on_its_guide_then_redirects(client, guide, reply_page):
    response = client.post(guide.url, reply_data(), HTTP_USER_AGENT="TestBrowser/1.0")
    assert response.status_code == 302
    assert response["Location"] == guide.url

    reply = Reply.objects.get()
    assert reply.status == Reply.Status.PENDING
    assert reply.guide_id == guide.pk
    assert reply.page_id == reply_page.pk
    assert (reply.author_name, reply.author_email) == ("Sam Reader", "sam@example.com")
    assert reply.comment == "It helped my acne scars.\nThanks for the guide!"
    assert reply.form_data["website"] == "https://sam.example.org"
    assert reply.user_agent == "TestBrowser/1.0"
    # Only a keyed hash of the IP is kept (the same address gives the same hash), never the
    # address itself in any column.
    assert reply.ip_hash == spam.ip_hash("127.0.0.1") != spam.ip_hash("127.0.0.2")
    assert "127.0.0.1" not in str(Reply.objects.filter(pk=reply.pk).values().get())

    # The redirect shows the thank-you message once; a reload shows the page without it.
    page = soup_of(client.get(response["Location"]))
    assert (
        page.select_one("#reply-thanks").get_text() == "Thanks, your reply is awaiting moderation."
    )
    assert soup_of(client.get(guide.url)).select_one("#reply-thanks") is None
    # Pending replies are not shown.
    assert "It helped my acne scars" not in client.get(guide.url).content.decode()


def test_a_reply_is_not_counted_as_usage_of_its_guide(client, guide):
    references = ReferenceIndex.objects.count()
    assert client.post(guide.url, reply_data()).status_code == 302
    assert Reply.objects.count() == 1
    assert ReferenceIndex.objects.count() == references
    assert ReferenceIndex.get_references_to(guide).count() == 0


def test_an_invalid_reply_keeps_what_was_typed_and_explains_what_to_fix(client, guide):
    data = reply_data(name="", email="not-an-email", comment="My <b>long</b> story.\nLine two.")
    response = client.post(guide.url, data)
    assert response.status_code == 200
    assert Reply.objects.count() == 0
    soup = soup_of(response)

    summary = soup.select_one("#reply-errors")
    assert summary.select_one("h3").get_text() == "There is a problem"
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert [(a["href"], a.get_text()) for a in summary.select("a")] == [
        ("#id_name", "Please fill in “Name”."),
        ("#id_email", "Enter a valid email address."),
    ]
    name = soup.find("input", attrs={"name": "name"})
    assert name["aria-invalid"] == "true"
    assert name["aria-describedby"] == "id_name_error"
    assert "Please fill in “Name”." in soup.select_one("#id_name_error").get_text()

    # Everything typed is kept, escaped.
    assert soup.find("input", attrs={"name": "email"})["value"] == "not-an-email"
    assert soup.find("textarea", attrs={"name": "comment"}).get_text().strip() == (
        "My <b>long</b> story.\nLine two."
    )
    assert "My &lt;b&gt;long&lt;/b&gt; story." in response.content.decode()
    assert soup.find("input", attrs={"name": "website"})["value"] == "https://sam.example.org"


def test_the_browsers_required_attribute_is_not_trusted(client, guide):
    data = reply_data()
    del data["comment"]
    response = client.post(guide.url, data)
    assert response.status_code == 200
    assert "Please fill in “Comment”." in soup_of(response).select_one("#reply-errors").get_text()
    assert Reply.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "limit"), [("name", 245), ("email", 100), ("website", 200), ("comment", 65_525)]
)
def test_wordpress_maximum_lengths_give_a_clear_error(client, guide, field, limit):
    too_long = {
        "name": "n" * (limit + 1),
        "email": "e" * (limit + 1 - len("@example.com")) + "@example.com",
        "website": "https://example.com/" + "p" * (limit + 1 - len("https://example.com/")),
        "comment": "c" * (limit + 1),
    }[field]
    response = client.post(guide.url, reply_data(**{field: too_long}))
    assert Reply.objects.count() == 0
    errors = soup_of(response).select_one(f"#id_{field}_error").get_text()
    assert f"can be at most {limit} characters (it has {limit + 1})" in errors

    just_right = too_long[1:] if field == "email" else too_long[:-1]
    response = client.post(guide.url, reply_data(**{field: just_right}))
    assert response.status_code == 302
    assert Reply.objects.count() == 1


def test_line_breaks_count_as_one_character_as_in_the_browser(client, guide):
    # Browsers post a textarea's line breaks as CRLF but count each as one for maxlength.
    lines = "x" * 9 + "\r\n"
    comment = lines * 6552 + "xxxxx"  # 65,525 characters when each break counts as one
    response = client.post(guide.url, reply_data(comment=comment))
    assert response.status_code == 302
    assert Reply.objects.get().comment == comment.replace("\r\n", "\n")


def test_html_in_a_reply_is_shown_as_text(client, guide):
    payloads = {
        "name": '"><script>alert(1)</script>',
        "comment": "<script>alert('x')</script>\n<img src=x onerror=alert(2)>",
        "website": 'https://example.com/"onmouseover="alert(3)',
    }
    assert client.post(guide.url, reply_data(**payloads)).status_code == 302
    Reply.objects.update(status=Reply.Status.APPROVED)
    html = client.get(guide.url).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    link = soup_of(client.get(guide.url)).select_one(".reply__author a")
    assert not link.has_attr("onmouseover")


def test_no_replies_are_taken_on_a_guide_that_is_not_live(client, guide):
    guide.unpublish()
    response = client.post(guide.url, reply_data())
    assert response.status_code == 404
    assert Reply.objects.count() == 0 and not mail.outbox


def test_an_unpublished_reply_form_closes_replies(client, guide, reply_page):
    reply_page.unpublish()
    soup = soup_of(client.get(guide.url))
    assert soup.select_one("#leave-a-reply") is None
    assert soup.select_one("form[method=post]") is None
    assert Reply.objects.count() == 0


def test_replies_closed_while_typing_keep_the_readers_text(client, guide, reply_page):
    reply_page.unpublish()  # while the reader was writing
    response = client.post(guide.url, reply_data(comment="My long <b>story</b>."))
    assert response.status_code == 409
    soup = soup_of(response)
    assert "your reply was not sent" in soup.select_one("#reply-errors").get_text()
    kept = [t.get_text() for t in soup.select("#leave-a-reply textarea[readonly]")]
    assert "My long <b>story</b>." in kept and "Sam Reader" in kept
    assert soup.select_one("h1").get_text() == guide.title
    assert Reply.objects.count() == 0 and not mail.outbox


def test_a_guide_can_choose_another_reply_form(client, guide, guide_index, home):
    from tests.factories import ReplyFormPageFactory

    other = ReplyFormPageFactory(parent=home, slug="questions", form_heading="Ask a question")
    chosen = GuidePageFactory(parent=guide_index, chosen_reply_form=other)
    assert soup_of(client.get(chosen.url)).select_one("#leave-a-reply h2").get_text() == (
        "Ask a question"
    )
    assert client.post(chosen.url, reply_data()).status_code == 302
    assert Reply.objects.get().page_id == other.pk
    # The other guide still uses the main form.
    assert soup_of(client.get(guide.url)).select_one("#leave-a-reply h2").get_text() == (
        "Leave a Reply"
    )


def test_the_reply_form_page_takes_replies_at_its_own_url(client, reply_page):
    page = soup_of(client.get(reply_page.url))
    assert page.select_one("h1").get_text() == "Leave a Reply"
    assert page.select_one("#leave-a-reply .reply-form__note").get_text() == NOTE
    response = client.post(reply_page.url, reply_data())
    assert response["Location"] == reply_page.url
    reply = Reply.objects.get()
    assert reply.guide is None and reply.page_id == reply_page.pk


@pytest.mark.parametrize("where", ["guide", "reply_page"])
def test_showing_the_form_reads_its_fields_at_most_once(client, guide, reply_page, where):
    url = {"guide": guide.url, "reply_page": reply_page.url}[where]
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert 'name="comment"' in response.content.decode()
    # Once on the form's own page; a guide finds them in the site snapshot.
    field_reads = [q for q in queries.captured_queries if "replyformfield" in q["sql"]]
    assert len(field_reads) <= 1


def test_an_email_address_in_the_name_is_refused_because_names_are_published(client, guide):
    response = client.post(guide.url, reply_data(name="sam@example.com"))
    assert response.status_code == 200
    errors = soup_of(response).select_one("#id_name_error").get_text()
    assert "can't contain an email address" in errors
    assert Reply.objects.count() == 0


def test_swapped_field_types_cannot_publish_a_readers_email(client, guide, reply_page):
    """An editor makes "Name" the email field and "Email" a text field: the reader's email,
    typed into "Email", would become the published name. It is refused instead."""
    ReplyFormField.objects.filter(page=reply_page, label="Name").update(field_type="email")
    ReplyFormField.objects.filter(page=reply_page, label="Email").update(field_type="singleline")
    response = client.post(
        guide.url, reply_data(name="sam.other@example.com", email="secret@private.example")
    )
    assert response.status_code == 200
    assert "can't contain an email address" in soup_of(response).get_text()
    assert Reply.objects.count() == 0
