"""Print how many queries and how long a guide page takes for 5, 40 and 200 blocks.

    DJANGO_SETTINGS_MODULE=site_project.settings.test .venv/bin/python -m tests.benchmarks.guide_render

Runs on a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is
set). Speed is reported, not asserted: tests assert query counts only.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tests.benchmarks import throwaway_database  # noqa: E402

ROUNDS = 20


def build_site():
    from tests.factories import (
        GuideIndexPageFactory,
        GuidePageFactory,
        benefits_body,
        site_root,
    )

    home = site_root()
    index = GuideIndexPageFactory(parent=home)
    return {
        count: GuidePageFactory(
            parent=index, body=benefits_body(*[f"Benefit number {n}" for n in range(count)])
        )
        for count in (5, 40, 200)
    }


def measure(client, url):
    if client.get(url).status_code != 200:
        raise SystemExit(f"{url} did not render")
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return len(queries), statistics.median(timings), max(timings)


def main():
    with throwaway_database():
        guides = build_site()
        client = Client()
        print(f"database: {connection.vendor}; {ROUNDS} renders each")
        print(f"{'blocks':>6} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        for count, guide in guides.items():
            queries, median, worst = measure(client, guide.url)
            print(f"{count:>6} {queries:>8} {median:>10.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
