"""Anti-abuse rules for replies: IP hashing, the flood limit, the fill-time token and the
spam rules editors set (Settings → Reply spam rules)."""

import functools
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


STARTED_SALT = "guides.reply-form-started"


def started_token(form_page_id, now=None):
    """A tamper-proof record of when the form of reply form page ``form_page_id`` was shown."""
    started = int(now if now is not None else time.time())
    return signing.dumps(started, salt=f"{STARTED_SALT}:{form_page_id}")


def seconds_since_started(token, form_page_id):
    """Seconds since ``token`` was issued for this form, or None when it is missing, forged,
    made for another form or older than ``REPLIES_FORM_MAX_AGE`` (a replayed token)."""
    try:
        started = signing.loads(token or "", salt=f"{STARTED_SALT}:{form_page_id}")
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    elapsed = time.time() - started
    return elapsed if elapsed <= settings.REPLIES_FORM_MAX_AGE else None


def ip_hash(ip):
    """A keyed hash of an IP address: the same address gives the same hash, never reversible."""
    return salted_hmac("replies.ip-hash", ip, algorithm="sha256").hexdigest() if ip else ""


def flood_counts(ip_digest, now):
    """What the flood limit counts, for one aggregate query with other checks: the rows to look
    at (the address's replies in the longest window of ``settings.REPLIES_FLOOD_LIMITS``, a list
    of (seconds, replies) pairs) and a count for each window. (None, {}) when there is no limit."""
    limits = settings.REPLIES_FLOOD_LIMITS
    if not ip_digest or not limits:
        return None, {}

    def window(seconds):
        return Q(ip_hash=ip_digest, submit_time__gte=now - timedelta(seconds=seconds))

    longest = max(seconds for seconds, _ in limits)
    return window(longest), {
        f"flood_{seconds}": Count("pk", filter=window(seconds)) for seconds, _ in limits
    }


def flood_wait(counts):
    """Seconds the sender must wait before replying again, or 0 when they may reply, given
    the counts that ``flood_counts`` asked for."""
    waits = [
        seconds
        for seconds, most in settings.REPLIES_FLOOD_LIMITS
        if counts.get(f"flood_{seconds}", 0) >= most
    ]
    return min(waits) if waits else 0


def count_links(*texts):
    return sum(len(LINK_PATTERN.findall(text)) for text in texts)


@functools.lru_cache(maxsize=8)
def disallowed_pattern(words_text):
    """One compiled pattern for the editors' list (one word or phrase a line): each as a whole
    word, any case, any run of spaces or line breaks between a phrase's words. Compiled once
    for each version of the list."""
    phrases = {" ".join(line.split()) for line in words_text.splitlines() if line.strip()}
    if not phrases:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def disallowed_word_in(words_text, *texts):
    """The first disallowed word or phrase of ``words_text`` found in ``texts``, or None."""
    pattern = disallowed_pattern(words_text)
    if pattern is None:
        return None
    for text in texts:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None
