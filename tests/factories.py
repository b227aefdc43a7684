"""Factories for the site's page types, built on wagtail-factories."""

from datetime import date

from wagtail.rich_text import RichText

import factory
import wagtail_factories

from guides.blocks import BenefitBlock, GuideBodyBlock, ParagraphBlock, QuoteBlock
from guides.models import GuideIndexPage, GuidePage
from home.models import HomePage


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
