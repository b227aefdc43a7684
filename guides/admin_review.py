"""Reports → Reviews due: the live guides whose medical review is due, for editors and
reviewers, with CSV and Excel downloads (Wagtail's report view)."""

from django.conf import settings

from wagtail.admin.views.reports import PageReportView

from .models import GuidePage
from .models.review import due_for_review


class ReviewDueReportView(PageReportView):
    page_title = "Reviews due"
    header_icon = "date"
    results_template_name = "guides/admin/review_due_results.html"
    index_url_name = "review_due_report"
    index_results_url_name = "review_due_report_results"
    list_export = ["title", "last_reviewed", "reviewed_by", "url_path"]
    export_headings = {"last_reviewed": "Last reviewed", "reviewed_by": "Reviewed by"}
    # Titles and review dates of live guides: nothing private, so every admin user may see it
    # (reviewers need no page permissions to use it).
    permission_policy = None

    def get_queryset(self):
        return due_for_review(GuidePage.objects.live())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["months"] = settings.GUIDES_REVIEW_DUE_MONTHS
        return context
