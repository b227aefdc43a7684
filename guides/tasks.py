"""Work done outside the reader's request: the moderators' email about a new reply.

With the database backend (production) a worker sends it (``manage.py db_worker``), so a
slow or hanging mail server never holds a reader's post; in development and tests it
runs at once (``settings.TASKS``).
"""

import logging

from wagtail.admin.mail import send_mail

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_reply_notification(reply_id, subject, body, addresses, from_address):
    """Email ``addresses`` about reply ``reply_id``. A failure is logged; the reply is kept."""
    try:
        send_mail(subject, body, addresses, from_address)
    except Exception:
        logger.exception("Reply %s was saved but its notification email failed", reply_id)
        raise
