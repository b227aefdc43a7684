"""Replies in the Wagtail admin: the moderation list (wagtail-modeladmin) with its bulk
actions, the dashboard count, and keeping submitters' details from users who may not see them."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.widgets import Button

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView, InspectView

from .admin_import import URL_NAME as IMPORT_URL_NAME
from .admin_import import ImportArticleView, import_url
from .admin_review import ReviewDueReportView
from .models import GuideIndexPage, GuidePage, Reply, ReplyFormPage
from .models.replies import PERSONAL_DATA_PERM
from .views import SafeCsvExportMixin

PERSONAL_FIELDS = ("author_email", "ip_hash")
# The query parameters of ReplyAdmin.list_filter ("status", "guide") and the values each
# takes; nothing else filters, and a value of another shape is ignored rather than a 500.
FILTER_PARAMS = {
    "status__exact": lambda value: value in Reply.Status.values,
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderation_actions"] = MODERATION_ACTIONS
        return context


@require_POST
@permission_required("guides.change_reply", raise_exception=True)
def moderate(request):
    """Set the status of the selected replies (the list's bulk actions and the inspect view)."""
    action = MODERATION_ACTIONS.get(request.POST.get("action", ""))
    ids = [pk for pk in request.POST.getlist("reply") if pk.isdigit()]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse(INDEX_URL_NAME)
    if action is None:
        messages.error(request, "Choose what to do with the selected replies.")
    elif not ids:
        messages.error(request, "Select at least one reply first.")
    else:
        status, _, done = action
        count = Reply.objects.filter(pk__in=ids).update(status=status)
        messages.success(request, f"{count} repl{'y' if count == 1 else 'ies'} {done}.")
    return HttpResponseRedirect(back)


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
    ]
    list_display = ("author_name", "guide_name", "excerpt", "status", "submit_time")
    list_display_add_buttons = "author_name"
    list_filter = ("status", "guide")
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

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path("guides/reply/moderate/", moderate, name="guides_reply_modeladmin_moderate"),
        )


class PendingRepliesSummaryItem(SummaryItem):
    order = 150
    template_name = "guides/admin/pending_summary.html"

    def get_context_data(self, parent_context):
        return {
            "pending": Reply.objects.pending().count(),
            "url": reverse(INDEX_URL_NAME) + "?status__exact=pending",
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
