"""The guides app's models: the pages readers see (``pages``), their replies (``replies``),
the people who answer them (``people``) and medical review reminders (``review``)."""

from .pages import GuideIndexPage, GuidePage, GuidePageTopic
from .people import PeoplePage, Person
from .replies import Reply, ReplyFormField, ReplyFormPage, ReplySettings, TakesReplies
from .review import ReviewReminder

__all__ = [
    "GuideIndexPage",
    "GuidePage",
    "GuidePageTopic",
    "PeoplePage",
    "Person",
    "Reply",
    "ReplyFormField",
    "ReplyFormPage",
    "ReplySettings",
    "ReviewReminder",
    "TakesReplies",
]
