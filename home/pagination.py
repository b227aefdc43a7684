"""Pagination that never errors on a visitor's ?page=."""

from django.core.paginator import Paginator


def nearest_page(items, per_page, number):
    """The page ``number`` of ``items``, or the nearest valid page.

    Not a whole number → page 1; below 1 → page 1; past the end → the last page.
    (Django's ``get_page`` sends 0 and negatives to the last page.) Render it with
    ``{% include "includes/pagination.html" with page_obj=… label=… %}``.
    """
    paginator = Paginator(items, per_page)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
