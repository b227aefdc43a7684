"""Page view restrictions (Wagtail's "Privacy" setting), read once per request.

Wagtail reads every restriction each time a queryset is made ``public()`` and twice more when
it serves a page. A guide page asks for public pages several times (its reply form, its
related guides, the people page), so within a request the restrictions are read once and
kept here; any change to a restriction during the request forgets them. Outside a request
(management commands, the shell) nothing is kept: each call reads them afresh.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction

# A dict while a request is being handled (its one key holds the restrictions once read),
# None otherwise.
_request_memo = ContextVar("view_restrictions", default=None)


@receiver(request_started)
def _start_memo(**kwargs):
    _request_memo.set({})


@receiver(request_finished)
def _end_memo(**kwargs):
    _request_memo.set(None)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _forget(**kwargs):
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def view_restrictions():
    """Every page view restriction with its page (for the page's tree path)."""
    memo = _request_memo.get()
    if memo is None:
        return list(PageViewRestriction.objects.select_related("page"))
    if "all" not in memo:
        memo["all"] = list(PageViewRestriction.objects.select_related("page"))
    return memo["all"]


def private_q():
    """Matches the pages in a private section (a restricted page and everything under it)."""
    q = Q()
    for restriction in view_restrictions():
        q |= Q(path__startswith=restriction.page.path)
    return q if q else Q(pk__in=[])


def restrictions_on(path):
    """The restrictions that apply to the page at tree ``path``: its own and its ancestors'."""
    return [r for r in view_restrictions() if path.startswith(r.page.path)]
