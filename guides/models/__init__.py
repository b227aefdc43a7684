"""The guides app's models: the pages readers see (``pages``), their replies (``replies``) and
medical review reminders (``review``)."""

from .pages import GuideIndexPage, GuidePage, GuidePageTopic
from .replies import Reply, ReplyFormField, ReplyFormPage, ReplySettings, TakesReplies
from .review import ReviewReminder

__all__ = [
    "GuideIndexPage",
    "GuidePage",
    "GuidePageTopic",
    "Reply",
    "ReplyFormField",
    "ReplyFormPage",
    "ReplySettings",
    "ReviewReminder",
    "TakesReplies",
]
