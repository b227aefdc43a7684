"""Reader replies: the form page that takes them and the replies themselves."""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils.text import Truncator

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from modelcluster.fields import ParentalKey

from core.models import BasePage

from .forms import ReplyFormBuilder

# The fields a new reply form starts with; editors can change all of them.
DEFAULT_FIELDS = [
    {"label": "Comment", "field_type": "multiline", "required": True},
    {"label": "Name", "field_type": "singleline", "required": True},
    {"label": "Email", "field_type": "email", "required": True},
    {"label": "Website", "field_type": "url", "required": False},
]


class ReplyFormField(AbstractFormField):
    """One field of a reply form, as the editor defined it."""

    page = ParentalKey("ReplyFormPage", on_delete=models.CASCADE, related_name="form_fields")


class ReplyFormPageAdminForm(WagtailAdminFormPageForm):
    """Starts a new reply form with the default fields, ready to edit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("form_fields")
        if formset is not None and not self.is_bound and self.instance.pk is None:
            formset.extra = len(DEFAULT_FIELDS)
            formset.initial_extra = [dict(field) for field in DEFAULT_FIELDS]


class ReplyFormPage(BasePage, AbstractEmailForm):
    """A "Leave a Reply" form. It has its own page and also takes replies on guides."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="Optional text shown above the form, e.g. what replies are for.",
    )
    form_heading = models.CharField(
        max_length=120,
        default="Leave a Reply",
        help_text="The heading above the form, on this page and under guides.",
    )
    required_note = models.CharField(
        max_length=255,
        default="Your email address will not be published. Required fields are marked *",
        help_text="Shown before the fields. Keep “Required fields are marked *” so readers "
        "know what the star means.",
    )
    thank_you_text = models.CharField(
        max_length=255,
        default="Thanks, your reply is awaiting moderation.",
        help_text="Shown to a reader after they send a reply.",
    )

    form_builder = ReplyFormBuilder
    base_form_class = ReplyFormPageAdminForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("form_heading"),
        FieldPanel("required_note"),
        InlinePanel(
            "form_fields",
            label="Form fields",
            help_text="The fields readers fill in, in order. The first single-line field is "
            "taken as the reader's name, the first email field as their email (never "
            "published), the first URL field as their website and the first multi-line "
            "field as the comment.",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading="Notification email",
            help_text="Each new reply that is not spam is emailed to these addresses with a "
            "link to moderate it.",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    description_source = "intro"
    template = "replies/reply_form_page.html"
    landing_page_template = "replies/reply_form_page_landing.html"

    class Meta:
        verbose_name = "reply form page"

    def get_submission_class(self):
        return Reply

    def get_data_fields(self):
        return [*super().get_data_fields(), ("guide", "Guide"), ("status", "Status")]

    def add_default_fields(self):
        """Give a reply form made in code the same fields a new one gets in the admin."""
        self.form_fields = [
            ReplyFormField(sort_order=position, **field)
            for position, field in enumerate(DEFAULT_FIELDS)
        ]

    def serve(self, request, *args, **kwargs):
        from .views import serve_reply

        if request.method == "POST":
            return serve_reply(request, self, target=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .views import reply_context

        form = kwargs.pop("reply_form", None)
        context = super().get_context(request, *args, **kwargs)
        context.update(reply_context(request, self, target=self, form=form))
        return context


class ReplyQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Reply.Status.APPROVED)

    def pending(self):
        return self.filter(status=Reply.Status.PENDING)


class Reply(AbstractFormSubmission):
    """A reader's reply: the form data plus what moderation needs.

    This is the reply form's submission class, so replies also appear in
    Wagtail's own forms admin. The submitter's IP address is never stored,
    only a keyed hash of it (enough to spot floods from one address).
    """

    # Registering with modeladmin would put every reply in Wagtail's reference index (two rows
    # and three queries each) and count replies as "usage" of their guide. Replies are not
    # content that uses a page; the Replies list filters by guide instead.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    class SpamReason(models.TextChoices):
        NONE = "", "—"
        HONEYPOT = "honeypot", "Filled in the hidden field"
        TOO_FAST = "too_fast", "Sent too fast after the form was shown"
        LINKS = "links", "Too many links"
        DISALLOWED = "disallowed", "Contains a disallowed word"

    submit_time = models.DateTimeField("date", auto_now_add=True)
    guide = models.ForeignKey(
        "guides.GuidePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="The guide the reply was made on.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    spam_reason = models.CharField(max_length=12, choices=SpamReason.choices, blank=True)
    author_name = models.CharField("name", max_length=255, blank=True)
    author_email = models.EmailField("email", max_length=254, blank=True)
    author_url = models.URLField("website", max_length=255, blank=True)
    comment = models.TextField(blank=True)
    ip_hash = models.CharField("IP hash", max_length=64, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    duplicate_key = models.CharField(max_length=64, unique=True, null=True, editable=False)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = "reply"
        verbose_name_plural = "replies"
        ordering = ["-submit_time", "-pk"]
        indexes = [
            models.Index(fields=["guide", "status", "submit_time"]),
            models.Index(fields=["ip_hash", "submit_time"]),
        ]
        permissions = [
            (
                "view_reply_personal_data",
                "Can see the email addresses and IP hashes of people who reply",
            )
        ]

    def __str__(self):
        return f"Reply by {self.author_name or 'anonymous'}"

    @property
    def excerpt(self):
        return Truncator(" ".join(self.comment.split())).chars(80)

    @property
    def public_url(self):
        """The website to link the name to, only when it is an http(s) address."""
        url = self.author_url
        return url if url.lower().startswith(("http://", "https://")) else ""

    def get_data(self):
        """The row shown and exported by Wagtail's forms admin."""
        return {
            **self.form_data,
            "submit_time": self.submit_time,
            "guide": self.guide.title if self.guide_id else "",
            "status": self.get_status_display(),
        }

    def get_admin_url(self):
        return reverse("replies_reply_modeladmin_inspect", args=[self.pk])

    @staticmethod
    def make_duplicate_key(page_id, guide_id, email, comment):
        """Same form, guide, email and text (ignoring case and spacing) → same key."""
        text = " ".join(comment.split()).casefold()
        raw = f"{page_id}|{guide_id or 0}|{email.strip().casefold()}|{text}"
        return hashlib.sha256(raw.encode()).hexdigest()


@register_setting(icon="comment")
class ReplySettings(BaseSiteSetting):
    """Spam rules editors can change without a deploy (Settings → Reply spam rules)."""

    max_links = models.PositiveSmallIntegerField(
        "maximum links",
        default=2,
        help_text="A reply with more links than this is held as spam.",
    )
    disallowed_words = models.TextField(
        blank=True,
        help_text="One word or phrase per line. A reply whose name, email, website or text "
        "contains one (as a whole word, any case) is held as spam.",
    )

    panels = [FieldPanel("max_links"), FieldPanel("disallowed_words")]

    class Meta:
        verbose_name = "reply spam rules"

    @property
    def disallowed_list(self):
        return [line.strip() for line in self.disallowed_words.splitlines() if line.strip()]
