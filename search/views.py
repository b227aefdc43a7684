"""Site search over every live, public page, using the configured Wagtail search backend."""

from django.conf import settings
from django.template.response import TemplateResponse

from wagtail.models import Page

from home.pagination import nearest_page


def search(request):
    """The pages matching ``?q=``, ``SEARCH_RESULTS_PER_PAGE`` a page; no query: the form only."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        pages = Page.objects.live().public().specific().search(query)
        results = nearest_page(pages, settings.SEARCH_RESULTS_PER_PAGE, request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "results": results}
    )
