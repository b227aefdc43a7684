"""Page-type rules and that every page type renders, edits and previews in the real admin."""

from django.contrib.auth import get_user_model

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from guides.models import GuideIndexPage, GuidePage
from home.models import HomePage
from tests.admin_forms import guide_form_data
from tests.factories import (
    GuideIndexPageFactory,
    GuidePageFactory,
    HomePageFactory,
    benefits_body,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_is_the_site_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(GuideIndexPage, HomePage)
        self.assertCanNotCreateAt(GuidePage, HomePage)

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
        root = Page.get_first_root_node()
        root.get_children().delete()
        cls.home = HomePageFactory(parent=root)
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.index = GuideIndexPageFactory(parent=cls.home)
        cls.guide = GuidePageFactory(parent=cls.index, body=benefits_body("First", "Second"))
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
