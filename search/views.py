"""Site search over every live, public page, using the configured Wagtail search backend."""

from django.template.response import TemplateResponse

from wagtail.models import Page

from core.pagination import nearest_page

RESULTS_PER_PAGE = 10


def search(request):
    """Show the pages matching ``?q=``, 10 a page; an empty query shows the search form only."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        pages = Page.objects.live().public().specific().search(query)
        results = nearest_page(pages, RESULTS_PER_PAGE, request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "results": results}
    )
