"""The query plans of the listing and search pages, on the database ``site_load.py`` filled.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/site_load \\
        .venv/bin/python -m tests.benchmarks.query_plans [--verbose] [PATH ...]

Requests each page once to warm it, then again while capturing its SQL, and runs
``EXPLAIN (ANALYZE, BUFFERS)`` on every query: it prints each query's execution time, whether
its plan scans a whole table (``Seq Scan``) and which indexes it uses; ``--verbose`` prints
the plans. Run ``site_load.py --large`` first for 5,000 guides.
"""

import argparse
import os
import re
import sys

from tests.benchmarks.reply_load import database_url_or_exit

PAGES = ["/", "/guides/", "/guides/?topic=peels", "/search/?q=skin", "/search/?q=zinnwaldite"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=PAGES)
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    database_url_or_exit()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from guides.models import GuidePage

    print(f"{GuidePage.objects.live().count()} live guides\n")
    client = Client(HTTP_HOST="127.0.0.1")
    for path in options.paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        print(f"{path} ({status}): {len(captured)} queries")
        total = 0.0
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            total += ms
            scans = re.findall(
                r"(?:Index Scan|Index Only Scan|Index Scan Backward) using (\S+)"
                r"|Bitmap Index Scan on (\S+)",
                plan,
            )
            indexes = sorted({by_scan or by_bitmap for by_scan, by_bitmap in scans})
            seq = sorted(set(re.findall(r"Seq Scan on (\S+)", plan)))
            print(
                f"  {ms:8.2f} ms  {sql[:90]}…\n"
                f"{'':14}indexes: {', '.join(indexes) or '-'}; whole tables: {', '.join(seq) or '-'}"
            )
            if options.verbose:
                print("\n".join(" " * 14 + line for line in plan.splitlines()))
        print(f"  {total:8.2f} ms in all\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
