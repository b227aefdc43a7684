"""Two app servers behind one load balancer, as docs/deploy.md describes: two gunicorn
processes sharing one PostgreSQL database and one Redis page cache. A guide published
through one is served fresh by the other at once; replies posted to both alternately are
each stored exactly once."""

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

import pytest
import requests

from guides.models import GuidePage, Reply
from tests.factories import GuidePageFactory, ReplyFormPageFactory, StaffUserFactory, benefits_body

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
# The address readers use: the load balancer passes it on to whichever server answers.
SITE_HOST = "guides.example.org"
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]+)"')


def redis_or_skip():
    """The Redis database the servers share, emptied; skipped without Redis (CI has one)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_servers(count, database_url):
    """``count`` gunicorn servers (one worker each) on free ports; yields their base URLs."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "DJANGO_SECRET_KEY": "two-servers-test-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": SITE_HOST,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "REPLIES_FLOOD_LIMITS": "1:1000000",
        "REPLIES_MIN_FILL_SECONDS": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_CMD_ARGS": "--access-logfile /dev/null",
        "PYTHONPATH": str(ROOT),
    }
    servers, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            servers.append(
                subprocess.Popen(  # noqa: S603 (our own command)
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-c",
                        "gunicorn.conf.py",
                        "site_project.wsgi",
                    ],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            for _ in range(300):
                try:
                    requests.get(
                        f"{url}/healthz", headers={"Host": SITE_HOST}, timeout=2
                    ).raise_for_status()
                    break
                except requests.RequestException:
                    time.sleep(0.1)
            else:
                pytest.fail(f"gunicorn did not answer on {url}")
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def get(url):
    """A reader's GET through the load balancer, which sends it on to ``url``'s server."""
    return requests.get(url, headers={"Host": SITE_HOST}, timeout=10)


def browser():
    session = requests.Session()
    session.headers["Host"] = SITE_HOST
    return session


def reply_form(session, page_url):
    """The hidden fields of the reply form a browser gets: from the page itself, or (once
    pages carry no token) from the form's own uncached variant, ``?reply``."""
    fields = dict(HIDDEN.findall(session.get(page_url, timeout=10).text))
    if "csrfmiddlewaretoken" not in fields:
        fields = dict(HIDDEN.findall(session.get(f"{page_url}?reply", timeout=10).text))
    return fields


def signed_in(server, username):
    session = browser()
    login = f"{server}/admin/login/"
    session.get(login, timeout=10)
    response = session.post(
        login,
        {
            "username": username,
            "password": "pw",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login},
        timeout=10,
    )
    assert response.url.rstrip("/").endswith("/admin"), "the editor could not sign in"
    return session


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "postgresql", reason="servers share PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_servers_share_the_database_and_the_page_cache(home, guide_index, guide, settings):
    redis = redis_or_skip()
    closed = ReplyFormPageFactory(parent=home, title="Closed", slug="closed")
    closed.unpublish()
    # Replies closed on this one (its reply form is unpublished): its page carries no form.
    cached_guide = GuidePageFactory(
        parent=guide_index, title="Peels", body=benefits_body("Smoother"), chosen_reply_form=closed
    )
    cached_guide.save_revision().publish()
    # A password the servers can check (the test settings hash with MD5, production can't).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    StaffUserFactory(username="editor", groups=["Editors"])
    db = settings.DATABASES["default"]
    database_url = (
        f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )

    try:
        with app_servers(2, database_url) as (a, b):
            # B stores the guide; A answers from the same cache.
            assert get(b + cached_guide.url).headers["X-Cache"] == "miss"
            assert get(b + cached_guide.url).headers["X-Cache"] == "hit"
            assert get(a + cached_guide.url).headers["X-Cache"] == "hit"

            # An editor publishes a new title through A's admin (the pages' bulk publish).
            draft = GuidePage.objects.get(pk=cached_guide.pk)
            draft.title = "Chemical peels, revised"
            draft.save_revision()
            editor = signed_in(a, "editor")
            action = f"{a}/admin/bulk/wagtailcore/page/publish/?id={cached_guide.pk}&next=/admin/"
            editor.get(action, timeout=10)
            published = editor.post(
                action,
                {"csrfmiddlewaretoken": editor.cookies["csrftoken"]},
                headers={"Referer": action},
                timeout=30,
            )
            assert published.status_code == 200
            assert GuidePage.objects.get(pk=cached_guide.pk).title == "Chemical peels, revised"

            # B's very next answer is the new page.
            fresh = get(b + cached_guide.url)
            assert fresh.headers["X-Cache"] == "miss"
            assert "Chemical peels, revised" in fresh.text

            # Replies posted alternately to A and B: each stored exactly once.
            comments = [f"Two servers reply {n}: worked for me." for n in range(20)]
            for n, comment in enumerate(comments):
                server = (a, b)[n % 2]
                session = browser()
                page_url = server + guide.url
                data = {
                    **reply_form(session, page_url),
                    "comment": comment,
                    "name": f"Reader {n}",
                    "email": f"reader{n}@example.com",
                    "website": "",
                    "homepage_url": "",
                }
                response = session.post(
                    page_url, data, headers={"Referer": page_url}, allow_redirects=False
                )
                assert response.status_code == 302, (n, response.status_code)
    finally:
        redis.flushdb()
    for comment in comments:
        assert Reply.objects.filter(comment=comment).count() == 1, comment
