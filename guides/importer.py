"""Turn an article into a guide: one parser behind the admin's "Import an article",
``import_guide`` and ``import_wordpress``.

Every format becomes HTML first — plain text and pasted text (numbered lines become
headings, then Markdown formatting such as ``**bold**`` and ``[links](https://…)`` applies),
Markdown (markdown-it-py), HTML as it is, Word .docx (mammoth) — and one walker over that
HTML (``article_from_html``) finds the title, the intro, the benefits (numbered headings:
``1.``, ``1)``, ``Step 1:``, Word's numbered Heading styles), other paragraphs and images,
and reports what it dropped (the comment form's "Leave a Reply" and what follows it,
scripts, forms, tables, images it can't use). ``ImportedArticle`` is what the admin's
preview shows and what ``save_guide`` stores. Only bold, italic, links and lists survive,
rebuilt from the text (everything is escaped), and links only to http(s) and mailto.
"""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape, format_html
from django.utils.text import Truncator, slugify

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction
from markdown_it import MarkdownIt

from .blocks import TYPED_NUMBER, split_typed_number

FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
           ".htm": "html", ".docx": "docx"}  # fmt: skip
MAX_HEADING = 120  # BenefitBlock.heading's max_length
# Where a blog's comment form starts: a "Leave a Reply" heading on its own (WordPress's, with
# "to NAME Cancel reply" when answering) or its privacy note. Everything from there is dropped,
# so "Leave a comment below if…" in the article's text is not a match.
COMMENT_FORM_START = re.compile(
    r"^(leave a (reply|comment)( to .{1,80}?)?( cancel reply)?[\s.:!*]*"
    r"|your email address will not be published.*|required fields are marked.*)$",
    re.IGNORECASE,
)
IMAGE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
# Containers whose content is read as if it were not wrapped.
TRANSPARENT = {"html", "body", "main", "article", "section", "div", "header", "figure",
               "blockquote", "center", "span", "font", "tbody", "thead"}  # fmt: skip
DROPPED_TAGS = {
    "script": "a script",
    "style": "a style sheet",
    "form": "a form",
    "iframe": "an embedded frame",
    "nav": "a navigation menu",
    "footer": "a footer",
    "aside": "a sidebar",
    "table": "a table",
    "noscript": "a no-script note",
    "object": "an embedded object",
    "video": "a video",
    "audio": "an audio player",
    "svg": "a drawing",
    "button": "a button",
    "input": "a form field",
    "select": "a form field",
    "textarea": "a form field",
    "head": None,  # <title> is read separately
}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
NOT_TEXT = (
    Comment,
    Declaration,
    Doctype,
    ProcessingInstruction,
)  # BeautifulSoup strings that aren't


class GuideImportError(Exception):
    """The article can't be imported; the message says why in one line."""


@dataclass
class ImportedImage:
    """A picture found in the article: its bytes (from a .docx) or where it was."""

    filename: str
    data: bytes
    alt: str = ""


@dataclass
class ImportedBenefit:
    heading: str
    typed_number: str = ""  # what the article typed before the heading, e.g. "1." (not stored)
    body: list[str] = field(default_factory=list)  # rich text HTML, one block element each
    images: list[ImportedImage] = field(default_factory=list)


@dataclass
class ImportedParagraphs:
    """Text that belongs to no benefit: a paragraph block."""

    body: list[str] = field(default_factory=list)


@dataclass
class ImportedFigure:
    image: ImportedImage


@dataclass
class ImportedArticle:
    """What an article holds, in the order it becomes the guide body."""

    title: str
    intro: list[str]
    sections: list  # ImportedBenefit, ImportedParagraphs or ImportedFigure, in order
    dropped: list[str] = field(default_factory=list)

    @property
    def slug(self):
        return slugify(self.title, allow_unicode=True)[:255]

    @property
    def benefits(self):
        return [s for s in self.sections if isinstance(s, ImportedBenefit)]

    @property
    def paragraphs(self):
        return [s for s in self.sections if isinstance(s, ImportedParagraphs)]

    @property
    def images(self):
        found = []
        for section in self.sections:
            if isinstance(section, ImportedBenefit):
                found += section.images
            elif isinstance(section, ImportedFigure):
                found.append(section.image)
        return found


# --- Formats → HTML -----------------------------------------------------------------


def _markdown():
    # html off: any markup typed in the text is shown as text, never run.
    return MarkdownIt("commonmark", {"html": False})


def markdown_to_html(text):
    return _markdown().render(text)


def text_to_html(text):
    """Plain or pasted text: the first line is the title, each line of at most 120 characters
    after ``1.``, ``1)`` or ``Step 1:`` a benefit heading; the rest is Markdown, so
    ``**bold**``, ``*italic*`` and ``[a link](https://…)`` work and blank lines part
    paragraphs."""
    lines = text.splitlines()
    out, title_done = [], False
    for line in lines:
        stripped = " ".join(line.split())
        if not stripped:
            out.append("")
        elif not title_done:
            if TYPED_NUMBER.match(stripped):
                raise GuideImportError(
                    "the article has no title: its first line is a numbered heading"
                )
            out += ["# " + stripped.lstrip("# "), ""]
            title_done = True
        elif TYPED_NUMBER.match(stripped) and len(split_typed_number(stripped)[1]) <= MAX_HEADING:
            out += ["", "## " + stripped, ""]
        else:
            # Not a heading: keep "1. long sentence…" a paragraph, not a Markdown list.
            out.append(
                TYPED_NUMBER.sub(
                    lambda m: m.group(0).replace(".", "\\.", 1).replace(")", "\\)", 1),
                    line,
                    count=1,
                )
            )
    md = _markdown()
    md.disable("code")  # indented lines are text, not code
    return md.render("\n".join(out))


def docx_to_html(data, dropped):
    """A Word document through mammoth: Title → h1, Heading N → hN (``numbered`` when Word
    numbers the heading itself), pictures kept with their alt text."""
    import mammoth
    import mammoth.transforms

    _check_zip(data)
    images = []

    def mark_numbered_headings(paragraph):
        name = paragraph.style_name or ""
        if paragraph.numbering is not None and name.lower().startswith("heading "):
            return paragraph.copy(style_name=f"Numbered {name.title()}")
        return paragraph

    def keep_image(image):
        extension = IMAGE_TYPES.get(image.content_type)
        if extension is None:
            dropped.append(f"a picture in a format the site can't show ({image.content_type})")
            return {"src": ""}
        with image.open() as stream:
            images.append(
                ImportedImage(
                    f"imported-{len(images) + 1}{extension}",
                    stream.read(),
                    (image.alt_text or "").strip(),
                )
            )
        return {"src": f"import:{len(images) - 1}"}

    style_map = "p[style-name='Title'] => h1:fresh\n" + "\n".join(
        f"p[style-name='Numbered Heading {n}'] => h{n}.numbered:fresh" for n in range(1, 7)
    )
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=style_map,
            transform_document=mammoth.transforms.paragraph(mark_numbered_headings),
            convert_image=mammoth.images.img_element(keep_image),
        )
    except Exception as error:  # mammoth raises many kinds on a broken file
        raise GuideImportError(
            f"the Word document can't be read ({type(error).__name__})"
        ) from error
    # e.g. a picture linked to a file outside the document: mammoth (external_file_access
    # off by default since 1.11) never reads it, and says so.
    dropped += [
        f"a picture Word links to outside the document: {m.message}"
        for m in result.messages
        if "external" in m.message.lower() or "image" in m.message.lower()
    ]
    return result.value, images


def _check_zip(data):
    """Refuse what is not a .docx, or would unpack to far more than the size cap (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise GuideImportError("the file is not a Word .docx document") from error
    if "word/document.xml" not in names:
        raise GuideImportError("the file is not a Word .docx document")
    if unpacked > 20 * settings.GUIDES_IMPORT_MAX_BYTES:
        raise GuideImportError("the Word document unpacks to far more than an article holds")


# --- HTML → ImportedArticle -------------------------------------------------------------


@dataclass
class _Item:
    kind: str  # "heading", "block" (rich text HTML), "image"
    html: str = ""
    text: str = ""
    level: int = 0
    numbered: bool = False
    image: ImportedImage | None = None


def _inline(node, images, dropped):
    """The node's content as rich text HTML: text escaped, only b, i, links and breaks kept."""
    if isinstance(node, NOT_TEXT):
        return ""
    if isinstance(node, NavigableString):
        return escape(str(node))
    if node.name in DROPPED_TAGS:
        return ""
    if node.name == "img":
        return ""  # pictures are collected as blocks by _items
    if node.name == "br":
        return "<br/>"
    inner = "".join(_inline(child, images, dropped) for child in node.children)
    if not inner.strip():
        return inner
    if node.name in ("b", "strong"):
        return f"<b>{inner}</b>"
    if node.name in ("i", "em"):
        return f"<i>{inner}</i>"
    if node.name == "a":
        href = (node.get("href") or "").strip()
        if href.lower().startswith(SAFE_SCHEMES):
            return format_html('<a href="{}">', href) + inner + "</a>"
    return inner


def _clean_inline(html):
    return " ".join(html.split()).replace("<br/> ", "<br/>")


def _text(node):
    return " ".join(node.get_text(" ").split())


def _image_items(node, images, dropped):
    found = [node] if node.name == "img" else node.find_all("img")
    items = []
    for img in found:
        src = img.get("src") or ""
        if src.startswith("import:") and src[7:].isdigit() and int(src[7:]) < len(images):
            items.append(_Item("image", image=images[int(src[7:])]))
        elif src:
            dropped.append(
                f"a picture linked from elsewhere ({Truncator(src).chars(60)}): add it in the edit view"
            )
    return items


def _items(node, images, dropped):
    """The document's blocks in order: headings, rich text blocks, images."""
    for child in node.children:
        if isinstance(child, NOT_TEXT):
            continue
        if isinstance(child, NavigableString):
            if str(child).strip():
                yield _Item(
                    "block",
                    html=f"<p>{_clean_inline(escape(str(child)))}</p>",
                    text=" ".join(str(child).split()),
                )
            continue
        name = child.name
        if name in DROPPED_TAGS:
            what = DROPPED_TAGS[name]
            if what and _text(child):
                dropped.append(f"{what}: “{Truncator(_text(child)).chars(60)}”")
            continue
        if name in TRANSPARENT:
            yield from _items(child, images, dropped)
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            yield from _image_items(child, images, dropped)
            text = _text(child)
            if text:
                yield _Item("heading", html=_clean_inline(_inline(child, images, dropped)), text=text,
                            level=int(name[1]), numbered="numbered" in (child.get("class") or []))  # fmt: skip
        elif name in ("ul", "ol"):
            items = [li for li in child.find_all("li") if _text(li)]
            if (
                name == "ol"
                and len(items) == 1
                and len(_text(items[0])) <= MAX_HEADING
                and not items[0].find(["ul", "ol"])
            ):
                # Markdown turns "1. Heading" on its own into a one-item list: a heading.
                number = child.get("start") or "1"
                yield _Item("heading", html=_clean_inline(_inline(items[0], images, dropped)),
                            text=f"{number}. {_text(items[0])}", level=2)  # fmt: skip
                continue
            yield from _image_items(child, images, dropped)
            entries = "".join(
                f"<li>{_clean_inline(_inline(li, images, dropped))}</li>" for li in items
            )
            if entries:
                yield _Item("block", html=f"<{name}>{entries}</{name}>", text=_text(child))
        elif name == "img":
            yield from _image_items(child, images, dropped)
        elif name in ("hr", "br", "title", "meta", "link"):
            continue
        else:  # p, pre, address, dl and anything unknown: a paragraph of its text
            yield from _image_items(child, images, dropped)
            html = _clean_inline(_inline(child, images, dropped))
            if _text(child):
                whole_bold = child.find(["b", "strong"]) is not None and _text(child) == " ".join(
                    t for b in child.find_all(["b", "strong"]) for t in [_text(b)] if t
                )
                yield _Item("block", html=f"<p>{html}</p>", text=_text(child), numbered=whole_bold)


def _heading_number(item):
    """The typed number and heading if ``item`` starts a benefit, else None."""
    if item.kind == "heading" or (item.kind == "block" and item.numbered):
        number, heading = split_typed_number(item.text)
        numbered = number or (item.kind == "heading" and item.numbered)
        if numbered and len(heading) <= MAX_HEADING:
            return number, heading
    return None


def _is_boilerplate(item):
    return bool(COMMENT_FORM_START.match(item.text))


def article_from_html(html, images=(), *, title=None, intro=None):
    """Find the title, intro, benefits, other paragraphs and images in ``html``.

    ``title`` and ``intro`` (rich text blocks), when given, come from elsewhere (a WordPress
    post's title and excerpt): the body then needs no intro and may have no benefits."""
    soup = BeautifulSoup(html, "html.parser")
    dropped = []
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    items = list(_items(soup, list(images), dropped))

    # Everything from the comment form's heading on is the comment form.
    for index, item in enumerate(items):
        if _is_boilerplate(item):
            dropped += [
                f"comment form: “{Truncator(i.text).chars(60)}”" for i in items[index:] if i.text
            ]
            items = items[:index]
            break

    given_title, given_intro = title, intro
    title = given_title or ""
    first_h1 = next(
        (i for i, item in enumerate(items) if item.kind == "heading" and item.level == 1), None
    )
    first_benefit = next((i for i, item in enumerate(items) if _heading_number(item)), None)
    if given_title:
        pass
    elif first_h1 is not None and (first_benefit is None or first_h1 < first_benefit):
        title = items[first_h1].text
        dropped += [
            f"before the title: “{Truncator(i.text).chars(60)}”" for i in items[:first_h1] if i.text
        ]
        items = items[first_h1 + 1 :]
    elif page_title:
        title = page_title
    elif items and items[0].kind in ("heading", "block") and not _heading_number(items[0]):
        title = items.pop(0).text
    if not title:
        raise GuideImportError("the article has no title: it starts with a numbered heading")
    if len(title) > 255:
        raise GuideImportError("the title is too long (over 255 characters)")
    if not slugify(title, allow_unicode=True):
        raise GuideImportError("the title has no letters or digits to make a web address from")

    intro, sections = [], []
    benefit_level = None
    current = None  # the open ImportedBenefit or ImportedParagraphs
    typed = 0
    for item in items:
        found = _heading_number(item)
        if found:
            number, heading = found
            typed += bool(number)
            current = ImportedBenefit(heading=heading, typed_number=number)
            sections.append(current)
            benefit_level = item.level or 2
            continue
        if item.kind == "image":
            if isinstance(current, ImportedBenefit):
                current.images.append(item.image)
            else:
                sections.append(ImportedFigure(item.image))
            continue
        if item.kind == "heading":
            if isinstance(current, ImportedBenefit) and item.level > benefit_level:
                current.body.append(f"<p><b>{item.html}</b></p>")  # a sub-heading inside it
                continue
            current = ImportedParagraphs(body=[f"<h3>{item.html}</h3>"])
            sections.append(current)
            continue
        if current is None:
            if item.html.startswith("<p>"):
                intro.append(item.html)
                continue
            current = ImportedParagraphs()
            sections.append(current)
        current.body.append(item.html)

    if typed:
        dropped.append(
            f"the numbers typed before {typed} heading{'s' if typed != 1 else ''} "
            "(the guide numbers its benefits itself)"
        )
    if given_intro is not None:
        if intro:  # the body's opening paragraphs stay, as the first paragraph block
            sections.insert(0, ImportedParagraphs(body=intro))
        intro = given_intro
    else:
        if not intro:
            raise GuideImportError(
                "the article has no introduction before its first numbered heading"
            )
        if not any(isinstance(s, ImportedBenefit) for s in sections):
            raise GuideImportError('the article has no numbered headings such as "1. Heading"')
    for benefit in (s for s in sections if isinstance(s, ImportedBenefit)):
        if not benefit.body:
            benefit.body.append("<p></p>")
    return ImportedArticle(title=title, intro=intro, sections=sections, dropped=dropped)


# --- Reading files and pasted text ---------------------------------------------------


def parse_article(data, fmt):
    """Parse ``data`` (bytes) in ``fmt`` ("text", "markdown", "html" or "docx")."""
    limit = settings.GUIDES_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise GuideImportError(
            f"the file is larger than {limit:,} bytes; an article is far smaller"
        )
    if not data.strip():
        raise GuideImportError("the file is empty")
    if fmt == "docx":
        dropped = []
        html, images = docx_to_html(data, dropped)
        article = article_from_html(html, images)
        article.dropped = dropped + article.dropped
        return article
    if b"\x00" in data:
        raise GuideImportError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GuideImportError(
            f"the file is not UTF-8 text (bad byte at position {error.start})"
        ) from error
    if fmt == "markdown":
        return article_from_html(markdown_to_html(text))
    if fmt == "html":
        return article_from_html(text)
    return article_from_html(text_to_html(text))


def format_for(filename):
    """The format a file name's extension says, or GuideImportError."""
    fmt = FORMATS.get(Path(filename).suffix.lower())
    if fmt is None:
        raise GuideImportError("choose a .docx, .md, .txt or .html file")
    return fmt


def read_guide_file(path):
    """Read and parse a file, refusing missing, empty, oversized, binary and non-UTF-8 files."""
    path = Path(path)
    try:
        if not path.is_file():
            raise GuideImportError("no such file")
        fmt = format_for(path.name)
        limit = settings.GUIDES_IMPORT_MAX_BYTES
        if path.stat().st_size > limit:
            raise GuideImportError(
                f"the file is larger than {limit:,} bytes; an article is far smaller"
            )
        return parse_article(path.read_bytes(), fmt)
    except GuideImportError as error:
        raise GuideImportError(f"{path}: {error}") from error


# --- ImportedArticle → guide ---------------------------------------------------------


# What ImageBlock stores for "no picture" (its get_prep_value(None)); a bare None beside
# pictures stored as dicts breaks ImageBlock.bulk_to_python.
NO_IMAGE = {"image": None, "alt_text": "", "decorative": False}


def _image_value(image, saved):
    stored = saved.get(id(image))
    if stored is None:
        return None
    return {"image": stored.pk, "alt_text": image.alt, "decorative": False}


def body_from(article, saved_images=None):
    """The guide body as StreamField raw data, in the article's order: one benefit block per
    numbered heading (its first picture beside it, others after it), paragraph blocks,
    image blocks."""
    saved = saved_images or {}
    body = []

    def add(block_type, value):
        body.append({"type": block_type, "id": str(uuid.uuid4()), "value": value})

    for section in article.sections:
        if isinstance(section, ImportedBenefit):
            pictures = [(i, _image_value(i, saved)) for i in section.images]
            pictures = [p for p in pictures if p[1]]
            add("benefit", {"heading": section.heading, "body": "".join(section.body),
                            "image": pictures[0][1] if pictures else NO_IMAGE})  # fmt: skip
            for _, value in pictures[1:]:
                add("image", {"image": value, "caption": ""})
        elif isinstance(section, ImportedParagraphs):
            add("paragraph", "".join(section.body))
        elif value := _image_value(section.image, saved):
            add("image", {"image": value, "caption": ""})
    return body


def save_images(article, user=None):
    """Store the article's pictures as Wagtail images (titled by their alt text); returns
    ``{id(ImportedImage): Image}``. A picture Willow can't open is reported and left out."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model
    from wagtail.utils.file import hash_filelike

    Image = get_image_model()  # noqa: N806
    saved = {}
    for imported in article.images:
        same = Image.objects.filter(file_hash=hash_filelike(io.BytesIO(imported.data))).first()
        if same is not None:  # imported before (a re-run, or the same picture twice)
            saved[id(imported)] = same
            continue
        image = Image(title=imported.alt or imported.filename, uploaded_by_user=user)
        image.file = ImageFile(io.BytesIO(imported.data), name=imported.filename)
        try:
            image.full_clean(exclude=["collection"])
            image._set_image_file_metadata()
            image.save()
        except Exception:  # noqa: BLE001 - a broken picture must not stop the import
            article.dropped.append(f"a picture that can't be opened ({imported.filename})")
            continue
        saved[id(imported)] = image
    return saved


def unique_slug(parent, slug):
    from wagtail.models import Page

    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    candidate, suffix = slug, 2
    while candidate in taken:
        candidate, suffix = f"{slug[:250]}-{suffix}", suffix + 1
    return candidate


@transaction.atomic
def save_guide(
    article, parent, *, author_name, publish, prepare=None, page=None, user=None, new=False
):
    """Create the guide under ``parent``, or update ``page`` or (unless ``new``) the one
    with the same slug. A new guide whose slug is taken gets ``-2``, ``-3``…

    Returns ``(page, created)``. Without ``publish`` the change is saved as a draft; a live
    guide keeps showing its published version until an editor publishes the draft.
    ``prepare(page)``, when given, can set more fields before the page is saved.
    """
    from guides.models import GuidePage

    missing_alt = sum(1 for image in article.images if not image.alt)
    if publish and missing_alt:
        raise GuideImportError(
            f"{missing_alt} picture(s) have no alt text: import a draft and describe them in "
            "the admin before publishing"
        )
    if page is None and not new:
        page = GuidePage.objects.child_of(parent).filter(slug=article.slug).first()
    created = page is None
    if created:
        page = GuidePage(
            slug=unique_slug(parent, article.slug),
            author_name=author_name,
            live=publish,
            owner=user,
        )
    page.title = article.title
    page.intro = "".join(article.intro)
    page.body = body_from(article, save_images(article, user))
    if prepare:
        prepare(page)
    if created:
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, clean=False, log_action=True)
    if publish:
        revision.publish(user=user)
    return page, created


def guide_index_at(url_path):
    """The guide index at ``url_path`` of the default site (e.g. "/guides/"), or the first
    guide index when ``url_path`` is empty; GuideImportError when there is none."""
    from wagtail.models import Site

    from guides.models import GuideIndexPage

    if not url_path:
        parent = GuideIndexPage.objects.first()
        if parent is None:
            raise GuideImportError("there is no guide index page to import into; create one first")
        return parent
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise GuideImportError("there is no default site to resolve --parent against")
    page = site.root_page
    for slug in [part for part in url_path.split("/") if part]:
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            raise GuideImportError(f"no page at {url_path}")
    page = page.specific
    if not isinstance(page, GuideIndexPage):
        raise GuideImportError(
            f"{url_path} is not a guide index page; guides can only go under one"
        )
    return page
