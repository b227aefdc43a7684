"""Work done outside the reader's request: the moderators' email about a new reply, and
the reader's email when the team answers their reply.

With the database backend (production) a worker sends them (``manage.py db_worker``), so a
slow or hanging mail server never holds a reader's post or a moderator's save; in
development and tests they run at once (``settings.TASKS``).
"""

import logging
from urllib.parse import urljoin

from django.apps import apps
from django.core import signing
from django.urls import reverse

from wagtail.admin.mail import send_mail

from django_tasks import task

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "guides.reply.unsubscribe"


def unsubscribe_token(reply_id):
    """A token for the link that stops answer emails about reply ``reply_id`` (no login)."""
    return signing.dumps(reply_id, salt=UNSUBSCRIBE_SALT)


def reply_id_from_token(token):
    """The reply a token was made for, or None when it is forged or damaged."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


@task()
def send_reply_notification(reply_id, subject, body, addresses, from_address):
    """Email ``addresses`` about reply ``reply_id``. A failure is logged; the reply is kept."""
    try:
        send_mail(subject, body, addresses, from_address)
    except Exception:
        logger.exception("Reply %s was saved but its notification email failed", reply_id)
        raise


@task()
def send_answer_notification(reply_id):
    """Tell the reader of reply ``reply_id`` that it was answered, if it still is and they
    still want to know. Only the reader's own address receives it."""
    Reply = apps.get_model("guides", "Reply")
    reply = Reply.objects.filter(pk=reply_id).select_related("guide", "page").first()
    if reply is None or not (reply.notify_on_answer and reply.answer and reply.author_email):
        return
    page = (reply.guide or reply.page).specific
    page_url = page.get_full_url() or ""
    unsubscribe = urljoin(
        page_url, reverse("reply_unsubscribe", args=[unsubscribe_token(reply_id)])
    )
    body = "\n".join(
        [
            f"Hello {reply.author_name or 'there'},",
            "",
            f"The team answered your reply on “{page.title}”. Read the answer here:",
            f"{page_url}#reply-{reply.pk}",
            "",
            "You asked for this one email when you sent your reply. To get no more emails "
            "about this reply, open:",
            unsubscribe,
        ]
    )
    try:
        send_mail(f"Your reply on “{page.title}” has an answer", body, [reply.author_email])
    except Exception:
        logger.exception("The answer email for reply %s failed", reply_id)
        raise
