"""The sections a health guide needs: takeaways, risks, who should not have it, when to see a
doctor, questions and answers, and numbered sources that benefits cite.

Each block renders on its own (as in the block picker's preview) and inside a guide, where
it takes no benefit number; the questions reach search engines as an FAQPage and the
sources as citations."""

import json

from django.template import engines

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from guides.blocks import GuideBodyBlock
from tests.admin_forms import add_guide_url, benefit_value, guide_form_data
from tests.factories import GuidePageFactory

BODY = GuideBodyBlock()


def text(element):
    return " ".join(element.get_text().split())


def render_alone(name, value):
    """The block's HTML as ``{% include_block %}`` renders it outside any guide."""
    block = BODY.child_blocks[name]
    template = engines["django"].from_string("{% load wagtailcore_tags %}{% include_block b %}")
    bound = block.bind(block.normalize(value))
    return BeautifulSoup(template.render({"b": bound}), "html.parser")


def benefit(heading, sources=""):
    return {
        "type": "benefit",
        "value": {"heading": heading, "body": f"<p>About {heading}.</p>", "sources": sources},
    }


SOURCES = {
    "type": "sources",
    "value": [
        {
            "title": "A review",
            "details": "Dermatology Journal, 2018",
            "url": "https://example.org/a",
        },
        {"title": "A study without a link", "details": "", "url": ""},
    ],
}
FAQ = {
    "type": "faq",
    "value": [
        {"question": "Does it hurt?", "answer": "<p>It <b>stings</b> a little &amp; passes.</p>"},
        {"question": "How long?", "answer": "<p>About an hour.</p>"},
    ],
}
HEALTH_BODY = [
    {"type": "key_takeaways", "value": ["Results are gradual.", "Redness is normal."]},
    benefit("Firmer skin", "1, 2"),
    {"type": "risks", "value": "<p>Redness for a day or two.</p>"},
    benefit("Fewer scars", "2"),
    {"type": "not_suitable", "value": ["are pregnant", "have a skin infection"]},
    {"type": "see_a_doctor", "value": "<p>If swelling gets worse after three days.</p>"},
    FAQ,
    benefit("Even tone"),
    SOURCES,
]


def test_key_takeaways_render_as_a_list_under_their_heading():
    soup = render_alone("key_takeaways", ["Results are gradual.", "Redness is normal."])
    assert text(soup.select_one("section h2")) == "Key takeaways"
    assert [text(li) for li in soup.select("section ul li")] == [
        "Results are gradual.",
        "Redness is normal.",
    ]


def test_risks_render_their_text_under_their_heading():
    soup = render_alone("risks", "<p>Redness.</p><ul><li>Infection is rare.</li></ul>")
    assert text(soup.select_one("section h2")) == "Risks and side effects"
    assert [text(li) for li in soup.select("section li")] == ["Infection is rare."]


def test_who_should_not_have_it_lists_the_people():
    soup = render_alone("not_suitable", ["are pregnant", "have a <b>skin</b> infection"])
    assert text(soup.select_one("section h2")) == "Who should not have it"
    # Editors' text is escaped, never markup.
    assert [text(li) for li in soup.select("section li")] == [
        "are pregnant",
        "have a <b>skin</b> infection",
    ]
    assert soup.find("b") is None


def test_when_to_see_a_doctor_is_a_callout():
    soup = render_alone("see_a_doctor", "<p>If it gets worse.</p>")
    callout = soup.select_one("section.callout")
    assert text(callout.h2) == "When to see a doctor"
    assert text(callout.select_one(".rich-text")) == "If it gets worse."


def test_questions_and_answers_render_as_headed_answers():
    soup = render_alone("faq", FAQ["value"])
    assert text(soup.select_one("section h2")) == "Questions and answers"
    assert [text(h3) for h3 in soup.select("section h3")] == ["Does it hurt?", "How long?"]
    assert [text(a) for a in soup.select(".faq__answer")] == [
        "It stings a little & passes.",
        "About an hour.",
    ]


def test_sources_are_numbered_and_anchored_on_their_own():
    soup = render_alone("sources", SOURCES["value"])
    items = soup.select("section ol li")
    assert [li["id"] for li in items] == ["source-1", "source-2"]
    assert items[0].a["href"] == "https://example.org/a"
    assert text(items[0]) == "A review. Dermatology Journal, 2018"
    assert items[1].a is None and text(items[1]) == "A study without a link"


def test_a_benefit_on_its_own_links_its_citations():
    soup = render_alone("benefit", benefit("Firmer skin", "1, 3")["value"])
    links = soup.select(".benefit__sources a")
    assert [(a["href"], a["aria-label"], text(a)) for a in links] == [
        ("#source-1", "source 1", "1"),
        ("#source-3", "source 3", "3"),
    ]


@pytest.fixture
def health_guide(guide_index):
    guide = GuidePageFactory(
        parent=guide_index, title="Microneedling", reviewed_by="Dr Helen Morris", body=HEALTH_BODY
    )
    guide.save_revision().publish()
    return guide


def test_the_sections_take_no_benefit_number_and_stay_out_of_the_contents(client, health_guide):
    soup = BeautifulSoup(client.get(health_guide.url).content, "html.parser")
    body = soup.select_one(".guide__body")
    assert [text(h2) for h2 in body.select("h2")] == [
        "Key takeaways",
        "1. Firmer skin",
        "Risks and side effects",
        "2. Fewer scars",
        "Who should not have it",
        "When to see a doctor",
        "Questions and answers",
        "3. Even tone",
        "Sources",
    ]
    assert [text(a) for a in soup.select("nav#guide-contents a")] == [
        "Firmer skin",
        "Fewer scars",
        "Even tone",
    ]
    assert [b.heading for b in health_guide.benefits] == ["Firmer skin", "Fewer scars", "Even tone"]


def test_every_citation_leads_to_a_source_on_the_page(client, health_guide):
    soup = BeautifulSoup(client.get(health_guide.url).content, "html.parser")
    citations = {
        text(section.h2): [a["href"] for a in section.select(".benefit__sources a")]
        for section in soup.select("section.benefit")
    }
    assert citations == {
        "1. Firmer skin": ["#source-1", "#source-2"],
        "2. Fewer scars": ["#source-2"],
        "3. Even tone": [],
    }
    for href in citations["1. Firmer skin"]:
        assert soup.find(id=href[1:]).name == "li"
    assert len(soup.select("[id^=source-]")) == 2


def structured_data(client, guide):
    soup = BeautifulSoup(client.get(guide.url).content, "html.parser")
    [script] = soup.find_all("script", type="application/ld+json")
    return script.string, json.loads(script.string)


def test_the_questions_are_an_faq_page_and_the_sources_citations(client, health_guide):
    _, data = structured_data(client, health_guide)
    page, _, faq = data["@graph"]
    url = f"http://testserver{health_guide.url}"
    assert faq == {
        "@type": "FAQPage",
        "url": url,
        "isPartOf": {"@id": url},
        "mainEntity": [
            {
                "@type": "Question",
                "name": "Does it hurt?",
                "acceptedAnswer": {"@type": "Answer", "text": "It stings a little & passes."},
            },
            {
                "@type": "Question",
                "name": "How long?",
                "acceptedAnswer": {"@type": "Answer", "text": "About an hour."},
            },
        ],
    }
    assert page["citation"] == [
        {"@type": "CreativeWork", "name": "A review", "url": "https://example.org/a"},
        {"@type": "CreativeWork", "name": "A study without a link"},
    ]
    # The benefits list is unchanged by the other sections.
    items = page["mainEntity"]["itemListElement"]
    assert [(i["position"], i["name"]) for i in items] == [
        (1, "Firmer skin"),
        (2, "Fewer scars"),
        (3, "Even tone"),
    ]


def test_a_guide_without_questions_has_no_faq_page(client, guide_index):
    guide = GuidePageFactory(parent=guide_index, body=[benefit("Firmer skin")])
    _, data = structured_data(client, guide)
    assert [node["@type"] for node in data["@graph"]] == ["Article", "BreadcrumbList"]
    assert "citation" not in data["@graph"][0]


def test_a_question_cannot_end_the_script_element(client, guide_index):
    attack = '</script><script>alert("x")</script>'
    body = [
        {"type": "faq", "value": [{"question": attack, "answer": f"<p>{attack}</p>"}]},
    ]
    guide = GuidePageFactory(parent=guide_index, body=body)
    raw, data = structured_data(client, guide)
    assert "</script>" not in raw and "<script>" not in raw
    [faq] = [node for node in data["@graph"] if node["@type"] == "FAQPage"]
    assert faq["mainEntity"][0]["name"] == attack


def post_body(editor_client, guide_index, title, blocks):
    data = guide_form_data(title, [])
    data.update(nested_form_data({"body": streamfield(blocks)}))
    data["action-publish"] = "action-publish"
    return editor_client.post(add_guide_url(guide_index), data)


def list_block(items):
    """A ListBlock's value as the admin posts it."""
    return {
        "count": len(items),
        **{
            str(index): {"value": item, "deleted": "", "order": str(index), "id": ""}
            for index, item in enumerate(items)
        },
    }


def test_an_editor_adds_the_health_sections_through_the_admin(editor_client, guide_index):
    from guides.models import GuidePage

    blocks = [
        ("key_takeaways", list_block(["Gradual results."])),
        ("benefit", {**benefit_value("Firmer skin", "Why."), "sources": "2,1,1"}),
        ("risks", rich_text("<p>Redness.</p>")),
        ("not_suitable", list_block(["are pregnant"])),
        ("see_a_doctor", rich_text("<p>If it gets worse.</p>")),
        ("faq", list_block([{"question": "Hurts?", "answer": rich_text("<p>A little.</p>")}])),
        (
            "sources",
            list_block(
                [
                    {"title": "One", "details": "", "url": "https://example.org/1"},
                    {"title": "Two", "details": "", "url": ""},
                ]
            ),
        ),
    ]
    response = post_body(editor_client, guide_index, "Sections", blocks)
    assert response.status_code == 302, response.content.decode()[:3000]
    guide = GuidePage.objects.get(slug="sections")
    # Wagtail drops unknown block types silently: check what was stored.
    assert [b.block_type for b in guide.body] == [name for name, _ in blocks]
    assert list(guide.body[0].value) == ["Gradual results."]
    assert guide.body[1].value["sources"] == "1, 2"  # tidied as readers see it
    assert [item["question"] for item in guide.body[5].value] == ["Hurts?"]
    assert [s["title"] for s in guide.body[6].value] == ["One", "Two"]
    soup = BeautifulSoup(editor_client.get(guide.url).content, "html.parser")
    assert [a["href"] for a in soup.select(".benefit__sources a")] == ["#source-1", "#source-2"]


def test_citing_a_source_the_guide_does_not_list_is_refused(editor_client, guide_index):
    from guides.models import GuidePage

    response = post_body(
        editor_client,
        guide_index,
        "Bad citation",
        [("benefit", {**benefit_value("Firmer skin", "Why."), "sources": "3"})],
    )
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="bad-citation").exists()
    assert "No source 3: the guide has no Sources block." in response.content.decode()

    response = post_body(
        editor_client,
        guide_index,
        "Not numbers",
        [("benefit", {**benefit_value("Firmer skin", "Why."), "sources": "one"})],
    )
    assert response.status_code == 200
    assert "Type the numbers of sources separated by commas" in response.content.decode()


def test_a_source_link_must_be_a_web_address(editor_client, guide_index):
    from guides.models import GuidePage

    sources = list_block([{"title": "Trap", "details": "", "url": "javascript:alert(1)"}])
    response = post_body(editor_client, guide_index, "Trap source", [("sources", sources)])
    assert response.status_code == 200
    assert not GuidePage.objects.filter(slug="trap-source").exists()
    assert "Enter a valid URL." in response.content.decode()
