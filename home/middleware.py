"""Site-wide request and response handling: clean input, security headers."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from csp.middleware import CSPMiddleware

# C0 controls and DEL except tab, line feed and carriage return: no person types them, and
# NUL makes PostgreSQL refuse a query outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned(query_dict):
    """``query_dict`` without control characters in its keys and values (a copy when needed)."""
    if not any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in query_dict.lists()
    ):
        return query_dict
    cleaned = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        cleaned.setlist(
            CONTROL_CHARACTERS.sub("", key), [CONTROL_CHARACTERS.sub("", v) for v in values]
        )
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Strips control characters from query strings and form fields, and answers 400 (not a
    server error) to a query string or form that can't be read in its declared charset.

    It comes before anything in MIDDLEWARE that reads the request, so nothing reads it
    before it is made safe to read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET = _cleaned(request.GET)
            if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
                request.POST = _cleaned(request.POST)
        except (LookupError, UnicodeDecodeError) as error:  # charset=rot13, utf-16 bytes…
            # Leave nothing unreadable behind: Django's error views read GET and POST again.
            request.GET, request.POST, request._files = QueryDict(), QueryDict(), MultiValueDict()
            raise BadRequest("The request was sent in a character set we can't read.") from error
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django doesn't set itself: Permissions-Policy (no camera, microphone,
    location…)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy: the strict policy of the settings on public
    pages; behind the Wagtail admin's login, what the admin needs on top of it."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(settings.WAGTAIL_ADMIN_PATH) and parts.update is None:
            parts.update = settings.CONTENT_SECURITY_POLICY_ADMIN_ADDITIONS
        return parts
