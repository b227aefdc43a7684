"""Posts that meet a database error: tried once more, else the reader keeps what they typed."""

import contextlib
import logging
import sys

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

# Never shown back: the CSRF token is the page's own, the honeypot a bot's.
DROPPED_FIELDS = ("csrfmiddlewaretoken", "homepage_url")
# Sent again as they came, unseen: when the form was first shown (for the minimum fill time).
KEPT_HIDDEN_FIELDS = ("form_started",)


@receiver(got_request_exception)
def note_database_error(sender, request=None, **kwargs):
    """Mark the request when the database, not our code, broke it: a lost or refused
    connection (OperationalError) or one already closed (InterfaceError)."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, (OperationalError, InterfaceError)):
        request.database_error = error


class PostsSurviveDatabaseErrors:
    """A POST that meets a database error (a dropped connection, a restart) is run once more on
    fresh connections. If that fails too, the reader gets a page with everything they typed,
    saying it was not saved (503), never one that claims it was.

    Safe to run a reply twice: the second run finds the first (same duplicate key) if it was
    stored after all, and thanks the reader without storing it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST" or not getattr(request, "database_error", None):
            return response
        logger.warning("Database error on POST %s, trying once more", request.path)
        self.drop_broken_connections()
        request.database_error = None
        response = self.get_response(request)
        if not request.database_error:
            return response
        self.drop_broken_connections()
        logger.error("POST %s failed twice on the database; the reader was told", request.path)
        return self.not_saved(request)

    @staticmethod
    def drop_broken_connections():
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:  # not ours to close (a test's transaction)
                continue
            with contextlib.suppress(DatabaseError):  # closing a dead connection may fail too
                connection.close()

    @staticmethod
    def not_saved(request):
        response = kept_post_response(request, status=503)
        response["Retry-After"] = "30"
        return response


def kept_post_response(request, status, refused=False):
    """The page that gives a reader back what they posted, ready to send again with a fresh
    CSRF token: after the database failed twice (503), or after a refused CSRF check (403,
    ``refused``; guides.reply_tokens.csrf_failure). Reads nothing from the database."""
    posted = [(name, value) for name, value in request.POST.items() if value.strip()]
    context = {
        "fields": [
            (name, value)
            for name, value in posted
            if name not in (*DROPPED_FIELDS, *KEPT_HIDDEN_FIELDS)
        ],
        "hidden": [(name, value) for name, value in posted if name in KEPT_HIDDEN_FIELDS],
        "refused": refused,
    }
    return TemplateResponse(request, "guides/not_saved.html", context, status=status).render()
