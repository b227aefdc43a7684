"""Fault test: readers keep posting replies while PostgreSQL drops their connections.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/replies_load \\
        .venv/bin/python -m tests.benchmarks.reply_faults [--replies 1500] [--threads 8]

Serves the demo site as tests/benchmarks/reply_load.py does, posts replies from many
threads and, a second into the posting, restarts the PostgreSQL server once
(``pg_ctlcluster … restart``; run it on a machine of your own). Then counts what readers
got: every reply answered with the thank-you redirect must be stored exactly once, every
other answer must be a page showing the reader's text, and no answer may show a
traceback. The short version in the suite (tests/test_reply_fault_live.py) terminates the
server's connections instead of restarting it.
"""

import argparse
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg

from tests.benchmarks.reply_load import (
    database_url_or_exit,
    demo_site,
    post_replies,
    stored_comments,
)


def terminate_connections(database_url):
    """End every other connection to the database, as a failover or a crash would."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def restart_postgresql():
    """Restart the machine's PostgreSQL cluster (its version found in /etc/postgresql)."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],  # noqa: S607
        check=True,
    )
    return time.perf_counter() - started


def check_faults(results, stored):
    """What readers got, and a list of broken promises (empty when all is well)."""
    counts = Counter(stored)
    problems = []
    thanked = [r for r in results if r.status == 302]
    for r in thanked:
        if counts[r.comment] != 1:
            problems.append(f"thanked but stored {counts[r.comment]} times: {r.comment}")
    others = [r for r in results if r.status != 302]
    lost_text = [r for r in others if not r.kept_text]
    if lost_text:
        statuses = sorted(Counter(r.status for r in lost_text).items())
        problems.append(f"{len(lost_text)} answers without the reader's text: {statuses}")
    tracebacks = [r for r in results if r.traceback]
    if tracebacks:
        problems.append(f"{len(tracebacks)} answers showed a traceback")
    figures = {
        "posts": len(results),
        "thanked": len(thanked),
        "kept_text": len(others) - len(lost_text),
        "statuses": dict(sorted(Counter(r.status for r in results).items())),
        "stored": len(stored),
        # Stored although the reader was told it was not (both tries failed after the commit):
        # sending it again finds it and thanks them.
        "stored_without_thanks": len({r.comment for r in others} & set(counts)),
    }
    return figures, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=1500)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--after", type=float, default=1.0, help="seconds before the restart")
    args = parser.parse_args()

    database_url_or_exit()
    restart = {}

    def restart_once():
        time.sleep(args.after + 3.2)  # post_replies waits the 3-second fill time first
        restart["seconds"] = restart_postgresql()

    with demo_site(args.port) as (page_url, env):
        restarter = threading.Thread(target=restart_once)
        restarter.start()
        run_id, results, seconds = post_replies(
            page_url, args.replies, args.threads, min_fill_seconds=3
        )
        restarter.join()
    figures, problems = check_faults(results, stored_comments(env, run_id))
    print(f"PostgreSQL restarted once ({restart.get('seconds', 0):.1f} s) during the run.")
    print(f"{figures} in {seconds:.1f} s")
    if problems:
        print("PROBLEMS:\n" + "\n".join(problems[:20]))
        sys.exit(1)
    print("Every thanked reply is stored once; every other answer kept the reader's text.")


if __name__ == "__main__":
    main()
