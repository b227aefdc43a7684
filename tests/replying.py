"""Helpers for posting replies as a reader's browser does."""

import time

from guides.models import ReplyFormPage
from guides.spam import started_token


def reply_data(form_page=None, **overrides):
    """A valid reply to the default fields of ``form_page`` (the site's main reply form when
    not given), as if its form was shown a minute ago (past the minimum fill time)."""
    form_page = form_page or ReplyFormPage.objects.order_by("path").first()
    data = {
        "comment": "It helped my acne scars.\nThanks for the guide!",
        "name": "Sam Reader",
        "email": "sam@example.com",
        "website": "https://sam.example.org",
        "homepage_url": "",
        "form_started": started_token(form_page.pk, now=time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
