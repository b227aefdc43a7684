"""The site's URLs and ``/_floor/``: a view that does nothing, through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from site_project.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_floor/", floor), *site_urlpatterns]
