"""``manage.py load_demo_content``: the demo site, made or brought up to date.

Fills the home page that migrations made (its title and welcome), then adds
Guides → three guides (the microneedling guide imported from the seed article, with
health sections written for the demo around its five benefits, and two short guides
written for the demo, all in ``../demo_articles/``), each with an illustration drawn for
the demo (``../demo_images.py``), and the main
"Leave a Reply" form with demo replies on the microneedling guide (one of them a question
answered by the demo reviewer, a Person snippet); names the default
Wagtail Site and, under dev settings only, creates the superuser named in
``settings.DEMO_SUPERUSER``. Running it again updates the same pages instead of
adding new ones.
"""

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from guides.importer import read_guide_file, save_guide
from guides.management.demo_images import demo_image
from guides.models import GuideIndexPage, PeoplePage, Person, Reply, ReplyFormPage
from home.models import HomePage, InformationPage, SiteSettings

ARTICLES_DIR = Path(__file__).resolve().parents[1] / "demo_articles"
HOME_TITLE = "Healthy Skin Guides"
HOME_INTRO = (
    "<p>Clear, reviewed guides to skin treatments and everyday skin care, written for people "
    "deciding what is right for them.</p>"
)

# The seed's "chemical peel birmingham" is what is left of a link: in the demo
# it links to the chemical-peel guide again.
PEEL_LINK_WORDS = "chemical peel birmingham"

# The demo reviewer who signs the answer below (Snippets → People).
DEMO_REVIEWER = {
    "slug": "amara-okafor",
    "name": "Dr Amara Okafor",
    "credentials": "MD, FAAD",
    "bio": "Board-certified dermatologist who reviews the site's skin treatment guides.",
}
# The demo's medical reviewer of two guides: their badge links to this profile.
DEMO_MEDICAL_REVIEWER = {
    "slug": "helen-morris",
    "name": "Dr Helen Morris",
    "credentials": "FRCP, consultant dermatologist",
    "bio": "Consultant dermatologist with fifteen years of clinical practice, who reviews the "
    "site's guides to skin treatments before they are published and once a year after.",
}
# Replies shown under the microneedling guide: two approved (the first a question, answered
# by the demo reviewer), one awaiting moderation.
DEMO_REPLIES = [
    {
        "name": "Priya S.",
        "email": "priya@example.com",
        "website": "",
        "comment": "I had my first session last month. My skin was red for a day, then "
        "calm.\nThe acne marks on my cheeks already look softer. Can I keep using my "
        "retinol cream between sessions?",
        "status": Reply.Status.APPROVED,
        "days_ago": 6,
        "asks_question": True,
        "answer": "Yes, but stop it for three to five days before and after each session: "
        "freshly treated skin is more easily irritated. Ask your practitioner if you use a "
        "prescription retinoid.",
    },
    {
        "name": "Daniel Reyes",
        "email": "daniel@example.com",
        "website": "https://example.com/daniel",
        "comment": "Useful overview, thank you. The part about serums absorbing better "
        "matched what my dermatologist told me.",
        "status": Reply.Status.APPROVED,
        "days_ago": 3,
    },
    {
        "name": "Morgan",
        "email": "morgan@example.com",
        "website": "",
        "comment": "How many sessions did it take before you saw a difference?",
        "status": Reply.Status.PENDING,
        "days_ago": 1,
    },
]

EDITORIAL_POLICY_INTRO = (
    "<p>Every guide on this site is written to help you understand a treatment or habit, "
    "and checked by a qualified clinician, who is named on the guide.</p>"
)
EDITORIAL_POLICY = """
<h2>Who writes our guides</h2>
<p>Our writers are health journalists who explain treatments in plain language. They work from
clinical guidelines, published research and interviews with practitioners, and they say where
the evidence is thin.</p>
<h2>How guides are medically reviewed</h2>
<p>A registered clinician with experience of the treatment reads each guide in full. They check
that what it says is accurate, that risks are described fairly and that nobody is told a
treatment suits them without seeing a professional. The review date and the reviewer's name
appear at the top of each guide; a guide that has not been reviewed yet says so there.</p>
<h2>Keeping guides up to date</h2>
<p>Each guide is reviewed again at least once a year, sooner when guidance changes. A guide that
has not yet been reviewed says so.</p>
<h2>What our guides are not</h2>
<ul>
<li>They are not a diagnosis or a treatment plan.</li>
<li>They are not advertising: no clinic or brand pays to appear in them.</li>
</ul>
<p>If you think something in a guide is wrong, leave a reply under it: our team reads every one.</p>
"""

GUIDES = [
    {
        "file": "chemical-peels-guide.txt",
        "author_name": "Amira Patel",
        "published_date": date(2026, 8, 20),
        "last_reviewed": date(2026, 10, 1),
        "reviewed_by": "Dr Helen Morris, consultant dermatologist",
        "topics": ["Chemical peels", "Skin care"],
        "image": "chemical-peel",
    },
    {
        "file": "microneedling-guide.txt",
        "author_name": "Amira Patel",
        "published_date": date(2026, 9, 15),
        "last_reviewed": date(2026, 11, 2),
        "reviewed_by": "Dr Helen Morris, consultant dermatologist",
        "topics": ["Microneedling", "Skin care", "Collagen"],
        "image": "microneedling",
        "link_words_to": ("chemical-peels-guide.txt", PEEL_LINK_WORDS),
        "health_sections": "microneedling-guide.health.json",
    },
    {
        "file": "skin-hydration-guide.txt",
        "author_name": "Tom Okafor",
        "published_date": date(2026, 10, 5),
        "last_reviewed": None,
        "reviewed_by": "",
        "topics": ["Hydration", "Skin care"],
        "image": "hydration",
    },
]


def with_health_sections(raw_body, filename):
    """The imported benefits, unchanged and in order, with the file's health sections
    (takeaways before them; risks, FAQ, sources… after) and the benefits' source numbers."""
    sections = json.loads((ARTICLES_DIR / filename).read_text(encoding="utf-8"))
    cited = sections["benefit_sources"]
    benefits = [
        {**block, "value": {**block["value"], "sources": cited.get(block["value"]["heading"], "")}}
        for block in raw_body
        if block["type"] == "benefit"
    ]

    def blocks(key):
        return [{**block, "id": str(uuid.uuid4())} for block in sections[key]]

    return [*blocks("before_benefits"), *benefits, *blocks("after_benefits")]


class Command(BaseCommand):
    help = "Create or update the demo site: home page, guide index and three guides."

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.home_page()
        index = self.guide_index(home)
        reply_page = self.reply_page(home)
        self.medical_reviewer, _ = Person.objects.update_or_create(
            slug=DEMO_MEDICAL_REVIEWER["slug"], defaults=DEMO_MEDICAL_REVIEWER
        )
        pages = {}
        for spec in GUIDES:
            pages[spec["file"]] = self.guide(index, spec, pages)
        self.replies(reply_page, pages["microneedling-guide.txt"])
        self.editorial_policy(home)
        self.people_page(home)
        self.stdout.write(f"Demo content ready: {len(pages)} guides at {index.url}.")
        self.superuser()

    def home_page(self):
        """The home page made by migrations (or, if it was deleted, a new one), as the demo's."""
        home = HomePage.objects.first()
        if home is None:
            home = HomePage(title=HOME_TITLE, slug="home")
            Page.get_first_root_node().add_child(instance=home)
        if (home.title, home.intro) != (HOME_TITLE, HOME_INTRO):
            home.title, home.intro = HOME_TITLE, HOME_INTRO
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname, site.port = "localhost", 80
        site.site_name, site.root_page = settings.WAGTAIL_SITE_NAME, home
        site.save()
        return home

    def guide_index(self, home):
        index = GuideIndexPage.objects.child_of(home).first()
        if index is None:
            index = GuideIndexPage(
                title="Guides",
                slug="guides",
                show_in_menus=True,
                intro="<p>Every guide on the site, newest first. Choose a topic to narrow the list.</p>",
            )
            home.add_child(instance=index)
            index.save_revision().publish()
        return index

    def reply_page(self, home):
        page = ReplyFormPage.objects.child_of(home).first()
        if page is None:
            page = ReplyFormPage(
                title="Leave a Reply",
                slug="leave-a-reply",
                intro="<p>Questions and experiences about any of our guides are welcome. "
                "Replies are read by our team before they appear.</p>",
                to_address="moderators@example.com",
                from_address="guides@example.com",
                subject="New reply",
            )
            page.add_default_fields()
            home.add_child(instance=page)
            page.save_revision().publish()
        return page

    def replies(self, reply_page, guide):
        now = timezone.now()
        reviewer, _ = Person.objects.update_or_create(
            slug=DEMO_REVIEWER["slug"], defaults=DEMO_REVIEWER
        )
        for spec in DEMO_REPLIES:
            reply = Reply.compose(
                page=reply_page,
                guide=guide,
                status=spec["status"],
                author_name=spec["name"],
                author_email=spec["email"],
                author_url=spec["website"],
                comment=spec["comment"],
            )
            stored = Reply.objects.filter(guide=guide, author_name=spec["name"]).first()
            if stored is None:
                reply.asks_question = spec.get("asks_question", False)
                reply.save()
                # submit_time is set on creation; date the demo replies in the past.
                Reply.objects.filter(pk=reply.pk).update(
                    submit_time=now - timedelta(days=spec["days_ago"])
                )
                stored = reply
            if spec.get("answer") and not stored.answer:
                stored.set_answer(spec["answer"], reviewer)

    def guide(self, index, spec, pages):
        parsed = read_guide_file(ARTICLES_DIR / spec["file"])

        def prepare(page):
            for name in ("author_name", "published_date", "last_reviewed", "reviewed_by"):
                setattr(page, name, spec[name])
            page.topics.set(spec["topics"])
            page.reviewer = self.medical_reviewer if spec["reviewed_by"] else None
            page.hero_image, page.hero_image_alt = demo_image(spec["image"])
            if "link_words_to" in spec:
                target_file, words = spec["link_words_to"]
                target = pages[target_file]
                link = f'<a linktype="page" id="{target.pk}">{words}</a>'
                raw = page.body.raw_data
                page.body = [
                    {
                        **block,
                        "value": {
                            **block["value"],
                            "body": block["value"]["body"].replace(words, link),
                        },
                    }
                    if block["type"] == "benefit"
                    else block
                    for block in raw
                ]
            if "health_sections" in spec:
                page.body = with_health_sections(page.body.raw_data, spec["health_sections"])

        page, _ = save_guide(
            parsed, index, author_name=spec["author_name"], publish=True, prepare=prepare
        )
        return page

    def editorial_policy(self, home):
        """The page saying how guides are written and reviewed; review badges link to it."""
        page = InformationPage.objects.child_of(home).filter(slug="editorial-policy").first()
        if page is None:
            page = InformationPage(
                title="How we write and review our guides",
                slug="editorial-policy",
                intro=EDITORIAL_POLICY_INTRO,
                body=EDITORIAL_POLICY,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        if settings_.editorial_policy_id != page.pk:
            settings_.editorial_policy = page
            settings_.save()

    def people_page(self, home):
        """Who writes and reviews the guides: the reviewers' profiles that badges link to."""
        if not PeoplePage.objects.exists():
            page = PeoplePage(
                title="Our medical reviewers",
                slug="people",
                intro="<p>The clinicians who check our guides before they are published.</p>",
            )
            home.add_child(instance=page)
            page.save_revision().publish()

    def superuser(self):
        credentials = getattr(settings, "DEMO_SUPERUSER", None)
        if not credentials:
            return
        User = get_user_model()  # noqa: N806
        if not User.objects.filter(username=credentials["username"]).exists():
            User.objects.create_superuser(**credentials)
        self.stdout.write(
            f"Admin login: {credentials['username']} / {credentials['password']} at /admin/"
        )
