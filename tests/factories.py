"""Factories for the site's page types, built on wagtail-factories."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

import factory
import wagtail_factories
from taggit.models import Tag

from guides.blocks import BenefitBlock, GuideBodyBlock, ParagraphBlock, QuoteBlock
from guides.models import GuideIndexPage, GuidePage, GuidePageTopic, Reply, ReplyFormPage
from home.models import HomePage, SiteSettings


class BenefitBlockFactory(wagtail_factories.StructBlockFactory):
    heading = factory.Sequence(lambda n: f"Benefit heading {n}")
    body = factory.LazyFunction(lambda: RichText("<p>Why this benefit matters.</p>"))

    class Meta:
        model = BenefitBlock


class ParagraphBlockFactory(wagtail_factories.blocks.BlockFactory):
    class Meta:
        model = ParagraphBlock


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "Quoted words."
    attribution = "Someone"

    class Meta:
        model = QuoteBlock


class GuideBodyFactory(wagtail_factories.StreamBlockFactory):
    benefit = factory.SubFactory(BenefitBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)

    class Meta:
        model = GuideBodyBlock


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    intro = "<p>Welcome.</p>"

    class Meta:
        model = HomePage


def site_root():
    """A fresh page tree: a home page (instead of the one migrations make) as the default
    Site's root, answering to the test client's "testserver"."""
    root = Page.get_first_root_node()
    root.get_children().delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    SiteSettings.for_site(site)  # made at the first page view otherwise, as on a new site
    return home


class GuideIndexPageFactory(wagtail_factories.PageFactory):
    title = "Guides"
    slug = "guides"
    intro = "<p>All guides.</p>"

    class Meta:
        model = GuideIndexPage


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Guide {n}")
    intro = "<p>What this guide covers.</p>"
    author_name = "Ann Author"
    published_date = factory.LazyFunction(date.today)
    body = wagtail_factories.StreamFieldFactory(GuideBodyFactory)

    class Meta:
        model = GuidePage


def benefits_body(*headings):
    """A body of benefit blocks with these headings, in this order (StreamField raw data)."""
    return [
        {
            "type": "benefit",
            "value": {"heading": heading, "body": f"<p>About {heading}.</p>", "image": None},
        }
        for heading in headings
    ]


class ReplyFormPageFactory(wagtail_factories.PageFactory):
    """A reply form with the default fields (Comment, Name, Email, Website)."""

    title = "Leave a Reply"
    slug = "leave-a-reply"
    to_address = "moderators@example.com"
    from_address = "guides@example.com"

    class Meta:
        model = ReplyFormPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(**{k: v for k, v in kwargs.items() if k != "parent"})
        page.add_default_fields()
        kwargs["parent"].add_child(instance=page)
        page.save_revision().publish()
        return page


class ReplyFactory(factory.django.DjangoModelFactory):
    """A stored reply, made as the reply form makes one (``Reply.compose``); pass ``guide``
    and ``page`` (the reply form)."""

    status = Reply.Status.APPROVED
    author_name = factory.Sequence(lambda n: f"Reader {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.com")
    comment = factory.Sequence(lambda n: f"Reply number {n}.")

    class Meta:
        model = Reply

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        reply = model_class.compose(**kwargs)
        reply.save()
        return reply


class StaffUserFactory(factory.django.DjangoModelFactory):
    """An admin user; ``StaffUserFactory(groups=["Moderators"])`` puts them in Wagtail groups."""

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@staff.example")
    is_staff = True
    password = factory.django.Password("pw")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


def many_guides(parent, count, topics=(), hero_image=None):
    """``count`` live guides under ``parent`` (one benefit each, the ``topics`` in turn),
    made cheaply for tests that need hundreds: no factories, one query for all the topics.
    Turn off search indexing (``WAGTAILSEARCH_BACKENDS``'s ``AUTO_UPDATE``) to go faster."""
    start = parent.get_children().count()
    guides = [
        parent.add_child(
            instance=GuidePage(
                title=f"Listed guide {n}",
                slug=f"listed-guide-{n}",
                intro="<p>What this guide covers.</p>",
                author_name="Ann Author",
                body=benefits_body(f"Benefit {n}"),
                hero_image=hero_image,
                hero_image_alt="A picture" if hero_image else "",
            )
        )
        for n in range(start, start + count)
    ]
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0] for name in topics
    ]
    if tags:
        GuidePageTopic.objects.bulk_create(
            GuidePageTopic(content_object=guide, tag=tags[n % len(tags)])
            for n, guide in enumerate(guides)
        )
    return guides
