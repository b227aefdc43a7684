"""The guides app's models: the pages readers see (``pages``) and their replies (``replies``)."""

from .pages import GuideIndexPage, GuidePage, GuidePageTopic
from .replies import Reply, ReplyFormField, ReplyFormPage, ReplySettings, TakesReplies

__all__ = [
    "GuideIndexPage",
    "GuidePage",
    "GuidePageTopic",
    "Reply",
    "ReplyFormField",
    "ReplyFormPage",
    "ReplySettings",
    "TakesReplies",
]
