"""The whole site under load: gunicorn with 2 workers on PostgreSQL, every kind of page.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/site_load \\
        .venv/bin/python -m tests.benchmarks.site_load [--guides 1000 | --large] [--seconds 5] \\
        [--rounds 3] [--connections 4] [--replies 2000] [--json FILE] \\
        [--compare-bakerydemo PATH] [--only "guide uncached|home"]

Creates the database if needed, migrates it, loads the demo and adds generated guides up to
``--guides`` (each with topics, five benefits and an intro; ``--large``: 5,000), collects the static files, then
starts gunicorn (``gunicorn.conf.py``, 2 workers) with production settings served over plain
http (``tests/benchmarks/settings.py``). It then measures, in interleaved rounds so that any
background load falls on every page alike:

- the floor: a view that does nothing, through the same middleware (``/_floor/``);
- the demo guide uncached: each request carries a new ``?nocache=<n>`` (the page cache never
  keeps an address with a query string, and the guide ignores it: the harness checks that
  the page is the same but for per-request tokens), so every request renders the page, its
  fragments (the article, related guides, the empty reply form: home/fragments.py) from the
  cache as on any page the page cache does not hold;
- the demo guide with no fragments kept: the same, from a second gunicorn (port 8767) whose
  ``FRAGMENT_CACHE_SECONDS`` is 0, so that the whole page is rendered each time (what the
  first reader after a change of the site costs);
- the demo guide cached: its plain address, requested once beforehand to fill the cache;
- a generated guide (uncached, as above), the guide index, its second page, the home page,
  and search for a common and a rare word: made again (its results kept, search/results.py)
  and new each time (a page number that is none, read as page 1, so nothing kept is used);
- with ``--compare-bakerydemo PATH``, the official Wagtail demo's blog article, served by its
  own gunicorn beside ours (``tests/benchmarks/bakerydemo.py``);

each with ``--connections`` client processes on keep-alive connections for ``--seconds``. It
prints requests per second, p50 and p99 latency, bytes per response, queries per request
(counted in-process with the same settings) and each page's throughput as a share of the
floor's (and the uncached guide's throughput over the demo article's), as a table and as JSON. Last, ``--replies`` replies are posted to the demo guide
(tests/benchmarks/reply_load.py) and checked: each stored exactly once.

Figures, never assertions: run it on a quiet machine and compare runs of the same machine.
"""

import argparse
import http.client
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.benchmarks import answers
from tests.benchmarks.bakerydemo import PORT as BAKERYDEMO_PORT
from tests.benchmarks.bakerydemo import Bakerydemo
from tests.benchmarks.reply_load import (
    DEMO_GUIDE_PATH,
    check_stored,
    database_url_or_exit,
    post_replies,
    summarise,
)

ROOT = Path(__file__).resolve().parents[2]
PORT = 8765
# The same site with no fragments kept (FRAGMENT_CACHE_SECONDS=0): the guide rendered whole.
NO_FRAGMENTS_PORT = 8767
NO_FRAGMENTS_ROW = "guide, no fragments kept"
COMMON_WORD, RARE_WORD = "skin", "zinnwaldite"
LARGE = 5000
BAKERYDEMO_ROW = "bakerydemo blog article"
NOCACHE = "nocache="  # a query string the page cache never keeps; pages ignore it
UNIQUE = "{n}"  # replaced by a new value at each request


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        # The page cache production settings require (a Redis database of its own).
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2"),
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REPLIES_FLOOD_LIMITS": "1:1000000",
        "REPLIES_MIN_FILL_SECONDS": "0",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args, **kwargs):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


FILL = """
import random
from datetime import date, timedelta
from django.conf import settings
from django.test.utils import override_settings
from taggit.models import Tag
from guides.models import GuideIndexPage, GuidePage, GuidePageTopic
# update_index runs afterwards: no indexing at each save.
override_settings(WAGTAILSEARCH_BACKENDS={{
    name: {{**backend, "AUTO_UPDATE": False}} for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
}}).enable()
wanted = {count}
index = GuideIndexPage.objects.first()
have = GuidePage.objects.count()
rng = random.Random(1)
topics = ["Acne", "Ageing", "Hydration", "Peels", "Scars", "Sun care", "Sensitive skin", "Routines"]
tags = [Tag.objects.get_or_create(name=name, defaults={{"slug": name.lower().replace(" ", "-")}})[0] for name in topics]
words = "calm barrier cleanse serum retinoid niacinamide collagen texture tone redness oil".split()
start = GuidePage.objects.filter(slug__startswith="generated-guide-").count()
for n in range(start, start + max(0, wanted - have)):
    body = [
        {{"type": "benefit", "value": {{"heading": f"{{rng.choice(words).title()}} benefit {{b}}",
          "body": "<p>" + " ".join(rng.choice(words) for _ in range(60)) + " skin.</p>"}}}}
        for b in range(5)
    ]
    guide = GuidePage(
        title=f"Generated guide {{n}}: {{rng.choice(words)}} and {{rng.choice(words)}}",
        slug=f"generated-guide-{{n}}", intro="<p>" + " ".join(rng.choice(words) for _ in range(30)) + "</p>",
        author_name="Bench Writer", published_date=date(2026, 1, 1) - timedelta(days=n), body=body,
    )
    index.add_child(instance=guide)
    GuidePageTopic.objects.bulk_create(
        GuidePageTopic(content_object=guide, tag=tag) for tag in rng.sample(tags, 2)
    )
GuidePage.objects.filter(slug="generated-guide-0").update(title="Generated guide 0: zinnwaldite")
print(GuidePage.objects.count(), "guides")
"""


def prepare(env, guides):
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo_content", stdout=subprocess.DEVNULL)
    manage(env, "shell", "--no-imports", "-c", FILL.format(count=guides))
    manage(env, "update_index", stdout=subprocess.DEVNULL)
    manage(env, "collectstatic", "--no-input", "-v0")
    # Fresh statistics, as autovacuum keeps them on a running site: without them PostgreSQL
    # plans for the empty tables it last saw (search at 1,000 guides took seconds).
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def start_gunicorn(env, port=PORT, **settings):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "site_project.wsgi"],
        cwd=ROOT,
        env={
            **env,
            **settings,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            # No worker restarts (production's max_requests): a restart costs a second or
            # more of CPU, which would fall on whichever row runs then.
            "GUNICORN_CMD_ARGS": "--access-logfile /dev/null --max-requests 0",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if answers(f"http://127.0.0.1:{port}/_floor/"):
        return server
    server.terminate()
    sys.exit(f"gunicorn did not answer on port {port}'s /_floor/")


def hammer(args):
    """One client process: GET ``path`` on port ``port`` on a keep-alive connection until
    ``seconds`` pass; ``UNIQUE`` in the path is a new value at each request.
    Returns the latencies (s), the bytes of the last response and the non-200 count."""
    port, path, seconds, client_number = args
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, size, failures = [], 0, 0
    numbers = (f"{client_number}-{time.time_ns()}-{n}" for n in itertools.count())
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        url = path.replace(UNIQUE, next(numbers))
        started = time.perf_counter()
        try:
            connection.request("GET", url, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
        except (ConnectionError, http.client.HTTPException):
            # A worker restarting (gunicorn's max_requests) drops its connection: again on a
            # new one, the time lost counted in this request's latency.
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", url, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        size = len(body)
        failures += response.status != 200
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()
    return latencies, size, failures


def count_queries(paths, **settings):
    """Queries each path costs, warm, counted in this process with the same settings (but
    for those given)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client, counts = Client(HTTP_HOST="127.0.0.1"), {}
    with override_settings(**settings):
        for name, path in paths.items():
            client.get(path.replace(UNIQUE, "warm"))
            with CaptureQueriesContext(connection) as queries:
                client.get(path.replace(UNIQUE, "count"))
            counts[name] = len(queries)
    return counts


def without_tokens(html):
    """A page's HTML without what differs from one request to the next (form tokens)."""
    return re.sub(rb'value="[^"]*"', b"", html)


def check_nocache_renders_the_page(path):
    """The uncached rows measure the very page visitors get: with ``?nocache=`` the guide is
    the same HTML but for its per-request tokens."""
    plain = requests.get(f"http://127.0.0.1:{PORT}{path}", timeout=30)
    uncached = requests.get(f"http://127.0.0.1:{PORT}{path}?{NOCACHE}check", timeout=30)
    if plain.status_code != 200 or without_tokens(plain.content) != without_tokens(
        uncached.content
    ):
        sys.exit(f"{path}?{NOCACHE}… is not the same page as {path}: the figures would mislead")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guides", type=int, default=1000)
    parser.add_argument("--large", action="store_true", help=f"{LARGE:,} guides")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--only", help="measure only these rows (names separated by '|'; the floor always)"
    )
    parser.add_argument(
        "--compare-bakerydemo",
        metavar="PATH",
        help="a checkout of wagtail/bakerydemo: measure its blog article in the same rounds",
    )
    options = parser.parse_args()
    if options.large:
        options.guides = LARGE

    database_url = database_url_or_exit()
    env = environment(database_url)
    os.environ.update({k: v for k, v in env.items() if k not in ("PYTHONPATH",)})
    print(f"Preparing {options.guides} guides on {urlsplit(database_url).path[1:]} …", flush=True)
    prepare(env, options.guides)
    bakerydemo = None
    if options.compare_bakerydemo:
        bakerydemo = Bakerydemo(options.compare_bakerydemo, database_url)
        bakerydemo.prepare()

    paths = {
        "floor": "/_floor/",
        "guide uncached": f"{DEMO_GUIDE_PATH}?{NOCACHE}{UNIQUE}",
        "guide cached": DEMO_GUIDE_PATH,
        "generated guide uncached": f"/guides/generated-guide-1/?{NOCACHE}{UNIQUE}",
        "guide index": "/guides/",
        "index page 2": "/guides/?page=2",
        "home": "/",
        f"search common ({COMMON_WORD})": f"/search/?q={COMMON_WORD}",
        f"search rare ({RARE_WORD})": f"/search/?q={RARE_WORD}",
        # A page number that is none (read as page 1) and new each time: the results kept
        # for a search made before (search/results.py) are not used.
        f"search common, new ({COMMON_WORD})": f"/search/?q={COMMON_WORD}&page=1-{UNIQUE}",
        f"search rare, new ({RARE_WORD})": f"/search/?q={RARE_WORD}&page=1-{UNIQUE}",
    }
    if options.only:
        wanted = {"floor", *(name.strip() for name in options.only.split("|"))}
        paths = {name: path for name, path in paths.items() if name in wanted}
    queries = count_queries(paths)
    targets = {name: (PORT, path) for name, path in paths.items()}
    if not options.only or NO_FRAGMENTS_ROW in options.only:
        targets[NO_FRAGMENTS_ROW] = (NO_FRAGMENTS_PORT, f"{DEMO_GUIDE_PATH}?{NOCACHE}{UNIQUE}")
        queries.update(
            count_queries(
                {NO_FRAGMENTS_ROW: targets[NO_FRAGMENTS_ROW][1]}, FRAGMENT_CACHE_SECONDS=0
            )
        )
    if bakerydemo:
        targets[BAKERYDEMO_ROW] = (BAKERYDEMO_PORT, bakerydemo.article_path)
        queries[BAKERYDEMO_ROW] = bakerydemo.queries
    server = start_gunicorn(env)
    servers = [server]
    samples = {name: ([], 0, 0, 0.0) for name in targets}
    try:
        if NO_FRAGMENTS_ROW in targets:
            servers.append(start_gunicorn(env, NO_FRAGMENTS_PORT, FRAGMENT_CACHE_SECONDS="0"))
        if bakerydemo:
            bakerydemo.start()
        check_nocache_renders_the_page(DEMO_GUIDE_PATH)
        requests.get(f"http://127.0.0.1:{PORT}{DEMO_GUIDE_PATH}", timeout=30)  # fills the cache
        with Pool(options.connections) as pool:
            for round_number in range(options.rounds):
                print(f"Round {round_number + 1} of {options.rounds} …", flush=True)
                for name, (port, path) in targets.items():
                    started = time.perf_counter()
                    results = pool.map(
                        hammer,
                        [(port, path, options.seconds, n) for n in range(options.connections)],
                    )
                    elapsed = time.perf_counter() - started
                    latencies, size, failures, seconds = samples[name]
                    for result_latencies, result_size, result_failures in results:
                        latencies.extend(result_latencies)
                        size, failures = result_size, failures + result_failures
                    samples[name] = (latencies, size, failures, seconds + elapsed)
        reply_figures = None
        if options.replies:
            run_id, replies, seconds = post_replies(
                f"http://127.0.0.1:{PORT}{DEMO_GUIDE_PATH}",
                options.replies,
                options.connections,
                min_fill_seconds=0,
            )
            from guides.models import Reply

            stored = Reply.objects.filter(comment__startswith=f"Load test {run_id} ")
            problems = check_stored(replies, stored.values_list("comment", flat=True))
            reply_figures = {**summarise(replies, seconds), "problems": problems}
    finally:
        for each in servers:
            each.terminate()
            each.wait(timeout=30)
        if bakerydemo:
            bakerydemo.stop()

    figures = {}
    for name, (latencies, size, failures, seconds) in samples.items():
        quantiles = statistics.quantiles(sorted(latencies), n=100)
        figures[name] = {
            "requests_per_second": round(len(latencies) / seconds, 1),
            "p50_ms": round(quantiles[49] * 1000, 2),
            "p99_ms": round(quantiles[98] * 1000, 2),
            "bytes": size,
            "queries": queries[name],
            "non_200": failures,
        }
    floor = figures["floor"]["requests_per_second"]
    for row in figures.values():
        row["share_of_floor"] = round(row["requests_per_second"] / floor, 3)
    versus_bakerydemo = None
    if BAKERYDEMO_ROW in figures and "guide uncached" in figures:
        versus_bakerydemo = round(
            figures["guide uncached"]["requests_per_second"]
            / figures[BAKERYDEMO_ROW]["requests_per_second"],
            2,
        )

    print(
        f"\n{options.guides} guides, {options.connections} connections, "
        f"{options.rounds} rounds of {options.seconds:g} s, gunicorn with 2 workers\n"
    )
    print(
        f"{'page':<32}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>9}{'queries':>9}{'/floor':>8}"
    )
    for name, row in figures.items():
        print(
            f"{name:<32}{row['requests_per_second']:>9}{row['p50_ms']:>9}{row['p99_ms']:>9}"
            f"{row['bytes']:>9}{row['queries']:>9}{row['share_of_floor']:>8}"
            + (f"  ({row['non_200']} not 200)" if row["non_200"] else "")
        )
    if versus_bakerydemo is not None:
        print(f"\nuncached guide / bakerydemo's blog article (requests/s): {versus_bakerydemo}×")
    if reply_figures:
        print(
            f"\nreplies: {reply_figures['succeeded']} of {reply_figures['replies']} accepted, "
            f"{reply_figures['per_second']:.0f}/s, p50 {reply_figures['p50_ms']:.0f} ms, "
            f"p99 {reply_figures['p99_ms']:.0f} ms; "
            + (
                "each stored once"
                if not reply_figures["problems"]
                else "; ".join(reply_figures["problems"])
            )
        )
    result = {
        "guides": options.guides,
        "connections": options.connections,
        "pages": figures,
        "guide_uncached_over_bakerydemo": versus_bakerydemo,
        "replies": reply_figures,
    }
    print("\n" + json.dumps(result, indent=2))
    if options.json:
        Path(options.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
