"""Helpers for posting replies as a reader's browser does."""

import time

from guides.spam import started_token


def reply_data(**overrides):
    """A valid reply to the default form, shown a minute ago (past the minimum fill time)."""
    data = {
        "comment": "It helped my acne scars.\nThanks for the guide!",
        "name": "Sam Reader",
        "email": "sam@example.com",
        "website": "https://sam.example.org",
        "homepage_url": "",
        "form_started": started_token(now=time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
