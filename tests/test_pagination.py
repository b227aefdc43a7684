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


class CountedTogether:
    """Items that give a slice and their count in one go, like search results
    (search/ranking.py): each call recorded."""

    def __init__(self, items):
        self.items, self.calls = items, []

    def slice_and_count(self, start, stop):
        self.calls.append((start, stop))
        found = self.items[start:stop]
        return found, (len(self.items) if found else None)

    def count(self):
        self.calls.append("count")
        return len(self.items)

    def __getitem__(self, index):
        self.calls.append(index)
        return self.items[index]


@pytest.mark.parametrize(
    ("number", "expected", "calls"),
    [
        ("2", 2, [(10, 20)]),  # one call: the page and the count
        ("abc", 1, [(0, 10)]),
        ("99", 3, [(980, 990), "count", slice(20, 25)]),  # past the end: asked again
        ("9" * 400, 3, ["count", slice(20, 25)]),  # never an offset no database takes
    ],
)
def test_items_counted_with_their_slice_are_asked_once(number, expected, calls):
    items = CountedTogether(ITEMS)
    page = nearest_page(items, 10, number)
    assert (page.number, list(page), page.paginator.num_pages) == (
        expected,
        ITEMS[(expected - 1) * 10 : expected * 10],
        3,
    )
    assert items.calls == calls
