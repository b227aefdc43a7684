"""The blocks editors build a guide's body from.

Each block has its own template in ``templates/blocks/``, an icon, a one-line
description and a preview value, so editors see what a block looks like in the
block picker before they add it. ``GuideBodyBlock`` holds them in order and numbers
the benefits, so ``{% include_block page.body %}`` renders the numbered body.

Besides benefits, a health guide has sections readers look for: key takeaways, risks and
side effects, who should not have the treatment, when to see a doctor, questions and
answers, and the numbered sources the benefits cite (a benefit lists the numbers of its
sources, e.g. "1, 3"; see docs/decisions.md).
"""

import html
import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms import Media
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify

from wagtail import blocks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.telepath import register
from wagtail.blocks.stream_block import StreamBlockAdapter, StreamBlockValidationError
from wagtail.blocks.struct_block import BlockGroup, StructBlockValidationError
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# A number typed before a heading: "1. ", "2) ", "Step 3: " (any case). "3.5% more" is no number.
TYPED_NUMBER = re.compile(r"^\s*(?:step\s+\d{1,4}\s*[.):-]?|\d{1,4}[.)])\s+", re.IGNORECASE)


def split_typed_number(heading):
    """``("1.", "Reduces scarring")`` for "1. Reduces scarring"; ``("", heading)`` when the
    heading starts with no typed number (or would be empty without it)."""
    match = TYPED_NUMBER.match(heading)
    if not match or not heading[match.end() :].strip():
        return "", heading.strip()
    return match.group(0).strip(), heading[match.end() :].strip()


PREVIEW_TEXT = (
    "<p>As the skin heals, it becomes firmer and more elastic, which smooths out fine lines.</p>"
)


# Every source anchor starts with this, e.g. ``source-2``; a body holds one list of sources.
SOURCE_ANCHOR_PREFIX = "source-"


@dataclass(frozen=True)
class SourceRef:
    """A numbered source as a citation links to it."""

    number: int
    anchor: str


def source_ref(number):
    return SourceRef(number=number, anchor=f"{SOURCE_ANCHOR_PREFIX}{number}")


class SourceNumbersBlock(blocks.CharBlock):
    """The numbers of the sources a benefit rests on, typed as in print: “1, 3”.

    Stored as that text, tidied (“3,1,1” becomes “1, 3”); ``GuideBodyBlock`` checks that
    each number is in the guide's list of sources.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def get_searchable_content(self, value):
        # Numbers, not words a reader searches for; and a benefit stored without them (made
        # by the importer or by code) would otherwise give the index and snippets "None".
        return []

    def clean(self, value):
        value = super().clean(value)
        parts = [part.strip() for part in (value or "").split(",") if part.strip()]
        if not all(part.isdigit() and int(part) > 0 for part in parts):
            raise ValidationError("Type the numbers of sources separated by commas, e.g. “1, 3”.")
        return ", ".join(str(number) for number in sorted({int(part) for part in parts}))


class BenefitValue(blocks.StructValue):
    def cited_sources(self):
        """The sources this benefit cites, in number order, each with its anchor."""
        text = self.get("sources") or ""
        numbers = sorted({int(part) for part in text.split(",") if part.strip().isdigit()})
        return [source_ref(number) for number in numbers]


class BenefitBlock(blocks.StructBlock):
    """One numbered benefit of a guide.

    Editors never type the number: ``GuideBodyBlock`` numbers benefits by their position
    among the body's benefit blocks (so moving a block renumbers it) and passes each its
    ``benefit`` (number and anchor). Rendered on its own, as in the block picker's
    preview, a benefit is number 1. The optional image and source numbers sit in
    collapsed groups of the editor's form, so an empty benefit stays short.
    """

    heading = blocks.CharBlock(
        max_length=120,
        help_text="A short statement of the benefit, e.g. “Reduces scarring”. Benefits are "
        "numbered in the order they appear: a number typed at the start (“1.”, “2)”, "
        "“Step 3:”) is removed when you save.",
    )
    body = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Explain the benefit in a few short paragraphs.",
    )
    image = ImageBlock(
        required=False,
        help_text="Optional picture shown beside the benefit.",
    )
    sources = SourceNumbersBlock(
        label="Source numbers",
        help_text="The numbers of the sources in this guide's “Sources” block that support "
        "this benefit, e.g. “1, 3”. Readers see them as links to the sources.",
    )

    class Meta:
        template = "blocks/benefit_block.html"
        icon = "tick-inverse"
        label = "Benefit"
        group = "Guide structure"
        description = "A numbered benefit with a heading and text. Listed in the table of contents."
        preview_value = {"heading": "Reduces fine lines and wrinkles", "body": PREVIEW_TEXT}
        value_class = BenefitValue
        label_format = "{heading}"
        # The editor's block header counts benefits from this mark (see guide-body-editor.css).
        form_attrs = {"data-guide-benefit": ""}
        form_layout = BlockGroup(
            children=[
                "heading",
                "body",
                # Folded; its summary would read "No" (the image's "decorative" box) when
                # empty, so it shows none: open it to see the picture.
                BlockGroup(
                    ["image"],
                    heading="Image (optional)",
                    icon="image",
                    classname="collapsed",
                    label_format="",
                ),
                BlockGroup(
                    ["sources"],
                    heading="Sources (optional)",
                    icon="list-ol",
                    classname="collapsed",
                ),
            ]
        )

    def clean(self, value):
        """Drop a number typed before the heading, so the page never shows "1. 1."."""
        value = super().clean(value)
        value["heading"] = split_typed_number(value["heading"])[1]
        return value


class ParagraphBlock(blocks.RichTextBlock):
    """Free text between benefits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", [*RICH_TEXT_FEATURES, "h3"])
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/paragraph_block.html"
        icon = "pilcrow"
        label = "Paragraph"
        group = "Text"
        description = "Plain paragraphs of text, with links and lists."
        preview_value = PREVIEW_TEXT


def figure_preview_value():
    """The newest image in the library, so the picker can show a real picture."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.order_by("-created_at").first()
    return {
        "image": {"image": image, "alt_text": image.title, "decorative": False} if image else None,
        "caption": "A caption under the picture.",
    }


class FigureBlock(blocks.StructBlock):
    """A picture with alt text and an optional caption."""

    image = ImageBlock(help_text="Describe the picture in the alt text, or mark it decorative.")
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional text shown under the picture."
    )

    class Meta:
        template = "blocks/figure_block.html"
        icon = "image"
        label = "Image"
        group = "Media"
        description = "A picture with alt text and an optional caption."
        preview_value = staticmethod(figure_preview_value)


class QuoteBlock(blocks.StructBlock):
    """A quotation set apart from the text, with who said it."""

    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Who said it, e.g. “Dr Jane Smith, dermatologist”.",
    )

    class Meta:
        template = "blocks/quote_block.html"
        icon = "openquote"
        label = "Quote"
        group = "Text"
        description = "A quotation set apart from the text, with who said it."
        preview_value = {
            "quote": "Consistent treatments lead to the best results.",
            "attribution": "A dermatologist",
        }


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a page of this site or another site."""

    label = blocks.CharBlock(
        max_length=80, help_text="The link's text, e.g. “Book a consultation”."
    )
    page = blocks.PageChooserBlock(
        required=False, help_text="A page of this site. Choose a page or enter a URL, not both."
    )
    url = blocks.URLBlock(
        required=False, help_text="A web address elsewhere. Choose a page or enter a URL, not both."
    )

    class Meta:
        template = "blocks/call_to_action_block.html"
        icon = "link"
        label = "Call to action"
        group = "Links"
        description = "A prominent button-style link to a page or a web address."
        preview_value = {"label": "Book a consultation", "url": "https://example.com/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter a URL (one of the two)."
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value


HEALTH_TEXT_FEATURES = [*RICH_TEXT_FEATURES, "h3"]


class KeyTakeawaysBlock(blocks.ListBlock):
    """The guide in a few sentences, for readers who skim: usually first in the body."""

    def __init__(self, **kwargs):
        point = blocks.CharBlock(
            max_length=200,
            label="Takeaway",
            help_text="One short sentence a reader should remember.",
        )
        super().__init__(point, **kwargs)

    class Meta:
        template = "blocks/key_takeaways_block.html"
        icon = "list-ul"
        label = "Key takeaways"
        group = "Health information"
        description = "A short list of the points to remember, usually at the top of the guide."
        min_num = 1
        max_num = 6
        preview_value = [
            "Results build over several sessions.",
            "Expect redness for a day or two.",
        ]


class RisksBlock(blocks.RichTextBlock):
    """Risks and side effects, so readers weigh the benefits against them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", HEALTH_TEXT_FEATURES)
        kwargs.setdefault(
            "help_text",
            "Common side effects first, then rarer risks. Say how long side effects usually "
            "last and how likely they are.",
        )
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/risks_block.html"
        icon = "warning"
        label = "Risks and side effects"
        group = "Health information"
        description = "What can go wrong and how common it is, under its own heading."
        preview_value = (
            "<p>Redness and mild swelling are common for one to three days.</p>"
            "<ul><li>Infection is rare when the needles are sterile.</li></ul>"
        )


class NotSuitableBlock(blocks.ListBlock):
    """Who should not have the treatment, one group of people a line."""

    def __init__(self, **kwargs):
        person = blocks.CharBlock(
            max_length=250,
            label="Who",
            help_text="One group of people, e.g. “are pregnant or breastfeeding”.",
        )
        super().__init__(person, **kwargs)

    class Meta:
        template = "blocks/not_suitable_block.html"
        icon = "cross"
        label = "Who should not have it"
        group = "Health information"
        description = (
            "A list of the people who should not have the treatment, or should ask a doctor first."
        )
        min_num = 1
        preview_value = ["have an active skin infection", "are pregnant or breastfeeding"]


class SeeADoctorBlock(blocks.RichTextBlock):
    """A callout saying when to get medical help, set apart so readers can't miss it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault(
            "help_text", "The signs that mean a reader should contact a doctor, and how urgently."
        )
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/see_a_doctor_block.html"
        icon = "help"
        label = "When to see a doctor"
        group = "Health information"
        description = "A highlighted box with the signs that need a doctor's attention."
        preview_value = (
            "<p>Contact a doctor if redness or swelling gets worse after three days.</p>"
        )


class QuestionBlock(blocks.StructBlock):
    """One question readers ask, and its answer."""

    question = blocks.CharBlock(
        max_length=200, help_text="The question as a reader would ask it, ending in “?”."
    )
    answer = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="A direct answer in a few sentences."
    )

    class Meta:
        icon = "help"
        label = "Question"
        label_format = "{question}"


class FAQBlock(blocks.ListBlock):
    """Questions and answers. Search engines read them as the guide's FAQ (FAQPage)."""

    def __init__(self, **kwargs):
        super().__init__(QuestionBlock(), **kwargs)

    class Meta:
        template = "blocks/faq_block.html"
        icon = "help"
        label = "Questions and answers"
        group = "Health information"
        description = "Frequently asked questions with their answers; search engines show them too."
        min_num = 1
        preview_value = [
            {
                "question": "How many treatments will I need?",
                "answer": "<p>Most people have three to six sessions, a month apart.</p>",
            }
        ]


class SourceBlock(blocks.StructBlock):
    """One source: what it is, where it was published, and a link to it."""

    title = blocks.CharBlock(max_length=300, help_text="The title of the article, study or page.")
    details = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Who published it and when, e.g. “Dermatologic Surgery, 2018”.",
    )
    url = blocks.URLBlock(
        required=False, label="Link", help_text="Where readers can read it (a DOI link is best)."
    )

    class Meta:
        icon = "link"
        label = "Source"
        label_format = "{title}"


class SourcesBlock(blocks.ListBlock):
    """The guide's numbered sources, which benefits cite by number.

    Numbering is this block's job: the first source is 1, and each is anchored
    ``source-<number>`` so a benefit's citation links to it.
    """

    def __init__(self, **kwargs):
        super().__init__(SourceBlock(), **kwargs)

    class Meta:
        template = "blocks/sources_block.html"
        icon = "list-ol"
        label = "Sources"
        group = "Health information"
        description = "The numbered list of studies and pages the guide is based on."
        min_num = 1
        preview_value = [
            {
                "title": "Microneedling: a review and practical guide",
                "details": "Dermatologic Surgery, 2018",
                "url": "https://doi.org/10.1097/DSS.0000000000001248",
            }
        ]

    def numbered(self, value):
        """The sources in order, as (SourceRef, source) pairs."""
        return [(source_ref(number), source) for number, source in enumerate(value, start=1)]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["numbered"] = self.numbered(value)
        return context


def plain_text(rich_text):
    """Rich text as one line of plain text, entities decoded (for structured data)."""
    return " ".join(html.unescape(strip_tags(str(rich_text))).split())


def new_guide_body():
    """What a new guide's body starts with in the admin: five empty benefits to fill in.

    Each has its own id, as blocks added in the editor do (the editor's element ids come
    from it)."""
    empty = BenefitBlock().get_prep_value(BenefitBlock().get_default())
    return [{"type": "benefit", "id": str(uuid.uuid4()), "value": empty} for _ in range(5)]


@dataclass(frozen=True)
class Benefit:
    """A benefit as readers see it: its number and anchor follow from the body it is in."""

    number: int
    anchor: str
    heading: str


# Every benefit anchor starts with this; no other id on any page does, so none can collide.
ANCHOR_PREFIX = "benefit-"


class GuideBodyBlock(blocks.StreamBlock):
    """Everything a guide's body can contain, in the order editors arrange it.

    Rendering the body numbers its benefit blocks (1, 2, 3… among benefits only) and
    gives each an anchor made from its heading, e.g. ``benefit-reduces-scarring``; the
    table of contents (``benefits``) comes from the same numbering.
    """

    key_takeaways = KeyTakeawaysBlock()
    benefit = BenefitBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    risks = RisksBlock()
    not_suitable = NotSuitableBlock()
    see_a_doctor = SeeADoctorBlock()
    faq = FAQBlock()
    sources = SourcesBlock()

    class Meta:
        template = "blocks/guide_body_block.html"
        # One list of sources (citations point into it) and one FAQ (one FAQPage).
        block_counts = {"sources": {"max_num": 1}, "faq": {"max_num": 1}}
        # The editor's block header counts benefits within this mark (guide-body-editor.css).
        form_attrs = {"data-guide-body": ""}

    def numbered(self, value):
        """The body's children in order, as (child, Benefit or None) pairs.

        Anchors belong to the heading, not the position, so a link to a benefit survives
        reordering; a repeated heading gets ``-2``, ``-3``…
        """
        used = set()
        items = []
        number = 0
        for child in value:
            benefit = None
            if child.block_type == "benefit":
                number += 1
                heading = child.value["heading"]
                base = ANCHOR_PREFIX + (slugify(heading) or str(number))
                anchor, suffix = base, 2
                while anchor in used:
                    anchor, suffix = f"{base}-{suffix}", suffix + 1
                used.add(anchor)
                benefit = Benefit(number=number, anchor=anchor, heading=heading)
            items.append((child, benefit))
        return items

    def benefits(self, value):
        """The table of contents: every benefit with its number and anchor."""
        return [benefit for _, benefit in self.numbered(value) if benefit]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["numbered"] = self.numbered(value)
        return context

    def questions(self, value):
        """The FAQ's questions and answers, as (question, answer in plain text) pairs."""
        return [
            (item["question"], plain_text(item["answer"]))
            for child in value
            if child.block_type == "faq"
            for item in child.value
        ]

    def numbered_sources(self, value):
        """The guide's sources, as (SourceRef, source) pairs numbered as readers see them."""
        for child in value:
            if child.block_type == "sources":
                return child.block.numbered(child.value)
        return []

    def clean(self, value):
        """Every source number a benefit cites must be in the guide's list of sources."""
        value = super().clean(value)
        count = len(self.numbered_sources(value))
        errors = {}
        for index, child in enumerate(value):
            if child.block_type != "benefit":
                continue
            missing = [ref.number for ref in child.value.cited_sources() if ref.number > count]
            if missing:
                listed = f"the guide lists {count}" if count else "the guide has no Sources block"
                message = f"No source {', '.join(map(str, missing))}: {listed}."
                errors[index] = StructBlockValidationError(
                    block_errors={"sources": ValidationError(message)}
                )
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


class GuideBodyBlockAdapter(StreamBlockAdapter):
    """The body's editor, with a stylesheet that numbers benefit headers as readers see them
    (“Benefit 3 · Reduces Scarring”), by a CSS counter that follows moves at once."""

    @cached_property
    def media(self):
        return super().media + Media(css={"all": [versioned_static("css/guide-body-editor.css")]})


register(GuideBodyBlockAdapter(), GuideBodyBlock)
