"""Replies in the Wagtail admin: the moderation list (wagtail-modeladmin) with its bulk
actions, staff answers, the dashboard and menu counts, and keeping submitters' details from
users who may not see them; and the "People" snippet who sign answers."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.widgets import Button
from wagtail.models import WorkflowPage
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView, InspectView

from .admin_import import URL_NAME as IMPORT_URL_NAME
from .admin_import import ImportArticleView, import_url
from .admin_review import ReviewDueReportView
from .models import GuideIndexPage, GuidePage, Person, Reply, ReplyFormPage
from .models.replies import PERSONAL_DATA_PERM
from .models.review import medical_review_is_on, medical_review_workflows
from .page_cache import purge_pages_of_replies
from .views import SafeCsvExportMixin

PERSONAL_FIELDS = ("author_email", "ip_hash", "user_agent")
ANSWER_PERM = "guides.answer_reply"
ALL_STATUSES = "all"
AWAITING_PARAM = "awaiting"
AWAITING = "yes"
# The query parameters of ReplyAdmin.list_filter (status, awaiting an answer, guide) and the
# values each takes; nothing else filters, and a value of another shape is ignored rather
# than a 500.
FILTER_PARAMS = {
    "status__exact": lambda value: value in (*Reply.Status.values, ALL_STATUSES),
    AWAITING_PARAM: lambda value: value == AWAITING,
    "guide__page_ptr__exact": str.isdigit,
    "guide__isnull": lambda value: value in ("True", "False", "1", "0"),
}
INDEX_URL_NAME = "guides_reply_modeladmin_index"

# action: (new status, button label, what the message says was done)
MODERATION_ACTIONS = {
    "approve": (Reply.Status.APPROVED, "Approve", "approved"),
    "pending": (Reply.Status.PENDING, "Return to pending", "returned to pending"),
    "spam": (Reply.Status.SPAM, "Mark as spam", "marked as spam"),
    "trash": (Reply.Status.TRASH, "Move to trash", "moved to trash"),
}
# action: (asks_question, button label, what the message says was done)
FLAG_ACTIONS = {
    "flag": (True, "Flag as a question", "flagged as a question for the team"),
    "unflag": (False, "Not a question", "no longer flagged as a question"),
}
# The status label's colour class (styled in templates/modeladmin/guides/reply/index.html).
STATUS_COLOURS = {status: f"reply-status--{status}" for status in Reply.Status.values}


class StatusFilter(admin.SimpleListFilter):
    """Status, opening on Pending: the work to do. "All" lists every status."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return Reply.Status.choices

    def value(self):
        value = super().value()
        if value is None and AWAITING_PARAM not in self.request_params:
            return Reply.Status.PENDING  # the default view: pending replies
        return value

    def __init__(self, request, params, model, model_admin):
        self.request_params = dict(params)
        super().__init__(request, params, model, model_admin)

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        value = self.value()
        if value in Reply.Status.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        value = self.value()
        yield {
            "selected": value in (None, ALL_STATUSES),
            "query_string": changelist.get_query_string({self.parameter_name: ALL_STATUSES}),
            "display": "All",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class AwaitingAnswerFilter(admin.SimpleListFilter):
    """Questions for the team not answered yet (not spam or trash), whatever their status."""

    title = "questions"
    parameter_name = AWAITING_PARAM

    def lookups(self, request, model_admin):
        return [(AWAITING, "Awaiting an answer")]

    def queryset(self, request, queryset):
        if self.value() == AWAITING:
            return queryset & Reply.objects.awaiting_answer()
        return queryset


def can_see_personal_data(user):
    return user.has_perm(PERSONAL_DATA_PERM)


class ReplyPermissionHelper(PermissionHelper):
    """Replies come only from readers: nobody adds or edits them in the admin.
    Moderating is changing their status, which needs ``change_reply``."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class ReplyIndexView(SafeCsvExportMixin, IndexView):
    export_headings = {
        "ip_hash": "IP hash",
        "spam_reason": "Spam reason",
        "author_url": "Website",
        "guide_name": "Guide",
    }

    def get_filters_params(self, params=None):
        """Only the declared filters' own parameters.

        wagtail-modeladmin turns every other query parameter into a database lookup, so
        ``?author_email__startswith=a`` would answer "some rows" or "none" and rebuild any
        column character by character, whatever the columns the user may see.
        """
        lookups = super().get_filters_params(params)
        return {
            key: values
            for key, values in lookups.items()
            if key in FILTER_PARAMS and all(FILTER_PARAMS[key](value) for value in values)
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderation_actions"] = MODERATION_ACTIONS
        context["flag_actions"] = FLAG_ACTIONS
        return context


class ReplyInspectView(InspectView):
    def __init__(self, model_admin, instance_pk):
        if not str(instance_pk).isdigit():  # /inspect/abc/: not found, not a server error
            raise Http404
        super().__init__(model_admin, instance_pk)

    def get_fields_dict(self):
        fields = super().get_fields_dict()
        if can_see_personal_data(self.request.user):
            return fields
        hidden = {self.get_field_label(name) for name in PERSONAL_FIELDS}
        return [field for field in fields if field["label"] not in hidden]

    def get_field_label(self, field_name, field=None):
        """Labels in sentence case ("IP hash" keeps its capitals)."""
        label = str(super().get_field_label(field_name, field))
        return label if label[:2].isupper() else label[:1].upper() + label[1:]

    def get_field_display_value(self, field_name, field=None):
        """The guide as links to the page readers see and to its editor."""
        guide = self.instance.guide if field_name == "guide" else None
        if guide is None:
            return super().get_field_display_value(field_name, field)
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">edit</a>)',
            guide.url or "#",
            guide.title,
            reverse("wagtailadmin_pages:edit", args=[guide.pk]),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderation_actions"] = MODERATION_ACTIONS
        context["flag_actions"] = FLAG_ACTIONS
        context["can_answer"] = self.request.user.has_perm(ANSWER_PERM)
        context["answer_url"] = reverse(ANSWER_URL_NAME, args=[self.instance.pk])
        return context


ANSWER_URL_NAME = "guides_reply_modeladmin_answer"


def replies_done(count, done):
    return f"{count} repl{'y' if count == 1 else 'ies'} {done}."


def next_pending(after):
    """The pending reply listed after ``after`` (the list is newest first), else the newest."""
    pending = Reply.objects.pending().exclude(pk=after.pk).order_by("-submit_time", "-pk")
    older = pending.filter(submit_time__lte=after.submit_time).first()
    return older or pending.first()


@require_POST
@permission_required("guides.change_reply", raise_exception=True)
def moderate(request):
    """Set the status or question flag of the selected replies (the list's bulk actions and
    the inspect view). "approve_next" approves one reply and opens the next pending one."""
    name = request.POST.get("action", "")
    ids = [pk for pk in request.POST.getlist("reply") if pk.isdigit()]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse(INDEX_URL_NAME)
    selected = Reply.objects.filter(pk__in=ids)
    if name not in (*MODERATION_ACTIONS, *FLAG_ACTIONS, "approve_next"):
        messages.error(request, "Choose what to do with the selected replies.")
    elif not ids:
        messages.error(request, "Select at least one reply first.")
    elif name in FLAG_ACTIONS:
        flag, _, done = FLAG_ACTIONS[name]
        messages.success(request, replies_done(selected.update(asks_question=flag), done))
        purge_pages_of_replies(selected)  # .update() sends no signal
    else:
        status, _, done = MODERATION_ACTIONS["approve" if name == "approve_next" else name]
        count = selected.update(status=status)
        purge_pages_of_replies(selected)
        selected.notify_answered()  # an answer written before approval is emailed now
        messages.success(request, replies_done(count, done))
        if name == "approve_next" and count:
            following = next_pending(selected.first())
            back = following.get_admin_url() if following else reverse(INDEX_URL_NAME)
    return HttpResponseRedirect(back)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Shown under the reply once the reply is approved. Plain text; blank lines "
        "start a new paragraph.",
    )
    answered_by = forms.ModelChoiceField(
        Person.objects.all(),
        required=False,
        label="Signed by",
        empty_label="The team (no name)",
        help_text="Shown as “Answer from Name (credentials)”. Add people under Snippets → People.",
    )


@permission_required(ANSWER_PERM, raise_exception=True)
def answer(request, pk):
    """Write, edit or withdraw the staff answer to reply ``pk``."""
    reply = get_object_or_404(Reply, pk=pk)
    form = AnswerForm(
        request.POST or None,
        initial={"answer": reply.answer, "answered_by": reply.answered_by_id},
    )
    if request.method == "POST" and form.is_valid():
        withdraw = "withdraw" in request.POST
        text = "" if withdraw else form.cleaned_data["answer"]
        reply.set_answer(text, form.cleaned_data["answered_by"])
        if withdraw or not text.strip():
            messages.success(request, "The answer was withdrawn.")
        elif reply.status == Reply.Status.APPROVED:
            messages.success(request, "The answer is published under the reply.")
        else:
            messages.warning(request, "The answer is saved; it shows once the reply is approved.")
        return HttpResponseRedirect(reply.get_admin_url())
    return TemplateResponse(request, "guides/admin/answer.html", {"reply": reply, "form": form})


@modeladmin_register
class ReplyAdmin(ModelAdmin):
    model = Reply
    menu_label = "Replies"
    menu_icon = "comment"
    menu_order = 250
    add_to_admin_menu = True
    permission_helper_class = ReplyPermissionHelper
    index_view_class = ReplyIndexView
    inspect_view_enabled = True
    inspect_view_class = ReplyInspectView
    inspect_view_fields = [
        "guide",
        "guide_title",
        "status",
        "spam_reason",
        "submit_time",
        "author_name",
        "author_email",
        "author_url",
        "comment",
        "ip_hash",
        "user_agent",
        "asks_question",
        "notify_on_answer",
    ]
    list_display = ("author_name", "guide_name", "excerpt", "status_label", "submit_time")
    list_display_add_buttons = "author_name"
    list_filter = (StatusFilter, AwaitingAnswerFilter, "guide")
    list_select_related = ("guide",)
    list_per_page = 50
    ordering = ("-submit_time", "-pk")
    export_filename = "replies"

    def get_list_display(self, request):
        columns = list(self.list_display)
        if can_see_personal_data(request.user):
            columns.insert(1, "author_email")
        if request.user.has_perm("guides.change_reply"):
            columns.insert(0, "select")
        return columns

    def get_list_display_add_buttons(self, request):
        return "author_name"

    def get_search_fields(self, request):
        if can_see_personal_data(request.user):
            return ("author_name", "author_email", "comment")
        return ("author_name", "comment")

    def get_list_export(self, request):
        fields = ["submit_time", "guide_name", "status", "spam_reason", "author_name"]
        if can_see_personal_data(request.user):
            fields.append("author_email")
        fields += ["author_url", "comment"]
        if can_see_personal_data(request.user):
            fields.append("ip_hash")
        return fields

    @staticmethod
    def select(obj):
        return format_html(
            '<input type="checkbox" name="reply" value="{}" form="reply-moderation" '
            'aria-label="Select the reply by {}">',
            obj.pk,
            obj.author_name,
        )

    select.short_description = "Select"

    @staticmethod
    @admin.display(description="Status")
    def status_label(obj):
        """The status as Wagtail's coloured tag, "question" when awaiting an answer."""
        label = format_html(
            '<span class="w-status {} reply-status">{}</span>',
            STATUS_COLOURS.get(obj.status, ""),
            obj.get_status_display(),
        )
        question = "Answered" if obj.answer else "Question" if obj.asks_question else ""
        if question:
            label += format_html(' <span class="w-status reply-status">{}</span>', question)
        return label

    def get_menu_item(self, order=None):
        return PendingCountMenuItem(self, order or self.get_menu_order())

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path("guides/reply/moderate/", moderate, name="guides_reply_modeladmin_moderate"),
            path("guides/reply/answer/<int:pk>/", answer, name=ANSWER_URL_NAME),
        )


class PendingCountMenuItem(ModelAdminMenuItem):
    """ "Replies (3)": the menu item says how many replies wait for moderation."""

    def render_component(self, request):
        component = super().render_component(request)
        pending = Reply.objects.pending().count()
        if pending:
            component.label = f"{self.label} ({pending} pending)"
        return component


class PendingRepliesSummaryItem(SummaryItem):
    order = 150
    template_name = "guides/admin/pending_summary.html"

    def get_context_data(self, parent_context):
        index = reverse(INDEX_URL_NAME)
        return {
            "pending": Reply.objects.pending().count(),
            "url": f"{index}?status__exact=pending",
            "awaiting": Reply.objects.awaiting_answer().count(),
            "awaiting_url": f"{index}?{AWAITING_PARAM}={AWAITING}",
        }

    def is_shown(self):
        user = self.request.user
        return user.has_perm("guides.view_reply") or user.has_perm("guides.change_reply")


@hooks.register("construct_homepage_summary_items")
def add_pending_replies(request, items):
    items.append(PendingRepliesSummaryItem(request))


@hooks.register("before_create_page")
def only_moderators_make_reply_forms(request, parent_page, page_class):
    """A reply form decides where readers' replies and emails go, and the first one in the
    tree takes every guide's replies: only those who may see readers' data make one."""
    if issubclass(page_class, ReplyFormPage) and not can_see_personal_data(request.user):
        messages.error(request, "Only moderators can add a reply form.")
        return HttpResponseRedirect(reverse("wagtailadmin_explore", args=[parent_page.pk]))
    return None


@hooks.register("before_delete_page")
def keep_reply_forms_with_replies(request, page):
    """A reply form page that has replies can't be deleted (they would go with it): say so,
    and how to close replies instead."""
    if isinstance(page, ReplyFormPage) and Reply.objects.filter(page=page).exists():
        messages.error(
            request,
            f"“{page.title}” has replies, so it can't be deleted. To stop taking replies, "
            "unpublish it instead.",
        )
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


@hooks.register("filter_form_submissions_for_user")
def hide_reply_submissions(user, editable_forms):
    """Wagtail's forms admin shows every field, email included: reply forms appear there
    only for users allowed to see submitters' details."""
    if can_see_personal_data(user):
        return editable_forms
    return editable_forms.not_type(ReplyFormPage)


@hooks.register("register_admin_urls")
def review_due_report_urls():
    return [
        path("reports/reviews-due/", ReviewDueReportView.as_view(), name="review_due_report"),
        path(
            "reports/reviews-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="review_due_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def review_due_report_menu_item():
    return MenuItem(
        "Reviews due", reverse("review_due_report"), name="reviews-due", icon_name="date", order=50
    )


def import_article_button(page, user):
    """ "Import an article" for a guide index the user may add guides to."""
    if (
        issubclass(page.specific_class or type(page), GuideIndexPage)
        and GuidePage.can_create_at(page)
        and page.permissions_for_user(user).can_add_subpage()
    ):
        yield Button("Import an article", url=import_url(page), icon_name="upload", priority=16)


@hooks.register("register_page_header_buttons")
def import_article_in_the_guides_listing(page, user, next_url=None, view_name=None):
    """In the "…" menu of the Guides listing's header (and of a guide index's edit view)."""
    yield from import_article_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def import_article_in_the_row_of_a_guide_index(page, user, next_url=None):
    yield from import_article_button(page, user)


@hooks.register("register_admin_urls")
def import_article_urls():
    return [path("guides/import/", ImportArticleView.as_view(), name=IMPORT_URL_NAME)]


@hooks.register("after_create_page")
def new_guide_sections_are_reviewed_too(request, page):
    """While medical review is on, a new guide index gets the review workflow, so the guides
    in it can be submitted (they need the review wherever they are)."""
    if isinstance(page.specific, GuideIndexPage) and medical_review_is_on():
        workflow = medical_review_workflows().first()
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


class PersonViewSet(SnippetViewSet):
    """Snippets → People: who signs answers (and, later, writes and reviews guides)."""

    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name"]


register_snippet(PersonViewSet)
