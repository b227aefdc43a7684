"""How long a reader's post takes when the mail server accepts connections and never answers.

    .venv/bin/python -m tests.benchmarks.mail_hang

Starts such a "mail server" on 127.0.0.1, then posts a reply through Django's test client on a
throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) twice: with the
production task queue (the email waits for `manage.py db_worker`) and with tasks run at once
inside the request (as in development), where only EMAIL_TIMEOUT ends the wait.
"""

import os
import socket
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.test")
django.setup()

from django.test import Client, override_settings  # noqa: E402

from tests.benchmarks import throwaway_database  # noqa: E402


def silent_mail_server():
    """A socket that accepts connections and never says a word; returns its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []

    def accept():
        while True:
            conn, _ = server.accept()
            held.append(conn)  # keep it open, say nothing

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def timed_post(client, url, data):
    started = time.perf_counter()
    response = client.post(url, data)
    return response.status_code, time.perf_counter() - started


def main():
    with throwaway_database():
        from tests.factories import (
            GuideIndexPageFactory,
            GuidePageFactory,
            ReplyFormPageFactory,
            site_root,
        )
        from tests.replying import reply_data

        home = site_root()
        ReplyFormPageFactory(parent=home)
        guide = GuidePageFactory(parent=GuideIndexPageFactory(parent=home))
        port = silent_mail_server()
        mail = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_TIMEOUT": 10,
            "REPLIES_FLOOD_LIMITS": [],
        }
        runs = {
            "task queue (production)": {"BACKEND": "django_tasks_db.DatabaseBackend"},
            "tasks run in the request": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
            },
        }
        print(f"mail server on 127.0.0.1:{port} accepts and never answers; EMAIL_TIMEOUT 10 s")
        for n, (name, backend) in enumerate(runs.items()):
            with override_settings(TASKS={"default": backend}, **mail):
                status, seconds = timed_post(
                    Client(), guide.url, reply_data(comment=f"Hanging mail test {n}")
                )
            print(f"{name:>26}: answered {status} in {seconds:.2f} s")


if __name__ == "__main__":
    main()
