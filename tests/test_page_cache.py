"""The page cache (home/page_cache.py, docs/caching.md): anonymous readers get stored pages,
nothing in them is a visitor's, and every change to what a page shows makes the next view
fresh."""

import re
from datetime import timedelta

from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.management import call_command
from django.middleware.csrf import get_token
from django.test import Client
from django.utils import timezone
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, Revision

import pytest

from guides.models import GuideIndexPage, GuidePage, PeoplePage, Person, Reply
from home import page_cache, site_snapshot
from home.models import InformationPage, SiteSettings
from tests.factories import (
    GuidePageFactory,
    ReplyFactory,
    ReplyFormPageFactory,
    StaffUserFactory,
    benefits_body,
)
from tests.replying import reply_data


def view(url, client=None):
    """An anonymous reader's GET (a fresh browser unless ``client`` is given)."""
    response = (client or Client()).get(url)
    return response, response.content.decode()


def cached(url):
    """GET ``url`` until it comes from the cache; returns the page's HTML."""
    view(url)
    response, html = view(url)
    assert response["X-Cache"] == "hit", url
    return html


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.fixture
def guides(guide_index):
    """Three live guides and no reply form page (replies closed), so that guide pages carry
    no form: "Acne scars" and "Acne routine" share a topic, "Sun care" has another."""
    made = {}
    for title, topics in [
        ("Acne scars", ["Acne"]),
        ("Acne routine", ["Acne"]),
        ("Sun care", ["Sun"]),
    ]:
        page = GuidePageFactory(parent=guide_index, title=title, body=benefits_body("Calmer"))
        page.topics.set(topics)
        made[title] = publish(page)
    return made


@pytest.fixture
def information(home):
    page = InformationPage(
        title="Editorial policy", slug="policy", show_in_menus=True, body="<p>How we work.</p>"
    )
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def token_free_form(monkeypatch):
    """The reply form as it is once the page carries no visitor's token (the token endpoint
    fills it in): the CSRF token the template asks for is not this visitor's."""
    monkeypatch.setattr(
        "django.template.context_processors.get_token", lambda request: "not-a-visitor-token"
    )


# --- Stored and served -------------------------------------------------------------------


def test_a_second_anonymous_view_is_a_hit_identical_to_the_first(guides, information):
    for url in ["/", "/guides/", guides["Acne scars"].url, information.url]:
        first, html = view(url)
        second, html_again = view(url)
        assert (first.status_code, first["X-Cache"]) == (200, "miss")
        assert (second.status_code, second["X-Cache"]) == (200, "hit")
        assert html_again == html
        assert second["Content-Type"] == first["Content-Type"]


def test_a_stored_page_holds_nothing_of_a_visitor_and_a_cdn_may_keep_it(guides, settings):
    miss, html = view(guides["Acne scars"].url)
    hit, _ = view(guides["Acne scars"].url)
    for response in (miss, hit):
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "csrfmiddlewaretoken" not in html
        assert response["Cache-Control"] == (
            f"public, max-age=0, s-maxage={settings.PAGE_CACHE_CDN_SECONDS}"
        )
    # The middleware in front of the cache still add their headers to a hit.
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert hit[header] == miss[header]


def test_a_reader_with_a_csrf_cookie_gets_the_stored_page(guides):
    client = Client()
    client.cookies["csrftoken"] = "a" * 32
    view("/guides/")
    response, _ = view("/guides/", client)
    assert response["X-Cache"] == "hit"


def test_a_guide_with_an_open_reply_form_is_stored(guide):
    first, _ = view(guide.url)
    second, html = view(guide.url)
    assert second["X-Cache"] == "hit"
    assert 'name="comment"' in html
    # The form's tokens come from the token endpoint: none in the shared page, no cookie.
    assert "Set-Cookie" not in first and "Set-Cookie" not in second
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', html)


def test_a_page_is_not_valid_against_an_evicted_purge_token(guide):
    """Redis may evict purge tokens: a page stored before must not become valid again.
    (Each change renews the site snapshot, and with it the page's fragments, but purges
    nothing: only the tokens' eviction can show it.)"""
    cached(guide.url)
    GuidePage.objects.filter(pk=guide.pk).update(title="Changed without a purge")
    site_snapshot.site_changed()
    caches["pages"].clear()  # every token evicted (the stored page with them)
    cached(guide.url)
    GuidePage.objects.filter(pk=guide.pk).update(title="Changed again without a purge")
    site_snapshot.site_changed()
    for key in page_cache._token_keys(guide.url):
        caches["pages"].delete(key)
    response, html = view(guide.url)
    assert response["X-Cache"] == "miss"
    assert "Changed again without a purge" in html


def test_one_host_spelt_another_way_shares_the_stored_page(guide):
    """The host "TestServer." is "testserver": one entry, not one per spelling."""
    cached(guide.url)
    response = Client(HTTP_HOST="TestServer.").get(guide.url)
    assert response["X-Cache"] == "hit"


def test_a_new_release_never_serves_the_previous_ones_pages(guide, monkeypatch):
    cached(guide.url)
    monkeypatch.setattr(page_cache, "release_id", lambda: "the-next-release")
    response, _ = view(guide.url)
    assert response["X-Cache"] == "miss"
    assert view(guide.url)[0]["X-Cache"] == "hit"


# --- Never stored --------------------------------------------------------------------------


def assert_never_stored(url, client=None):
    for _ in range(2):
        response, _ = view(url, client)
        assert response["X-Cache"] == "bypass", url
    return response


def test_the_admin_is_never_cached(db):
    response = assert_never_stored("/admin/login/")
    assert "public" not in response["Cache-Control"]


def test_previews_are_never_cached(editor_client, guides):
    guide = guides["Acne scars"]
    response = editor_client.get(f"/admin/pages/{guide.pk}/view_draft/")
    assert response.status_code == 200
    assert response["X-Cache"] == "bypass"


def test_signed_in_users_get_and_leave_nothing_in_the_cache(editor_client, guides):
    for _ in range(2):
        response = editor_client.get("/guides/")
        assert response["X-Cache"] == "bypass"
        assert "public" not in response["Cache-Control"]
    response, _ = view("/guides/")
    assert response["X-Cache"] == "miss"


def test_a_reader_with_a_message_waiting_gets_a_fresh_page(guides):
    cached("/guides/")
    client = Client()
    storage = CookieStorage(None)
    client.cookies["messages"] = storage._encode([])  # any messages cookie at all
    response, _ = view("/guides/", client)
    assert response["X-Cache"] == "bypass"


def test_the_thank_you_message_after_a_reply_is_never_stored(guide, reply_page):
    client = Client()
    client.get(guide.url)
    posted = client.post(guide.url, reply_data(reply_page, comment="Thanks for this guide."))
    assert posted.status_code == 302
    assert posted["X-Cache"] == "bypass"
    thanked = client.get(guide.url)  # with the messages cookie
    assert "awaiting moderation" in thanked.content.decode()
    assert thanked["X-Cache"] == "bypass"
    assert "awaiting moderation" not in view(guide.url)[1]


def test_posts_and_form_errors_are_never_stored(guide, reply_page):
    client = Client()
    response = client.post(guide.url, reply_data(reply_page, comment="", name="Zebedee Quill"))
    assert response.status_code == 200
    assert "Zebedee Quill" in response.content.decode()  # the form again, with what was typed
    assert response["X-Cache"] == "bypass"
    assert "Zebedee Quill" not in view(guide.url)[1]


def serving_also(monkeypatch, change):
    """Guides served as usual, then ``change(request, response)``."""
    serve = GuidePage.serve

    def changed_serve(page, request, *args, **kwargs):
        response = serve(page, request, *args, **kwargs)
        change(request, response)
        return response

    monkeypatch.setattr(GuidePage, "serve", changed_serve)


def test_pages_that_set_a_cookie_are_never_stored(guides, monkeypatch):
    serving_also(monkeypatch, lambda request, response: response.set_cookie("flavour", "oat"))
    assert_never_stored(guides["Sun care"].url)


def test_pages_that_hold_the_visitors_csrf_token_are_never_stored(guides, monkeypatch):
    tokens = []
    serving_also(monkeypatch, lambda request, response: tokens.append(get_token(request)))
    client = Client()
    client.cookies["csrftoken"] = "b" * 32  # a returning reader: the cookie is set already
    response = assert_never_stored(guides["Sun care"].url, client)
    assert tokens
    assert "private" in response["Cache-Control"]


def test_private_answers_are_never_stored(guides, monkeypatch):
    serving_also(monkeypatch, lambda request, response: patch_cache_control(response, private=True))
    assert_never_stored(guides["Sun care"].url)


def test_only_200_answers_are_stored(guides):
    assert_never_stored("/guides/no-such-guide/")
    assert assert_never_stored("/guides").status_code == 301  # the slash is added


def test_addresses_with_a_query_string_are_never_stored(guides):
    for url in ["/guides/?page=1", "/guides/?topic=acne", "/?utm_source=mail"]:
        assert_never_stored(url)


def test_search_is_never_stored(guides):
    assert_never_stored("/search/?q=acne")
    assert_never_stored("/search/")


def test_password_protected_pages_are_never_stored(guides):
    guide = guides["Sun care"]
    PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = assert_never_stored(guide.url)
    assert "password" in response.content.decode().lower()


# --- Purged ----------------------------------------------------------------------------------


def test_publishing_a_guide_refreshes_it_its_index_home_and_guides_sharing_a_topic(guides):
    acne, routine, sun = guides["Acne scars"], guides["Acne routine"], guides["Sun care"]
    urls = ["/", "/guides/", acne.url, routine.url, sun.url]
    before = {url: cached(url) for url in urls}
    assert "Acne scars" in before[routine.url]  # a related guide

    publish(GuidePage.objects.get(pk=acne.pk), title="Acne scars, revised")
    for url in ["/", "/guides/", acne.url, routine.url]:
        response, html = view(url)
        assert response["X-Cache"] == "miss", url
        assert "Acne scars, revised" in html, url
    assert view(sun.url)[0]["X-Cache"] == "hit"  # shares no topic: untouched


def test_a_guide_that_leaves_a_topic_refreshes_the_guides_of_its_old_topic(guides):
    acne, routine = guides["Acne scars"], guides["Acne routine"]
    assert "Acne scars" in cached(routine.url)
    page = GuidePage.objects.get(pk=acne.pk)
    page.topics.set(["Sun"])
    publish(page)
    assert "Acne scars" not in view(routine.url)[1]
    assert "Acne scars" in view(guides["Sun care"].url)[1]  # and those of its new one


def test_a_new_slug_frees_the_old_address(guides):
    acne = guides["Acne scars"]
    old_url = acne.url
    cached(old_url)
    publish(GuidePage.objects.get(pk=acne.pk), slug="acne-scars-2")
    assert view(old_url)[0].status_code == 404
    assert view("/guides/acne-scars-2/")[0].status_code == 200


@pytest.mark.parametrize("change", ["unpublish", "delete"])
def test_unpublishing_or_deleting_a_guide_takes_it_off_every_page(guides, change):
    acne = guides["Acne scars"]
    for url in ["/", "/guides/", acne.url, guides["Acne routine"].url]:
        cached(url)
    getattr(GuidePage.objects.get(pk=acne.pk), change)()
    assert view(acne.url)[0].status_code == 404
    for url in ["/", "/guides/", guides["Acne routine"].url]:
        assert "Acne scars" not in view(url)[1], url


def test_moving_a_guide_refreshes_both_indexes_and_both_addresses(guides, home):
    other = GuideIndexPage(title="More guides", slug="more")
    home.add_child(instance=other)
    publish(other)
    acne = guides["Acne scars"]
    old_url = acne.url
    for url in ["/guides/", "/more/", old_url]:
        cached(url)
    GuidePage.objects.get(pk=acne.pk).move(other, pos="last-child")
    moved_away, _ = view(old_url)
    assert moved_away.status_code == 301  # Wagtail's automatic redirect
    assert moved_away["Location"] == "/more/acne-scars/"
    assert "Acne scars" not in view("/guides/")[1]
    assert "Acne scars" in view("/more/")[1]
    assert view("/more/acne-scars/")[0].status_code == 200


def test_a_scheduled_guide_going_live_refreshes_the_pages_that_list_it(guides):
    for url in ["/", "/guides/"]:
        cached(url)
    page = GuidePageFactory(
        parent=GuidePage.objects.get(pk=guides["Sun care"].pk).get_parent(),
        title="Scheduled peel guide",
        body=benefits_body("Smoother"),
        live=False,
    )
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()  # scheduled, not live
    assert "Scheduled peel guide" not in view("/guides/")[1]
    # The hour passes: the scheduled revision is due.
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")
    for url in ["/", "/guides/"]:
        response, html = view(url)
        assert response["X-Cache"] == "miss", url
        assert "Scheduled peel guide" in html, url


def test_a_page_rendered_before_a_purge_and_stored_after_it_is_never_served(guides, monkeypatch):
    """The race of two servers: one renders the index from the old data, the other publishes
    a guide meanwhile; the page stored last must not hide the new guide."""
    serve = GuideIndexPage.serve
    raced = []

    def serve_then_publish_elsewhere(page, request, *args, **kwargs):
        response = serve(page, request, *args, **kwargs)
        response.render()
        if not raced:
            raced.append(True)
            new = GuidePageFactory(
                parent=page, title="Published meanwhile", body=benefits_body("A"), live=False
            )
            publish(new)
        return response

    monkeypatch.setattr(GuideIndexPage, "serve", serve_then_publish_elsewhere)
    first, html = view("/guides/")
    assert "Published meanwhile" not in html
    assert first["X-Cache"] == "miss"  # stored, but with the tokens from before the publish
    second, html = view("/guides/")
    assert second["X-Cache"] == "miss"
    assert "Published meanwhile" in html


@pytest.mark.usefixtures("token_free_form")
class TestRepliesRefreshTheirGuide:
    @pytest.fixture
    def pending(self, guide, reply_page):
        return ReplyFactory(
            page=reply_page, guide=guide, status=Reply.Status.PENDING, comment="Pending words."
        )

    @pytest.fixture
    def moderator(self, db):
        client = Client()
        client.force_login(StaffUserFactory(groups=["Moderators"]))
        return client

    def moderate(self, moderator, action, reply):
        response = moderator.post(
            "/admin/guides/reply/moderate/", {"action": action, "reply": reply.pk}
        )
        assert response.status_code == 302

    def test_approving_and_returning_to_pending(self, guide, pending, moderator):
        assert "Pending words." not in cached(guide.url)
        self.moderate(moderator, "approve", pending)
        assert "Pending words." in view(guide.url)[1]
        cached(guide.url)
        self.moderate(moderator, "pending", pending)
        assert "Pending words." not in view(guide.url)[1]

    def test_answering_and_deleting(self, guide, pending, moderator):
        self.moderate(moderator, "approve", pending)
        cached(guide.url)
        Reply.objects.get(pk=pending.pk).set_answer("Our dermatologist says yes.", None)
        assert "Our dermatologist says yes." in view(guide.url)[1]
        cached(guide.url)
        Reply.objects.get(pk=pending.pk).delete()
        assert "Pending words." not in view(guide.url)[1]

    def test_a_new_pending_reply_purges_nothing(self, guide, reply_page):
        cached(guide.url)
        ReplyFactory(page=reply_page, guide=guide, status=Reply.Status.PENDING)
        assert view(guide.url)[0]["X-Cache"] == "hit"


def test_site_settings_refresh_every_page(guides, information, home):
    urls = ["/", "/guides/", guides["Sun care"].url, information.url]
    for url in urls:
        cached(url)
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.site_name = "Renamed skin site"
    site_settings.save()
    for url in urls:
        assert "Renamed skin site" in view(url)[1], url


def test_an_information_page_in_the_menu_refreshes_every_page(guides, information):
    urls = ["/", "/guides/", guides["Sun care"].url]
    for url in urls:
        cached(url)
    publish(InformationPage.objects.get(pk=information.pk), title="How we write")
    for url in urls:
        assert "How we write" in view(url)[1], url


@pytest.fixture
def people_page(guides, home):
    """The people page, and Dr Ada Skin, who reviewed "Sun care"."""
    people = PeoplePage(title="Our reviewers", slug="people")
    home.add_child(instance=people)
    publish(people)
    person = Person.objects.create(name="Dr Ada Skin", slug="ada")
    publish(GuidePage.objects.get(pk=guides["Sun care"].pk), reviewer=person)
    return people


def test_people_refresh_every_page(guides, people_page):
    for url in [people_page.url, guides["Sun care"].url]:
        assert "Dr Ada Skin" in cached(url)
    person = Person.objects.get(slug="ada")
    person.name = "Dr Ada Dermis"
    person.save()
    for url in [people_page.url, guides["Sun care"].url]:
        assert "Dr Ada Dermis" in view(url)[1], url


def test_a_reviewed_guide_retitled_refreshes_the_people_page(guides, people_page):
    assert "Sun care" in cached(people_page.url)
    publish(GuidePage.objects.get(pk=guides["Sun care"].pk), title="Sun sense")
    assert "Sun sense" in view(people_page.url)[1]


def test_a_new_reply_form_refreshes_the_guides_that_now_take_replies(guides, home):
    assert 'name="comment"' not in cached(guides["Sun care"].url)
    ReplyFormPageFactory(parent=home)
    assert 'name="comment"' in view(guides["Sun care"].url)[1]


def test_making_a_page_private_takes_it_out_of_the_cache(guides):
    guide = guides["Sun care"]
    assert "Sun care" in cached(guide.url)
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=guide.pk),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    response, html = view(guide.url)
    assert response["X-Cache"] == "bypass"
    assert "password" in html.lower()


def test_deleting_an_image_refreshes_the_pages_that_showed_it(guides):
    image = Image.objects.create(title="Sunscreen", file=get_test_image_file())
    publish(
        GuidePage.objects.get(pk=guides["Sun care"].pk),
        hero_image=image,
        hero_image_alt="A bottle of sunscreen",
    )
    assert "A bottle of sunscreen" in cached(guides["Sun care"].url)
    image.delete()
    assert "A bottle of sunscreen" not in view(guides["Sun care"].url)[1]


# --- A CDN ------------------------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    """A frontend cache backend that notes what it is asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_a_cdn_configured_in_wagtails_frontend_cache_gets_the_same_purges(
    guides, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(GuidePage.objects.get(pk=guides["Sun care"].pk), title="Sun sense")
    assert {
        "http://testserver/",
        "http://testserver/guides/",
        "http://testserver/guides/sun-care/",
    } <= set(RecordingBackend.purged)
    assert "http://testserver/guides/acne-scars/" not in RecordingBackend.purged
