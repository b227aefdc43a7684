"""Anti-abuse rules for replies: IP hashing, the flood limit, the fill-time token and the
spam rules editors set (Settings → Reply spam rules)."""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


STARTED_SALT = "guides.reply-form-started"


def started_token(now=None):
    """A tamper-proof record of when the form was shown."""
    return signing.dumps(int(now if now is not None else time.time()), salt=STARTED_SALT)


def seconds_since_started(token):
    """Seconds since ``token`` was issued, or None when it is missing or forged."""
    try:
        started = signing.loads(token or "", salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    return time.time() - started if isinstance(started, int) else None


def client_ip(request):
    """The address the request came from (REMOTE_ADDR; see docs/replies.md behind a proxy)."""
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip):
    """A keyed hash of an IP address: the same address gives the same hash, never reversible."""
    return salted_hmac("replies.ip-hash", ip, algorithm="sha256").hexdigest() if ip else ""


def flood_wait(replies, ip_digest, now=None):
    """Seconds the sender must wait before replying again, or 0 when they may reply.

    ``settings.REPLIES_FLOOD_LIMITS`` is a list of (seconds, replies) pairs: at
    most that many replies from one address in that many seconds. One query.
    """
    limits = settings.REPLIES_FLOOD_LIMITS
    if not ip_digest or not limits:
        return 0
    now = now or timezone.now()
    counts = replies.filter(ip_hash=ip_digest).aggregate(
        **{
            f"w{seconds}": Count("pk", filter=Q(submit_time__gte=now - timedelta(seconds=seconds)))
            for seconds, _ in limits
        }
    )
    waits = [seconds for seconds, most in limits if counts[f"w{seconds}"] >= most]
    return min(waits) if waits else 0


def count_links(*texts):
    return sum(len(LINK_PATTERN.findall(text)) for text in texts)


def disallowed_word_in(words, *texts):
    """The first of ``words`` found in any of ``texts`` as a whole word, ignoring case."""
    for word in words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        if any(pattern.search(text) for text in texts):
            return word
    return None
