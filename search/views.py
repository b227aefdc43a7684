"""The site's search page and the titles it suggests as readers type."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .hits import tally
from .results import GuideSearch, title_suggestions


@require_GET
def search(request):
    """Guides matching ``?q=`` within ``?topic=``, promoted results first; suggestions when
    nothing matched; the form alone without a query."""
    found = GuideSearch(request.GET.get("q", ""), request.GET.get("topic", ""))
    context = {"search": found, "search_query": found.query, "results": None}
    if found.query:
        results = found.results(request.GET.get("page"))
        context["results"] = results
        context["total"] = results.paginator.count + len(found.promotions)
        if "page" not in request.GET:  # a new search, not a reader paging through one
            tally.add(found.query)
        if results.number == 1:
            context["promotions"] = found.promotions
        if not context["total"]:
            context["similar"] = found.similar()
            context["newest"] = found.newest()
    return TemplateResponse(request, "search/search.html", context)


@require_GET
@cache_control(public=True, max_age=300)
def suggestions(request):
    """JSON for the search box's suggestions: ``{"suggestions": [title, ...]}``."""
    return JsonResponse({"suggestions": title_suggestions(request.GET.get("q", ""))})
