"""Reader replies: the reply form page, its fields, the replies and the spam rules.

A reply posted on a guide (or on the reply form page itself) goes through the steps of
Wagtail's form pages: the reply form page's ``get_form`` builds the form,
``process_form_submission`` stores the ``Reply`` and has ``send_mail``/``render_email``
tell the moderators, and ``render_landing_page`` sends the reader back with a thank-you
message. ``TakesReplies`` gives the guide and the reply form page that one flow.
"""

import hashlib
import logging
from contextlib import nullcontext
from typing import NamedTuple

from django.conf import settings
from django.contrib import admin, messages
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import Truncator

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import RichTextField

from modelcluster.fields import ParentalKey

from home.models import INTRO_FEATURES, BasePage, IntroMixin, SnapshotSiteSetting
from home.network import client_ip

from .. import spam
from ..forms import READER_OPTIONS, TRAP_FIELDS, ReplyFormBuilder
from ..tasks import send_answer_notification, send_reply_notification

logger = logging.getLogger(__name__)

# Who may see readers' email addresses and IP hashes (Moderators, by migration 0002).
PERSONAL_DATA_PERM = "guides.view_reply_personal_data"

# The fields a new reply form starts with; editors can change all of them.
DEFAULT_FIELDS = [
    {"label": "Comment", "field_type": "multiline", "required": True},
    {"label": "Name", "field_type": "singleline", "required": True},
    {"label": "Email", "field_type": "email", "required": True},
    {"label": "Website", "field_type": "url", "required": False},
]
FLOOD_MESSAGE = (
    "You are sending replies too quickly. Please wait {seconds} seconds and send it again: "
    "what you wrote is still here."
)
# Replies after this many are folded under "Show N more replies" (no script needed).
REPLIES_FOLDED_AFTER = 20
# The messages-framework tag of the thank-you message, which the reply form shows.
THANKS_TAG = "reply-thanks"
# "?reply" on a page with the reply form renders it with its CSRF and fill-time tokens: the
# way to reply without JavaScript (the cacheable page leaves them to static/js/reply-form.js).
WITH_TOKENS_PARAMETER = "reply"


class ReplyRefusedError(Exception):
    """A valid reply that can't be taken: the page shows the form again, text kept."""

    def __init__(self, message, status, headers=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}


class TakesReplies:
    """For a page with a reply section: approved replies, then the reply form.

    Mixed in first, so that its ``serve`` and ``get_context`` wrap the page's own.
    The page says which live reply form page takes its replies (``reply_form_page``,
    None when replies are closed) and which guide they are about (``reply_guide``).
    ``serve`` follows Wagtail's ``FormMixin.serve`` with the form of that page and the
    context of this one, which it builds once with the form in it.
    """

    reply_guide = None

    @property
    def reply_form_page(self):
        raise NotImplementedError

    def serve(self, request, *args, **kwargs):
        form_page = self.reply_form_page
        if form_page is None:
            if request.method == "POST":
                return self.render_unsent_reply(request)
            return super().serve(request, *args, **kwargs)
        form_kwargs = {"page": form_page, "user": request.user}
        if request.method != "POST":
            # Tokens in the HTML only for the no-script link (a query string: never cached).
            with_tokens = WITH_TOKENS_PARAMETER in request.GET
            form = form_page.get_form(with_tokens=with_tokens, **form_kwargs)
            return self.render_with_form(request, form)

        form = form_page.get_form(
            request.POST, request.FILES, request=request, guide=self.reply_guide, **form_kwargs
        )
        if not form.is_valid():
            return self.render_with_form(request, form)
        try:
            reply = form_page.process_form_submission(form)
        except ReplyRefusedError as refusal:
            form.add_error(None, refusal.message)
            return self.render_with_form(request, form, refusal.status, refusal.headers)
        return form_page.render_landing_page(request, reply)

    def render_unsent_reply(self, request):
        """Replies closed while the reader was typing: the page, saying so, with their text."""
        unsent = [
            value
            for name, value in request.POST.items()
            if name not in (*TRAP_FIELDS, *READER_OPTIONS, "csrfmiddlewaretoken") and value.strip()
        ]
        return self.render_with(request, {"unsent_reply": unsent}, status=409)

    def render_with_form(self, request, form, status=200, headers=None):
        """This page with ``form`` in its reply section: empty, or as the reader sent it."""
        return self.render_with(request, {"form": form}, status, headers)

    def render_with(self, request, extra_context, status=200, headers=None):
        request.is_preview = False
        context = {**self.get_context(request), **extra_context}
        template = self.get_template(request)
        return TemplateResponse(request, template, context, status=status, headers=headers)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form_page = self.reply_form_page
        context["reply_form_page"] = form_page
        # Read only if the template renders them: not when the replies are a fragment in
        # the cache (reply_section.html).
        context["approved_replies"] = SimpleLazyObject(lambda: self.shown_replies)
        context["replies_first"] = SimpleLazyObject(
            lambda: self.shown_replies[:REPLIES_FOLDED_AFTER]
        )
        context["replies_folded"] = SimpleLazyObject(
            lambda: self.shown_replies[REPLIES_FOLDED_AFTER:]
        )
        return context

    @cached_property
    def shown_replies(self):
        """The approved replies shown on this page with their answers (one query, once)."""
        form_page = self.reply_form_page
        return form_page.approved_replies(self.reply_guide) if form_page else []

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        form_page = context["reply_form_page"]
        if form_page is not None and "form" not in context:
            context["form"] = form_page.get_form(page=form_page, user=request.user)
        return context


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


class PersonalDataSubmissionsPanel(FormSubmissionsPanel):
    """Wagtail's "N submissions" link, shown only to those who may open the submissions
    (they list every answer, email included)."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return self.request.user.has_perm(PERSONAL_DATA_PERM) and super().is_shown()


class ReplyFormPage(TakesReplies, IntroMixin, BasePage, AbstractEmailForm):
    """A "Leave a Reply" form. It has its own page and takes the replies of guides.

    Editors choose its fields; every guide shows the site's main reply form (the first
    in the page tree) unless it chooses another.
    """

    intro = RichTextField(
        features=INTRO_FEATURES,
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
        PersonalDataSubmissionsPanel(),
        *IntroMixin.intro_panels,
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
        # Only those who may see readers' email addresses choose where replies are sent: the
        # permission on each field keeps it out of the form for everyone else.
        MultiFieldPanel(
            [
                FieldPanel(name, permission=PERSONAL_DATA_PERM)
                for name in ("to_address", "from_address", "subject")
            ],
            heading="Notification email",
            help_text="Each new reply that is not spam is emailed to these addresses with a "
            "link to moderate it.",
        ),
    ]
    search_fields = [*BasePage.search_fields, *IntroMixin.intro_search_fields]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "guides/reply_form_page.html"

    class Meta:
        verbose_name = "reply form page"

    @property
    def reply_form_page(self):
        return self

    @classmethod
    def open_for_replies(cls):
        """The reply form pages that take replies: live and in no private section (the
        view restrictions come from the site snapshot on public requests)."""
        return cls.objects.live().public()

    def get_submission_class(self):
        return Reply

    def get_submissions_list_view_class(self):
        from ..views import ReplySubmissionsListView

        return ReplySubmissionsListView

    def get_data_fields(self):
        return [*super().get_data_fields(), ("guide", "Guide"), ("status", "Status")]

    def add_default_fields(self):
        """Give a reply form made in code the same fields a new one gets in the admin."""
        self.form_fields = [
            ReplyFormField(sort_order=position, **field)
            for position, field in enumerate(DEFAULT_FIELDS)
        ]

    def approved_replies(self, guide):
        """Approved replies to ``guide`` through this form (None: to this page), oldest first.

        Replies to a guide that was deleted stay with their guide's title, never on this page.
        """
        where = {"guide": guide} if guide else {"guide": None, "guide_title": ""}
        return list(
            Reply.objects.approved()
            .filter(page=self, **where)
            .order_by("submit_time", "pk")
            .select_related("answered_by")
            .only(
                *("pk", "author_name", "author_url", "comment", "submit_time"),
                *("answer", "answered_at", "answered_by__name", "answered_by__credentials"),
                "answered_by__slug",
            )
        )

    def process_form_submission(self, form):
        """Store the reply (as spam when a rule says so) and tell the moderators.

        The same reply sent again from the same address (a double-click, a resend after an
        error) is the stored one: the reader is thanked again and nothing is stored or emailed
        twice. From another address it is answered as a new reply would be (flood limit first),
        so nobody can test which email wrote a published reply. Raises ``ReplyRefusedError``
        when the sender is over the flood limit.
        """
        request = form.request
        ip_digest = spam.ip_hash(client_ip(request))
        reply = Reply.compose(
            page=self,
            guide=form.guide,
            form_data=form.cleaned_data,
            author_name=form.role_value("name"),
            author_email=form.role_value("email"),
            author_url=form.role_value("website"),
            comment=form.role_value("comment"),
            ip_hash=ip_digest,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:512],
            **form.reader_options,
        )
        seen = Reply.objects.seen_before(reply)
        if seen.twin_pk and seen.twin_same_address:
            # The same reader again: a double-click, a resend after an error.
            return Reply.objects.get(pk=seen.twin_pk)
        wait = spam.flood_wait(seen.flood_counts)
        if wait:
            raise ReplyRefusedError(
                FLOOD_MESSAGE.format(seconds=wait), status=429, headers={"Retry-After": str(wait)}
            )
        if seen.twin_pk:
            # Someone else sending a published reply's text with a guessed email gets exactly
            # what a new reply gets: the answer must not tell whether the email matched.
            return Reply.objects.get(pk=seen.twin_pk)
        reply.spam_reason = form.spam_trap or ReplySettings.for_request(request).spam_reason(reply)
        if reply.spam_reason:
            reply.status = Reply.Status.SPAM
        try:
            # In autocommit (production) a refused INSERT leaves nothing to undo, so the
            # savepoint (two more round trips) is only taken inside a transaction (tests).
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                reply.save()
        except IntegrityError:
            # The same reply, stored a moment ago by a concurrent post (a double-click).
            stored = Reply.objects.filter(duplicate_key=reply.duplicate_key).first()
            if stored is None:
                raise
            return stored

        if reply.status != Reply.Status.SPAM and self.to_address:
            form.reply = reply  # for render_email's moderation link
            self.send_mail(form)
        return reply

    def send_mail(self, form):
        """Wagtail's notification, its subject naming the guide, sent by a background task
        (``guides.tasks``) so that the reader never waits for the mail server."""
        title = form.guide.title if form.guide else self.title
        subject = " ".join(f"{self.subject or 'New reply'} on “{title}”".split())
        addresses = [address.strip() for address in self.to_address.split(",")]
        try:
            send_reply_notification.enqueue(
                form.reply.pk, subject, self.render_email(form), addresses, self.from_address
            )
        except Exception:
            logger.exception(
                "Reply %s was saved but its notification could not be queued", form.reply.pk
            )

    def render_email(self, form):
        """Who replied where, the answers as Wagtail's form builder formats them, and a link
        to moderate the reply."""
        title = form.guide.title if form.guide else self.title
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        return "\n".join(
            [
                f"{form.role_value('name') or 'Someone'} replied to “{title}”.",
                "",
                super().render_email(form),
                "",
                f"Moderate it: {base_url}{form.reply.get_admin_url()}",
            ]
        )

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        """After a reply: back to the page it was posted on (Post/Redirect/Get), where the
        thank-you message shows once. The admin's "Landing page" preview shows this page
        with that message."""
        if form_submission is None:
            context = self.get_context(request)
            context["form"] = self.get_form(page=self, user=request.user)
            context["landing_preview"] = True
            return TemplateResponse(request, self.get_template(request), context)
        messages.success(request, self.thank_you_text, extra_tags=THANKS_TAG)
        # Back to the address the reply was posted to (the guide's, or this page's), without
        # its query string ("?reply"). No "#leave-a-reply" fragment: browsers skip autofocus
        # when the URL targets an element, and the autofocused thank-you message scrolls into
        # view by itself.
        return HttpResponseRedirect(request.path)


class SeenBefore(NamedTuple):
    """What the database knows of a reply about to be stored (``ReplyQuerySet.seen_before``)."""

    twin_pk: int | None  # a stored reply with the same duplicate key
    twin_same_address: bool  # … sent from the same address
    flood_counts: dict  # the sender's recent replies, for spam.flood_wait


class ReplyQuerySet(models.QuerySet):
    def seen_before(self, reply, now=None):
        """In one query: the stored twin of the unsaved ``reply`` (same duplicate key) and the
        counts the flood limit needs for its address (``spam.flood_counts``)."""
        now = now or timezone.now()
        recent, flood_aggregates = spam.flood_counts(reply.ip_hash, now)
        twin = Q(duplicate_key=reply.duplicate_key)
        found = self.filter(twin | recent if recent else twin).aggregate(
            twin_pk=Max("pk", filter=twin),
            twin_same_address=Count("pk", filter=twin & Q(ip_hash=reply.ip_hash)),
            **flood_aggregates,
        )
        return SeenBefore(
            found.pop("twin_pk"), bool(found.pop("twin_same_address")), flood_counts=found
        )

    def approved(self):
        return self.filter(status=Reply.Status.APPROVED)

    def pending(self):
        return self.filter(status=Reply.Status.PENDING)

    def awaiting_answer(self):
        """Replies flagged as a question for the team and not answered yet."""
        return self.filter(asks_question=True, answer="").exclude(
            status__in=[Reply.Status.SPAM, Reply.Status.TRASH]
        )

    def notify_answered(self):
        """Queue one email to each reader among these replies who opted in and whose
        reply is approved and answered; a reply is never emailed about twice."""
        due = (
            self.approved()
            .filter(notify_on_answer=True, answer_notified_at=None, author_email__gt="")
            .exclude(answer="")
        )
        for pk in due.values_list("pk", flat=True):
            # Claimed row by row, so two moderators saving at once send one email.
            if Reply.objects.filter(pk=pk, answer_notified_at=None).update(
                answer_notified_at=timezone.now()
            ):
                try:
                    send_answer_notification.enqueue(pk)
                except Exception:
                    logger.exception("The answer email for reply %s could not be queued", pk)


class Reply(AbstractFormSubmission):
    """A reader's reply: the form data plus what moderation needs.

    This is the reply form's submission class, so replies also appear in Wagtail's own
    forms admin. The submitter's IP address is never stored, only a keyed hash of it
    (enough to spot floods from one address). Make one with ``Reply.compose``.
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
        TOO_FAST = "too_fast", "Sent too fast, or with a missing, forged or day-old form"
        LINKS = "links", "Too many links"
        DISALLOWED = "disallowed", "Contains a disallowed word"

    # A reply form page with replies can't be deleted (nothing accepted is lost); unpublish it
    # to close replies. guides/wagtail_hooks.py tells editors so before they try.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    submit_time = models.DateTimeField("date", auto_now_add=True)
    guide = models.ForeignKey(
        "guides.GuidePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="The guide the reply was made on.",
    )
    guide_title = models.CharField(
        max_length=255,
        blank=True,
        help_text="The guide's title when the reply was made: what the reply is about if the "
        "guide is deleted (its replies are then shown nowhere).",
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
    # Questions for the team and the staff's answer (one per reply, shown under it once the
    # reply is approved; see docs/replies.md).
    asks_question = models.BooleanField(
        "question for the team",
        default=False,
        help_text="The reader (or a moderator) says the reply asks the team something.",
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "guides.Person",
        verbose_name="answer signed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("answer date", null=True, blank=True)
    notify_on_answer = models.BooleanField(
        "email the reader when answered",
        default=False,
        help_text="The reader asked for one email when their reply is answered.",
    )
    answer_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

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
            ),
            ("answer_reply", "Can answer replies on behalf of the site"),
        ]

    def __str__(self):
        return f"Reply by {self.author_name or 'anonymous'}"

    @classmethod
    def compose(
        cls,
        *,
        page,
        guide,
        author_name,
        author_email,
        comment,
        author_url="",
        form_data=None,
        **fields,
    ):
        """A new, unsaved reply on ``guide`` (None: on the reply form ``page`` itself).

        ``form_data`` is every answer by field name, as Wagtail's forms admin lists them;
        without it, the answers of the default fields. The duplicate key comes from the
        form, guide, email and text. The reply form, the demo content and the test
        factories all make replies here.
        """
        if form_data is None:
            form_data = {
                "comment": comment,
                "name": author_name,
                "email": author_email,
                "website": author_url,
            }
        text = " ".join(comment.split()).casefold()
        raw = f"{page.pk}|{guide.pk if guide else 0}|{author_email.strip().casefold()}|{text}"
        return cls(
            page=page,
            guide=guide,
            guide_title=guide.title if guide else "",
            form_data=form_data,
            author_name=author_name,
            author_email=author_email,
            author_url=author_url,
            comment=comment,
            duplicate_key=hashlib.sha256(raw.encode()).hexdigest(),
            **fields,
        )

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
            "guide": self.guide_name,
            "status": self.get_status_display(),
        }

    @property
    @admin.display(description="Guide")
    def guide_name(self):
        """The guide's title, marked when the guide was deleted; "" for the reply page's own."""
        if self.guide_id:
            return self.guide.title
        return f"{self.guide_title} (deleted guide)" if self.guide_title else ""

    def get_admin_url(self):
        return reverse("guides_reply_modeladmin_inspect", args=[self.pk])

    @property
    def is_answered(self):
        return bool(self.answer)

    def set_answer(self, text, person):
        """Publish (or edit) the answer, signed by ``person`` (None: "the team"); empty
        ``text`` withdraws it. Saves the reply and emails the reader if they opted in."""
        text = text.strip()
        if not text:
            self.answer, self.answered_by, self.answered_at = "", None, None
        else:
            if not self.answer:
                self.answered_at = timezone.now()
            self.answer, self.answered_by = text, person
        self.save(update_fields=["answer", "answered_by", "answered_at"])
        Reply.objects.filter(pk=self.pk).notify_answered()


@register_setting(icon="comment")
class ReplySettings(SnapshotSiteSetting):
    """Spam rules editors can change without a deploy (Settings → Reply spam rules)."""

    max_links = models.PositiveSmallIntegerField(
        "maximum links",
        default=2,
        help_text="A reply with more links than this is held as spam.",
    )
    disallowed_words = models.TextField(
        blank=True,
        help_text="One word or phrase per line. A reply whose name, email, website or text "
        "contains one (as a whole word, any case, however it is spaced) is held as spam.",
    )

    panels = [FieldPanel("max_links"), FieldPanel("disallowed_words")]

    class Meta:
        verbose_name = "reply spam rules"

    def spam_reason(self, reply):
        """Why these rules hold ``reply`` as spam, or "" when they don't."""
        texts = (reply.author_name, reply.author_email, reply.author_url, reply.comment)
        if spam.count_links(reply.author_name, reply.comment) > self.max_links:
            return Reply.SpamReason.LINKS
        if spam.disallowed_word_in(self.disallowed_words, *texts):
            return Reply.SpamReason.DISALLOWED
        return ""
