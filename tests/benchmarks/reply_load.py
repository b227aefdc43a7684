"""Load test: many readers posting replies at once to a real server on PostgreSQL.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/replies_load \\
        .venv/bin/python -m tests.benchmarks.reply_load [--replies 2000] [--threads 8]

Creates the database if needed, migrates it, loads the demo content, starts
``manage.py runserver`` on 127.0.0.1 with the flood limit raised (through the
REPLIES_FLOOD_LIMITS setting) and posts replies to the microneedling guide as
browsers do: each thread GETs the page and the form's tokens (CSRF cookie and
token, fill-time token) from the token endpoint, waits the minimum fill time,
then posts its share on one keep-alive connection with ``http.client`` (``requests``
took about four times the CPU per post, on the cores the server needs). Afterwards it checks the database:
every reply answered with success is stored exactly once, none is lost, and
no response was a 5xx. Prints replies per second and p50/p99 latency.

``post_replies`` and ``check_stored`` are shared with the short version that
runs in the test suite (tests/test_reply_load.py).
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
TOKEN_URL = re.compile(r'data-reply-tokens="([^"]+)"')


@dataclass
class Result:
    comment: str
    status: int
    seconds: float
    kept_text: bool = False  # a page other than the thank-you redirect showed the comment
    traceback: bool = False  # the answer showed a Python traceback


def browser_session(page_url):
    """A session that has loaded the page and, as static/js/reply-form.js does, the form's
    tokens from the token endpoint: its CSRF cookie and the form's hidden tokens."""
    session = requests.Session()
    response = session.get(page_url, timeout=30)
    response.raise_for_status()
    found = TOKEN_URL.search(response.text)
    if found is None:
        section = response.text.find('id="leave-a-reply"')
        sys.exit(
            f"{page_url} ({response.status_code}) shows no reply form that fetches its tokens; "
            f"its reply section: {response.text[section : section + 3000] if section >= 0 else 'none'}"
        )
    token_path = found.group(1)
    tokens = session.get(urljoin(page_url, token_path), timeout=30)
    tokens.raise_for_status()
    return session, {
        "csrfmiddlewaretoken": tokens.json()["csrf"],
        "form_started": tokens.json()["started"],
    }


def post_replies(page_url, total, threads, min_fill_seconds, run_id=None):
    """Post ``total`` distinct replies from ``threads`` threads.

    Returns the run id (the start of every comment), one Result per reply and the seconds
    the posting took (not the page loads and the wait before it).
    """
    run_id = run_id or uuid.uuid4().hex[:8]
    address = urlsplit(page_url)
    sessions = [browser_session(page_url) for _ in range(threads)]
    time.sleep(min_fill_seconds + 0.2)  # a person takes at least this long to write
    results, lock = [], threading.Lock()

    def worker(index):
        session, tokens = sessions[index]
        # Posted with http.client, whose cost per request is a fraction of requests' (the
        # client shares the machine's cores with the server it measures).
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)
        headers = {
            "Host": address.netloc,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookies,
            "Referer": page_url,
        }
        connection = None
        for n in range(index, total, threads):
            comment = f"Load test {run_id} reply {n}: microneedling worked for me."
            body = urlencode(
                {
                    **tokens,
                    "comment": comment,
                    "name": f"Load reader {n}",
                    "email": f"load-{run_id}-{n}@example.com",
                    "website": "",
                    "homepage_url": "",
                }
            )
            started = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(
                    address.hostname, address.port, timeout=60
                )
                connection.request("POST", address.path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode(errors="replace")
                result = Result(
                    comment,
                    response.status,
                    time.perf_counter() - started,
                    kept_text=response.status != 302 and comment in text,
                    traceback="Traceback" in text,
                )
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                result = Result(comment, 0, time.perf_counter() - started)  # no answer at all
                if connection is not None:
                    connection.close()
                connection = None
            with lock:
                results.append(result)
        if connection is not None:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    return run_id, results, time.perf_counter() - started


def check_stored(results, stored_comments):
    """Compare answers with the database. Returns a list of problems (empty when all is well)."""
    problems = []
    succeeded = [r.comment for r in results if r.status == 302]
    counts = {}
    for comment in stored_comments:
        counts[comment] = counts.get(comment, 0) + 1
    for comment in succeeded:
        if counts.get(comment, 0) != 1:
            problems.append(f"stored {counts.get(comment, 0)} times, answered success: {comment}")
    errors = [r for r in results if r.status >= 500 or r.status == 0]
    if errors:
        problems.append(
            f"{len(errors)} server errors or no answer: {sorted({r.status for r in errors})}"
        )
    extra = set(counts) - set(succeeded)
    if extra:
        problems.append(f"{len(extra)} stored without a success answer")
    return problems


def summarise(results, seconds):
    latencies = sorted(r.seconds for r in results)
    ok = sum(r.status == 302 for r in results)
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "replies": len(results),
        "succeeded": ok,
        "statuses": {
            s: sum(r.status == s for r in results) for s in sorted({r.status for r in results})
        },
        "per_second": ok / seconds,
        "p50_ms": quantiles[49] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "seconds": seconds,
    }


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


DEMO_GUIDE_PATH = "/guides/a-beginners-guide-to-micro-needling-for-healthier-skin/"


def database_url_or_exit():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgresql://postgres@127.0.0.1:5432/replies_load"
        )
    ensure_database(url)
    return url


@contextmanager
def demo_site(port):
    """Migrate, load the demo and serve it with runserver on 127.0.0.1:``port``, the flood
    limit raised; yields the demo guide's URL and the environment used."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_project.settings.dev",
        "REPLIES_FLOOD_LIMITS": "1:1000000",  # raised for the load test only
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "load_demo_content"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page_url = f"http://127.0.0.1:{port}{DEMO_GUIDE_PATH}"
        for _ in range(100):
            try:
                requests.get(page_url, timeout=2).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield page_url, env
    finally:
        server.terminate()
        server.wait()


def stored_comments(env, run_id):
    """The comments stored by run ``run_id``, read through the site's own models."""
    os.environ.update(env)
    import django

    django.setup()
    from guides.models import Reply

    return list(
        Reply.objects.filter(comment__startswith=f"Load test {run_id} ").values_list(
            "comment", flat=True
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    database_url_or_exit()
    with demo_site(args.port) as (page_url, env):
        run_id, results, seconds = post_replies(
            page_url, args.replies, args.threads, min_fill_seconds=3
        )
    stored = stored_comments(env, run_id)
    problems = check_stored(results, stored)
    figures = summarise(results, seconds)
    print(
        f"{figures['replies']} replies from {args.threads} threads in {figures['seconds']:.1f} s: "
        f"{figures['per_second']:.0f} replies/s, p50 {figures['p50_ms']:.0f} ms, "
        f"p99 {figures['p99_ms']:.0f} ms; answers {figures['statuses']}; stored {len(stored)}"
    )
    if problems:
        print("PROBLEMS:\n" + "\n".join(problems[:20]))
        sys.exit(1)
    print("Every reply answered with success is stored exactly once; none lost; no 5xx.")


if __name__ == "__main__":
    main()
