"""Page view restrictions (Wagtail's "Privacy" setting), read once per site snapshot.

Wagtail reads every restriction each time a queryset is made ``public()`` and twice more when
it serves a page; a guide page would read them several times. Public requests read them
from the site snapshot instead (any change to a restriction makes a new one); the admin and
management commands read them afresh each time, as Wagtail does.
"""

from django.db.models import Q

from wagtail.models import PageViewRestriction

from . import site_snapshot


def _read(site=None):
    return list(PageViewRestriction.objects.select_related("page"))


def view_restrictions():
    """Every page view restriction with its page (for the page's tree path)."""
    return site_snapshot.cached_part("home.view_restrictions", _read)


def private_q():
    """Matches the pages in a private section (a restricted page and everything under it)."""
    q = Q()
    for restriction in view_restrictions():
        q |= Q(path__startswith=restriction.page.path)
    return q if q else Q(pk__in=[])


def restrictions_on(path):
    """The restrictions that apply to the page at tree ``path``: its own and its ancestors'."""
    return [r for r in view_restrictions() if path.startswith(r.page.path)]
