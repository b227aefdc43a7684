"""Page-type rules and that every page type renders, edits and previews in the real admin."""

from django.contrib.auth import get_user_model

from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from guides.models import GuideIndexPage, GuidePage, ReplyFormPage
from home.models import HomePage
from tests.admin_forms import guide_form_data, reply_form_post_data
from tests.factories import (
    GuideIndexPageFactory,
    GuidePageFactory,
    ReplyFormPageFactory,
    benefits_body,
    site_root,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_is_the_site_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(GuideIndexPage, HomePage)
        self.assertCanNotCreateAt(GuidePage, HomePage)

    def test_what_goes_under_home_is_said_by_each_page_type(self):
        # HomePage lists no subpage types: the admin offers editors every creatable page type
        # whose parent_page_types allow the home page, so a new one needs no change here.
        allowed = {
            model
            for model in get_page_models()
            if model.is_creatable and HomePage in model.allowed_parent_page_models()
        }
        assert set(HomePage.creatable_subpage_models()) == allowed
        assert {GuideIndexPage, ReplyFormPage} <= allowed
        self.assertAllowedParentPageTypes(ReplyFormPage, {HomePage})

    def test_guide_index_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(GuideIndexPage, {HomePage})
        self.assertCanNotCreateAt(GuideIndexPage, GuideIndexPage)

    def test_guides_live_only_under_a_guide_index(self):
        self.assertAllowedParentPageTypes(GuidePage, {GuideIndexPage})
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage})
        self.assertCanNotCreateAt(HomePage, GuidePage)
        self.assertAllowedSubpageTypes(GuidePage, set())


class EveryPageTypeRendersTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_root()
        cls.index = GuideIndexPageFactory(parent=cls.home)
        cls.guide = GuidePageFactory(parent=cls.index, body=benefits_body("First", "Second"))
        cls.reply_form = ReplyFormPageFactory(parent=cls.home)
        cls.admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_each_page_type_renders_edits_and_previews(self):
        for page in (self.home, self.index):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page)
                self.assertPageIsPreviewable(page)

    def test_guide_renders_edits_and_previews(self):
        # The body's blocks are drawn by JavaScript, so the edit form's HTML
        # has none: post them as the admin's editor does.
        data = guide_form_data(self.guide.title, [("First", "One"), ("Second", "Two")])
        data["slug"] = self.guide.slug
        self.assertPageIsRenderable(self.guide)
        self.assertPageIsEditable(self.guide, post_data=data)
        self.assertPageIsPreviewable(self.guide, post_data=data)

    def test_reply_form_page_renders_edits_and_previews_both_modes(self):
        data = reply_form_post_data(self.reply_form)
        self.assertPageIsRenderable(self.reply_form)
        self.assertPageIsEditable(self.reply_form, post_data=data)
        # "form" shows the form; "landing" what a reader sees after sending a reply.
        for mode in ("form", "landing"):
            self.assertPageIsPreviewable(self.reply_form, post_data=data, mode=mode)
        landing = self.reply_form.make_preview_request(preview_mode="landing")
        landing.render()
        html = landing.content.decode()
        assert "Thanks, your reply is awaiting moderation." in html
        assert 'name="comment"' in html
