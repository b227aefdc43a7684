"""Read a WordPress export (WXR) and move its posts, comments and permalinks into guides.

``read_export`` parses the file safely (defusedxml: no entity expansion, no DTD, no external
references) into ``WordPressPost`` rows; ``import_posts`` turns each post into a guide with
the article parser (``guides.importer``), its comments into replies (``Reply.compose``) and
its old permalink into a redirect. ``manage.py import_wordpress`` runs both in one transaction.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError  # noqa: S405 - only the exception class

from django.conf import settings
from django.utils.html import escape

from bs4 import BeautifulSoup
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .blocks import split_typed_number
from .importer import (
    IMAGE_TYPES,
    MAX_HEADING,
    GuideImportError,
    ImportedImage,
    ImportedParagraphs,
    article_from_html,
    save_guide,
)

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
WXR_NAMESPACES = ("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/",
                  "http://wordpress.org/export/1.0/")  # fmt: skip
# WordPress comment_approved → Reply.Status
COMMENT_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
UPLOADS = "/wp-content/uploads/"
BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|figure|div|blockquote|table|pre|hr|img)\b", re.I)


@dataclass
class WordPressComment:
    wordpress_id: int
    author_name: str
    author_email: str
    author_url: str
    submitted: datetime | None
    content: str
    status: str  # approved, pending, spam, trash


@dataclass
class WordPressPost:
    wordpress_id: int
    title: str
    link: str
    content: str
    excerpt: str
    author: str
    published: date | None
    status: str  # WordPress's: publish, draft, pending, private, future
    topics: list[str] = field(default_factory=list)
    comments: list[WordPressComment] = field(default_factory=list)
    skipped_comments: int = 0  # pingbacks and trackbacks


@dataclass
class WordPressExport:
    posts: list[WordPressPost]
    skipped: dict[str, int]  # other item types (page, attachment…) → count


def _text(element, path):
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _datetime(value):
    """A WordPress GMT date ("2024-03-15 09:30:00"), or None for "0000-00-00 00:00:00"."""
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def read_export(data):
    """Parse WXR ``data`` (bytes) into a WordPressExport, or raise GuideImportError."""
    limit = settings.GUIDES_WORDPRESS_MAX_BYTES
    if len(data) > limit:
        raise GuideImportError(f"the file is larger than {limit:,} bytes")
    if not data.strip():
        raise GuideImportError("the file is empty")
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise GuideImportError(
            "the file declares a DTD or XML entities, which a WordPress export never does"
        ) from error
    except ParseError as error:
        raise GuideImportError(f"the file is not well-formed XML ({error})") from error
    channel = root.find("channel")
    version = channel.find("wp:wxr_version", NS) if channel is not None else None
    if root.tag != "rss" or version is None:
        raise GuideImportError("the file is XML but not a WordPress export (WXR)")

    authors = {
        _text(a, "wp:author_login"): _text(a, "wp:author_display_name")
        for a in channel.findall("wp:author", NS)
    }
    posts, skipped = [], {}
    for item in channel.findall("item"):
        post_type = _text(item, "wp:post_type")
        status = _text(item, "wp:status")
        if post_type != "post" or status in ("trash", "auto-draft", "inherit"):
            kind = post_type if post_type != "post" else f"post ({status})"
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        post_id = _text(item, "wp:post_id")
        if not post_id.isdigit():
            raise GuideImportError(f"a post has no valid wp:post_id ({post_id!r})")
        login = _text(item, "dc:creator")
        published = _datetime(_text(item, "wp:post_date_gmt")) or _datetime(
            _text(item, "wp:post_date")
        )
        post = WordPressPost(
            wordpress_id=int(post_id),
            title=_text(item, "title"),
            link=_text(item, "link"),
            content=_text(item, "content:encoded"),
            excerpt=_text(item, "excerpt:encoded"),
            author=authors.get(login) or login,
            published=published.date() if published else None,
            status=status,
            topics=sorted(
                {
                    (c.text or "").strip()
                    for c in item.findall("category")
                    if c.get("domain") in ("category", "post_tag")
                    and (c.text or "").strip()
                    and c.get("nicename") != "uncategorized"
                }
            ),
        )
        for comment in item.findall("wp:comment", NS):
            if _text(comment, "wp:comment_type") not in ("", "comment"):
                post.skipped_comments += 1
                continue
            approved = _text(comment, "wp:comment_approved")
            if approved not in COMMENT_STATUS:
                raise GuideImportError(f"a comment on post {post_id} has the status {approved!r}")
            post.comments.append(
                WordPressComment(
                    wordpress_id=int(_text(comment, "wp:comment_id") or 0),
                    author_name=_text(comment, "wp:comment_author")[:255],
                    author_email=_text(comment, "wp:comment_author_email")[:254],
                    author_url=_text(comment, "wp:comment_author_url")[:255],
                    submitted=_datetime(_text(comment, "wp:comment_date_gmt"))
                    or _datetime(_text(comment, "wp:comment_date")),
                    content=_comment_text(_text(comment, "wp:comment_content")),
                    status=COMMENT_STATUS[approved],
                )
            )
        posts.append(post)
    return WordPressExport(posts=posts, skipped=skipped)


def _comment_text(html):
    """A comment's words: replies are plain text, shown escaped."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text().strip()


def autop(content):
    """Classic WordPress posts are stored without <p> (WordPress adds them when it shows the
    post): here each line outside HTML blocks becomes a paragraph, or a heading when it is a
    numbered heading line ("1. …", "Step 1: …"). Inline HTML in a line is kept for the parser."""
    html = []
    for chunk in re.split(r"\n\s*\n", content.strip()):
        if BLOCK_START.match(chunk) or chunk.lstrip().startswith("<!--"):
            html.append(chunk)
            continue
        for line in (line.strip() for line in chunk.splitlines() if line.strip()):
            number, heading = split_typed_number(line)
            tag = "h2" if number and len(heading) <= MAX_HEADING else "p"
            html.append(f"<{tag}>{line}</{tag}>")
    return "\n".join(html)


def _media(content, media_dir, dropped):
    """Pictures from ``media_dir`` for the post's ``…/wp-content/uploads/…`` images: the
    content with their src rewritten to ``import:N``, and the ImportedImages."""
    if media_dir is None:
        return content, []
    soup = BeautifulSoup(content, "html.parser")
    images = []
    root = Path(media_dir).resolve()
    for img in soup.find_all("img"):
        src = urlsplit(img.get("src") or "").path
        if UPLOADS not in src:
            continue
        path = (root / src.split(UPLOADS, 1)[1]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            dropped.append(f"a picture not in the media folder ({src})")
            continue
        if path.suffix.lower() not in IMAGE_TYPES.values() and path.suffix.lower() != ".jpeg":
            dropped.append(f"a picture in a format the site can't show ({path.name})")
            continue
        images.append(ImportedImage(path.name, path.read_bytes(), (img.get("alt") or "").strip()))
        img["src"] = f"import:{len(images) - 1}"
    return str(soup), images


def old_path(link):
    """The permalink's path and query, as wagtail.contrib.redirects stores them."""
    from wagtail.contrib.redirects.models import Redirect

    parts = urlsplit(link)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return Redirect.normalise_path(path) if path.strip("/") else ""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    published: int = 0
    drafts: int = 0
    replies: int = 0
    redirects: int = 0
    skipped_comments: int = 0
    notes: list[str] = field(default_factory=list)


def import_posts(export, parent, *, publish, media_dir=None):
    """Make or update a guide for each post of ``export`` under ``parent`` (matched by the
    WordPress post id), with its replies and a redirect from its old permalink. Call it
    inside a transaction: it raises GuideImportError on the first post it can't import."""
    from wagtail.contrib.redirects.models import Redirect

    from .models import GuidePage, Reply

    report = ImportReport()
    for post in export.posts:
        dropped = []
        content, images = _media(autop(post.content), media_dir, dropped)
        try:
            article = article_from_html(
                content, images, title=post.title or f"WordPress post {post.wordpress_id}", intro=[]
            )
            article.intro = _intro(article, post)
        except GuideImportError as error:
            raise GuideImportError(f"post {post.wordpress_id} “{post.title}”: {error}") from error
        article.dropped = dropped + article.dropped
        live = publish and post.status == "publish"
        page = GuidePage.objects.filter(wordpress_id=post.wordpress_id).first()

        def prepare(guide, post=post):
            guide.wordpress_id = post.wordpress_id
            guide.author_name = (post.author or "Editorial team")[:120]
            guide.published_date = post.published or date.today()
            guide.topics.set(post.topics)

        try:
            guide, created = save_guide(
                article,
                parent,
                author_name=post.author or "Editorial team",
                publish=live,
                prepare=prepare,
                page=page,
                new=page is None,
            )
        except GuideImportError as error:
            raise GuideImportError(f"post {post.wordpress_id} “{post.title}”: {error}") from error
        if created:
            report.created += 1
        else:
            report.updated += 1
        if live:
            report.published += 1
        else:
            report.drafts += 1
        report.notes += [f"post {post.wordpress_id}: left out {item}" for item in article.dropped]

        report.replies += _import_comments(post, guide, Reply)
        report.skipped_comments += post.skipped_comments

        path = old_path(post.link)
        if path and post.status == "publish":
            Redirect.objects.update_or_create(
                old_path=path,
                site=None,
                defaults={"redirect_page": guide, "is_permanent": True, "redirect_link": ""},
            )
            report.redirects += 1
    return report


def _intro(article, post):
    """The excerpt, else the post's first paragraph (taken out of the body), else the title."""
    if post.excerpt:
        return [f"<p>{escape(post.excerpt)}</p>"]
    first = article.sections[0] if article.sections else None
    if isinstance(first, ImportedParagraphs):
        paragraph = next((b for b in first.body if b.startswith("<p>")), None)
        if paragraph:
            first.body.remove(paragraph)
            if not first.body:
                article.sections.pop(0)
            return [paragraph]
    return [f"<p>{escape(article.title)}</p>"]


def _import_comments(post, guide, Reply):  # noqa: N803
    """The post's comments as replies on ``guide``; ones already imported are left alone."""
    reply_page = guide.reply_form_page
    if post.comments and reply_page is None:
        raise GuideImportError(
            "the export has comments but the site has no reply form page: create one first"
        )
    made = 0
    for comment in post.comments:
        reply = Reply.compose(
            page=reply_page,
            guide=guide,
            status=comment.status,
            author_name=comment.author_name,
            author_email=comment.author_email,
            author_url=comment.author_url,
            comment=comment.content,
        )
        if Reply.objects.filter(duplicate_key=reply.duplicate_key).exists():
            continue
        reply.save()
        if comment.submitted:  # submit_time is set on creation: keep WordPress's date
            Reply.objects.filter(pk=reply.pk).update(submit_time=comment.submitted)
        made += 1
    return made
