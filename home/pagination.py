"""Pagination that never errors on a visitor's ?page=."""

from django.core.paginator import Page, Paginator

# Past this, a page is surely past the end, and too far for a database's OFFSET.
MAX_OFFSET = 2**31


def nearest_page(items, per_page, number, count=None):
    """The page ``number`` of ``items``, or the nearest valid page.

    Not a whole number → page 1; below 1 → page 1; past the end → the last page.
    (Django's ``get_page`` sends 0 and negatives to the last page.) Render it with
    ``{% include "includes/pagination.html" with page_obj=… label=… %}``.

    ``count``, when the caller knows how many items there are (kept), saves asking; a
    queryset's page is then read only when it is shown. Items that can give a slice and how
    many there are in one go (``slice_and_count(start, stop)``, returning ``(items, None)``
    past the end: search results, whose count costs as much as their ranking) are asked that
    way first; a page past the end asks again.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    if count is None and hasattr(items, "slice_and_count") and start < MAX_OFFSET:
        found, count = items.slice_and_count(start, start + per_page)
        if count is not None:
            paginator.count = count  # known: Paginator asks for no count
            return Page(found, number, paginator)
    return paginator.page(min(number, paginator.num_pages))
