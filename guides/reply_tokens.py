"""The reply form's tokens for pages a shared cache stores.

A cached guide carries its reply form without a CSRF token or a signed fill-time token
(they would be one visitor's, served to all). ``static/js/reply-form.js`` fetches them from
here when the reader first moves into the form; docs/replies.md says why and how.
"""

from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import STARTED_FIELD
from .middleware import kept_post_response
from .models import ReplyFormPage
from .spam import started_token


@require_GET
@never_cache
def reply_tokens(request, form_page_id):
    """This visitor's tokens for the form of reply form page ``form_page_id``: the CSRF token
    (``get_token`` also sets the CSRF cookie) and the signed time the form was started, which
    starts the minimum fill time now. 404 for a form that is not live and public."""
    if not ReplyFormPage.open_for_replies().filter(pk=form_page_id).exists():
        raise Http404
    return JsonResponse({"csrf": get_token(request), "started": started_token(form_page_id)})


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a reply refused by the CSRF check (403) gives the reader back what
    they wrote, with a fresh token to send it again; any other form gets Django's refusal
    (templates/403_csrf.html)."""
    if request.method == "POST" and STARTED_FIELD in request.POST:
        return kept_post_response(request, status=403, refused=True)
    return csrf.csrf_failure(request, reason)
