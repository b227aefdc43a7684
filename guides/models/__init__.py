"""The guides app's models: the pages readers see (``pages``), their replies (``replies``)
and the people who answer them (``people``)."""

from .pages import GuideIndexPage, GuidePage, GuidePageTopic
from .people import Person
from .replies import Reply, ReplyFormField, ReplyFormPage, ReplySettings, TakesReplies

__all__ = [
    "GuideIndexPage",
    "GuidePage",
    "GuidePageTopic",
    "Person",
    "Reply",
    "ReplyFormField",
    "ReplyFormPage",
    "ReplySettings",
    "TakesReplies",
]
