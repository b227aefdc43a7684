"""What a reader sees on a guide: numbered benefits, table of contents, metadata, related guides."""

import re
from datetime import date

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from tests.factories import GuidePageFactory, ReplyFactory, benefits_body
from tests.replying import reply_data


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def benefit_headings(soup):
    return [" ".join(h.get_text().split()) for h in soup.select(".guide__body h2")]


def test_the_body_numbers_its_benefits_when_rendered_on_its_own(guide_index):
    """``{% include_block page.body %}`` alone gives numbers and anchors: no page code needed."""
    body = benefits_body("One", "Two", "Three", "Four", "Five")
    body.insert(2, {"type": "quote", "value": {"quote": "Said.", "attribution": "Me"}})
    guide = GuidePageFactory(parent=guide_index, body=body)
    html = Template("{% load wagtailcore_tags %}{% include_block body %}").render(
        Context({"body": guide.body})
    )
    soup = BeautifulSoup(html, "html.parser")
    headings = soup.select("h2.benefit__heading")
    assert [" ".join(h.get_text().split()) for h in headings] == [
        "1. One",
        "2. Two",
        "3. Three",
        "4. Four",
        "5. Five",
    ]
    anchors = [h["id"] for h in headings]
    assert anchors == [
        "benefit-one",
        "benefit-two",
        "benefit-three",
        "benefit-four",
        "benefit-five",
    ]
    # The table of contents comes from the same numbering.
    assert [(b.number, b.anchor) for b in guide.benefits] == list(enumerate(anchors, start=1))


def test_benefits_are_numbered_by_position_in_the_heading_text(client, guide_index):
    guide = GuidePageFactory(
        parent=guide_index, body=benefits_body("Reduces scarring", "Evens tone", "Absorbs serums")
    )
    soup = soup_of(client.get(guide.url))
    assert benefit_headings(soup) == [
        "1. Reduces scarring",
        "2. Evens tone",
        "3. Absorbs serums",
    ]
    assert len(soup.find_all("h1")) == 1


def test_numbers_count_only_benefits_and_follow_a_reorder(client, guide_index):
    body = benefits_body("Alpha", "Beta")
    body.insert(1, {"type": "quote", "value": {"quote": "Said.", "attribution": "Me"}})
    body.append(benefits_body("Gamma")[0])
    guide = GuidePageFactory(parent=guide_index, body=body)
    assert benefit_headings(soup_of(client.get(guide.url))) == ["1. Alpha", "2. Beta", "3. Gamma"]

    # Move the last benefit to the top, as an editor would, and publish.
    guide.body = [body[3], body[0], body[1], body[2]]
    guide.save_revision().publish()
    assert benefit_headings(soup_of(client.get(guide.url))) == ["1. Gamma", "2. Alpha", "3. Beta"]


def test_table_of_contents_links_to_stable_unique_anchors(client, guide_index):
    guide = GuidePageFactory(
        parent=guide_index,
        body=benefits_body("Reduces Scarring", "Reduces scarring", "In this guide"),
    )
    soup = soup_of(client.get(guide.url))
    toc = soup.select_one("nav#guide-contents")
    links = [(a["href"], a.get_text()) for a in toc.select("ol li a")]
    assert links == [
        ("#benefit-reduces-scarring", "Reduces Scarring"),
        ("#benefit-reduces-scarring-2", "Reduces scarring"),
        ("#benefit-in-this-guide", "In this guide"),
    ]
    for href, _ in links:
        assert soup.select_one(f"h2{href}") is not None

    # Anchors belong to the benefit, not its position: reordering keeps them.
    guide.body = list(reversed(benefits_body("Reduces Scarring", "Evens tone")))
    guide.save_revision().publish()
    soup = soup_of(client.get(guide.url))
    assert [a["href"] for a in soup.select("nav#guide-contents a")] == [
        "#benefit-evens-tone",
        "#benefit-reduces-scarring",
    ]


@pytest.mark.parametrize(
    "headings",
    [
        ["Leave a reply", "Contents", "Replies", "Main content"],
        ["Guide contents heading", "Leave a reply heading", "Reply thanks", "Reply errors"],
        ["Reduces scarring", "Reduces scarring 2", "Reduces scarring", "!!!", "???"],
    ],
    ids=["page-section-names", "page-id-names", "repeats-and-symbols"],
)
def test_no_benefit_heading_gives_a_duplicate_id_on_the_page(client, guide, headings):
    guide.body = benefits_body(*headings)
    guide.save_revision().publish()
    ReplyFactory(page=guide.reply_form_page, guide=guide)
    # The page as read, and with the error summary of a refused reply: every id it can carry.
    with_errors = client.post(guide.url, reply_data(name=""))
    assert "There is a problem" in with_errors.content.decode()
    for response in (client.get(guide.url), with_errors):
        soup = BeautifulSoup(response.content, "html.parser")
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), sorted(ids)
        assert len(soup.select(".guide__body h2[id]")) == len(headings)


def test_guide_shows_author_dates_reviewer_topics_and_reading_time(client, guide_index):
    words = " ".join(["word"] * 450)
    guide = GuidePageFactory(
        parent=guide_index,
        author_name="Amira Patel",
        published_date=date(2026, 9, 15),
        last_reviewed=date(2026, 11, 2),
        reviewed_by="Dr Helen Morris",
        body=[{"type": "paragraph", "value": f"<p>{words}</p>"}],
    )
    guide.topics.add("Microneedling")
    guide.save()
    soup = soup_of(client.get(guide.url))
    byline = [" ".join(li.get_text().split()) for li in soup.select(".guide__byline li")]
    assert byline == ["By Amira Patel", "Published 15 September 2026", "3 min read"]
    badge = " ".join(soup.select_one(".review-badge").get_text().split())
    assert badge == "Medically reviewed by Dr Helen Morris on 2 November 2026"
    assert soup.select_one(".review-badge time")["datetime"] == "2026-11-02"
    assert " ".join(soup.select_one(".guide__topics").get_text().split()) == "Topics: Microneedling"


def test_a_guide_never_reviewed_says_so(client, guide_index):
    guide = GuidePageFactory(parent=guide_index, last_reviewed=None, reviewed_by="")
    soup = soup_of(client.get(guide.url))
    assert soup.select_one(".review-badge").get_text().strip() == "Not yet medically reviewed"


def test_related_guides_share_a_topic_at_most_three(client, guide_index):
    guide = GuidePageFactory(parent=guide_index, title="Main guide")
    guide.topics.add("peels", "care")
    guide.save()
    for n in range(4):
        other = GuidePageFactory(parent=guide_index, title=f"Peel guide {n}")
        other.topics.add("peels")
        other.save()
    both = GuidePageFactory(parent=guide_index, title="Shares both")
    both.topics.add("peels", "care")
    both.save()
    unrelated = GuidePageFactory(parent=guide_index, title="Unrelated")
    unrelated.topics.add("hydration")
    unrelated.save()

    soup = soup_of(client.get(guide.url))
    titles = [a.get_text() for a in soup.select(".related .guide-card__title a")]
    assert len(titles) == 3
    assert titles[0] == "Shares both", "the guide sharing most topics comes first"
    assert "Unrelated" not in titles and "Main guide" not in titles


def test_hero_image_needs_alt_text(guide_index):
    guide = GuidePageFactory(parent=guide_index)
    guide.hero_image = ImageFactory()
    guide.hero_image_alt = "  "
    with pytest.raises(ValidationError) as error:
        guide.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_hero_image_renders_with_its_alt_text(client, guide_index):
    guide = GuidePageFactory(
        parent=guide_index, hero_image=ImageFactory(), hero_image_alt="A practitioner at work"
    )
    soup = soup_of(client.get(guide.url))
    img = soup.select_one(".guide__hero img")
    assert img["alt"] == "A practitioner at work"
    assert soup.select(".guide__hero source"), "modern formats are offered"


def queries_to_render(client, url):
    client.get(url)  # warm caches and create image renditions once
    caches["pages"].clear()  # count the page's render, not a hit of the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def many_benefits(count, image):
    body = benefits_body(*[f"Benefit {n}" for n in range(count)])
    for block in body:
        block["value"]["image"] = {"image": image.pk, "alt_text": "Alt", "decorative": False}
    body.append(
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "A", "decorative": False},
                "caption": "C",
            },
        }
    )
    return body


def test_query_count_does_not_grow_with_the_number_of_blocks(client, guide_index):
    images = [ImageFactory() for _ in range(2)]
    small = GuidePageFactory(parent=guide_index, body=many_benefits(5, images[0]))
    large = GuidePageFactory(parent=guide_index, body=many_benefits(40, images[1]))
    small_count = queries_to_render(client, small.url)
    large_count = queries_to_render(client, large.url)
    assert small_count == large_count
    html = client.get(large.url).content.decode()
    assert len(re.findall(r'class="benefit__number">\d+\.', html)) == 40
