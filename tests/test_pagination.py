"""The pagination helper forgives any ?page= a visitor types."""

import pytest

from home.pagination import nearest_page

ITEMS = list(range(25))  # 3 pages of 10: 10, 10, 5


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1", 1),
        ("2", 2),
        ("3", 3),
        (None, 1),  # no ?page=
        ("", 1),
        ("0", 1),  # Django's get_page would give the last page
        ("-4", 1),
        ("99", 3),
        ("abc", 1),
        ("2.5", 1),
        ("\x00", 1),
        ("9" * 400, 3),
    ],
)
def test_any_page_number_gives_the_nearest_real_page(number, expected):
    page = nearest_page(ITEMS, 10, number)
    assert page.number == expected
    assert list(page) == ITEMS[(expected - 1) * 10 : expected * 10]


def test_no_items_is_one_empty_page():
    page = nearest_page([], 10, "5")
    assert (page.number, page.paginator.num_pages, list(page)) == (1, 1, [])
