"""Turn a plain-text article into a guide.

The text is shaped like ``guides/management/demo_articles/microneedling-guide.txt``: a title line,
intro paragraphs, then headings such as ``1. Reduces scarring`` or
``2) Improves tone``, each followed by its paragraphs. The numbers in the file
are dropped (the page numbers benefits by position), and so is a trailing
comment-form ("Leave a Reply", "Required fields are marked *").
"""

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

NUMBERED_HEADING = re.compile(r"^\s*\d+[.)]\s+(?P<heading>\S.{0,119})$")
BOILERPLATE_STARTS = (
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "required fields are marked",
)


class GuideImportError(Exception):
    """The file can't be imported; the message says why in one line."""


@dataclass
class ParsedBenefit:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ParsedGuide:
    title: str
    intro: list[str]
    benefits: list[ParsedBenefit]

    @property
    def slug(self):
        return slugify(self.title, allow_unicode=True)[:255]


def _paragraphs_and_headings(lines):
    """Yield ("heading", text) and ("paragraph", text) in document order."""
    paragraph = []
    for line in lines:
        text = " ".join(line.split())
        match = NUMBERED_HEADING.match(text)
        if not text or match:
            if paragraph:
                yield "paragraph", " ".join(paragraph)
                paragraph = []
            if match:
                yield "heading", match["heading"].strip()
        else:
            paragraph.append(text)
    if paragraph:
        yield "paragraph", " ".join(paragraph)


def _is_boilerplate(paragraph):
    return paragraph.lower().startswith(BOILERPLATE_STARTS)


def parse_guide_text(text):
    """Parse an article's text into a ParsedGuide, or raise GuideImportError."""
    lines = text.splitlines()
    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_index is None:
        raise GuideImportError("the file is empty")
    title = " ".join(lines[title_index].split())
    if NUMBERED_HEADING.match(title):
        raise GuideImportError("the file has no title: its first line is a numbered heading")
    if len(title) > 255:
        raise GuideImportError("the first line is too long to be a title (over 255 characters)")

    intro, benefits = [], []
    for kind, content in _paragraphs_and_headings(lines[title_index + 1 :]):
        if kind == "heading":
            benefits.append(ParsedBenefit(heading=content))
        elif benefits:
            benefits[-1].paragraphs.append(content)
        else:
            intro.append(content)

    # Drop the comment form's remains from the end of the article.
    trailing = benefits[-1].paragraphs if benefits else intro
    while trailing and _is_boilerplate(trailing[-1]):
        trailing.pop()

    if not intro:
        raise GuideImportError("the file has no introduction before its first numbered heading")
    if not benefits:
        raise GuideImportError('the file has no numbered headings such as "1. Heading"')
    if not slugify(title, allow_unicode=True):
        raise GuideImportError("the title has no letters or digits to make a web address from")
    return ParsedGuide(title=title, intro=intro, benefits=benefits)


def read_guide_file(path):
    """Read and parse a file, refusing missing, empty, oversized, binary and non-UTF-8 files."""
    path = Path(path)
    if not path.is_file():
        raise GuideImportError(f"{path}: no such file")
    limit = settings.GUIDES_IMPORT_MAX_BYTES
    if path.stat().st_size > limit:
        raise GuideImportError(
            f"{path}: the file is larger than {limit:,} bytes; an article is far smaller"
        )
    data = path.read_bytes()
    if not data.strip():
        raise GuideImportError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise GuideImportError(f"{path}: the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GuideImportError(
            f"{path}: the file is not UTF-8 text (bad byte at position {error.start})"
        ) from error
    try:
        return parse_guide_text(text)
    except GuideImportError as error:
        raise GuideImportError(f"{path}: {error}") from error


def _rich_text(paragraphs):
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def body_from(parsed):
    """The guide body as StreamField raw data: one benefit block per heading, in order."""
    return [
        {
            "type": "benefit",
            "id": str(uuid.uuid4()),
            "value": {
                "heading": benefit.heading,
                "body": _rich_text(benefit.paragraphs),
                "image": None,
            },
        }
        for benefit in parsed.benefits
    ]


@transaction.atomic
def save_guide(parsed, parent, *, author_name, publish, prepare=None):
    """Create the guide under ``parent``, or update the one with the same slug.

    Returns ``(page, created)``. Without ``publish`` the change is saved as a
    draft; a live guide keeps showing its published version until an editor
    publishes the draft. ``prepare(page)``, when given, can set more fields
    before the page is saved.
    """
    from guides.models import GuidePage

    page = GuidePage.objects.child_of(parent).filter(slug=parsed.slug).first()
    created = page is None
    if created:
        page = GuidePage(slug=parsed.slug, author_name=author_name, live=publish)
    page.title = parsed.title
    page.intro = _rich_text(parsed.intro)
    page.body = body_from(parsed)
    if prepare:
        prepare(page)
    if created:
        parent.add_child(instance=page)
    revision = page.save_revision(clean=True)
    if publish:
        revision.publish()
    return page, created
