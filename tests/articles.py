"""Articles to import, built the way editors make them: a Word document (python-docx), Markdown,
pasted text. Each has a title, two intro paragraphs and five numbered benefits whose bodies
hold a bold word and a link."""

import io

import docx
from docx.oxml.ns import qn

TITLE = "Five reasons to try microneedling"
INTRO = ["Microneedling is a gentle treatment.", "It suits most skin types."]
HEADINGS = ["Firmer skin", "Smoother texture", "Fewer scars", "Better absorption", "Safe for all"]
BOLD = "collagen"
LINK_TEXT = "the study"
LINK_URL = "https://example.com/study"


def body(n):
    return f"Benefit {n} builds", BOLD, f"; see {LINK_TEXT} for {n}."


def markdown():
    parts = [f"# {TITLE}", *INTRO]
    for n, heading in enumerate(HEADINGS, 1):
        before, bold, after = body(n)
        after = after.replace(LINK_TEXT, f"[{LINK_TEXT}]({LINK_URL})")
        parts += [f"## {n}. {heading}", f"{before} **{bold}**{after}"]
    return "\n\n".join(parts) + "\n\nLeave a Reply\n\nYour email address will not be published.\n"


def pasted_text():
    """What an editor pastes: plain lines, with Markdown's ** and [](…) for bold and links."""
    lines = [TITLE, "", *[f"{p}\n" for p in INTRO]]
    for n, heading in enumerate(HEADINGS, 1):
        before, bold, after = body(n)
        after = after.replace(LINK_TEXT, f"[{LINK_TEXT}]({LINK_URL})")
        lines += [
            f"{n}) {heading}" if n % 2 else f"Step {n}: {heading}",
            f"{before} **{bold}**{after}",
            "",
        ]
    return "\n".join(lines)


def _add_link(paragraph, url, text):
    part = paragraph.part
    rel_id = part.relate_to(url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = docx.oxml.shared.OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = docx.oxml.shared.OxmlElement("w:r")
    text_element = docx.oxml.shared.OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def word_document(*, word_numbering=False, picture=None, picture_alt=""):
    """A .docx as bytes. ``word_numbering``: the headings carry no typed number, Word numbers
    them (a numbered Heading style). ``picture``: PNG bytes put in the first benefit."""
    document = docx.Document()
    document.add_heading(TITLE, 0)
    for paragraph in INTRO:
        document.add_paragraph(paragraph)
    for n, heading in enumerate(HEADINGS, 1):
        if word_numbering:
            title = document.add_heading(heading, 2)
            numbering = title._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = 1
        else:
            document.add_heading(f"{n}. {heading}", 2)
        before, bold, after = body(n)
        paragraph = document.add_paragraph(before + " ")
        paragraph.add_run(bold).bold = True
        link_at = after.index(LINK_TEXT)
        paragraph.add_run(after[:link_at])
        _add_link(paragraph, LINK_URL, LINK_TEXT)
        paragraph.add_run(after[link_at + len(LINK_TEXT) :])
        if picture and n == 1:
            document.add_picture(io.BytesIO(picture))
            shape = document.inline_shapes[-1]
            shape._inline.docPr.set("descr", picture_alt)
    document.add_paragraph("Leave a Reply")
    document.add_paragraph("Your email address will not be published. Required fields are marked *")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png():
    """A small real PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 90)).save(out, "PNG")
    return out.getvalue()


def markdown_html():
    """The Markdown article as a web page would hold it, with a site's menu and comment form."""
    from markdown_it import MarkdownIt

    return (
        "<html><head><title>Blog</title></head><body><nav><a href='/'>Home</a></nav><article>"
        + MarkdownIt().render(markdown())
        + "</article><form><label>Comment *</label><textarea></textarea></form></body></html>"
    )
