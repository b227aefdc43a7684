"""The blocks editors build a guide's body from.

Each block has its own template in ``templates/blocks/``, an icon, a one-line
description and a preview value, so editors see what a block looks like in the
block picker before they add it. ``GuideBodyBlock`` holds them in order and numbers
the benefits, so ``{% include_block page.body %}`` renders the numbered body.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
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


class BenefitBlock(blocks.StructBlock):
    """One numbered benefit of a guide.

    Editors never type the number: ``GuideBodyBlock`` numbers benefits by their position
    among the body's benefit blocks (so moving a block renumbers it) and passes each its
    ``benefit`` (number and anchor). Rendered on its own, as in the block picker's
    preview, a benefit is number 1.
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

    class Meta:
        template = "blocks/benefit_block.html"
        icon = "tick-inverse"
        label = "Benefit"
        group = "Guide structure"
        description = "A numbered benefit with a heading and text. Listed in the table of contents."
        preview_value = {"heading": "Reduces fine lines and wrinkles", "body": PREVIEW_TEXT}

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

    benefit = BenefitBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        template = "blocks/guide_body_block.html"

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
