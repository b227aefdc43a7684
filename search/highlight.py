"""The words of a search, marked in the text a result shows.

Everything is escaped first: only the ``<mark>`` tags added here are markup. Search engines
stem words ("peels" finds "peel"), so a word is marked when it starts with a searched word
less a common English ending.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

ENDINGS = ("ing", "es", "ed", "s")
MAX_TERMS = 10
SNIPPET_WORDS = 32


def search_terms(query):
    """The words worth marking: letters or digits, two or more, at most ``MAX_TERMS``."""
    terms = []
    for word in re.findall(r"\w{2,}", query.lower()):
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word.removesuffix(ending)
                break
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _pattern(terms):
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text, terms):
    """``text`` escaped, with each word that starts with one of ``terms`` in ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[start : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        start = match.end()
    pieces.append(escape(text[start:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)


def snippet(text, terms, words=SNIPPET_WORDS):
    """About ``words`` words of ``text`` around the first searched word found, marked; the
    opening words when none is found."""
    all_words = text.split()
    pattern = _pattern(terms)
    first = 0
    if pattern is not None:
        first = next((i for i, word in enumerate(all_words) if pattern.search(word)), 0)
    start = max(0, min(first - words // 4, len(all_words) - words))
    chosen = " ".join(all_words[start : start + words])
    before = "… " if start > 0 else ""
    after = " …" if start + words < len(all_words) else ""
    return mark_safe(f"{before}{highlight(chosen, terms)}{after}")  # noqa: S308 (escaped)
