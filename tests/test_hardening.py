"""Headers, health check, bad input and the error pages: what a browser, a load balancer or an
attacker sees."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from tests.replying import reply_data

ROOT = Path(__file__).resolve().parents[1]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part}


def test_public_pages_forbid_inline_and_foreign_scripts(client, guide):
    response = client.get(guide.url)
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The pages themselves carry no inline script or style to break.
    soup = BeautifulSoup(response.content, "html.parser")
    # (JSON-LD is data, never run: CSP doesn't apply to it.)
    scripts = soup.find_all("script")
    assert not [s for s in scripts if s.string and s.get("type") != "application/ld+json"]
    assert not soup.find_all(style=True) and not soup.find_all("style")


def test_the_admin_gets_what_it_needs_on_top(admin_client):
    csp = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in csp["script-src"] and "'self'" in csp["script-src"]


def test_health_check_answers_for_the_database(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"database": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_health_check_says_503_when_the_database_is_down(client, db):
    with mock.patch("home.views.connection") as broken:
        broken.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, {"database": "down"})


def test_there_is_no_django_admin(client, db):
    assert client.get("/django-admin/").status_code == 404


@pytest.mark.parametrize(
    "query", ["?q=%00", "?q=skin%00care", "?q=%01%02%1F", "?q=%7F", "?page=%00&topic=%00"]
)
def test_control_characters_in_the_query_are_dropped_not_a_server_error(client, guide, query):
    for path in ("/search/", guide.get_parent().url):
        response = client.get(path + query)
        assert response.status_code == 200, path + query
    soup = BeautifulSoup(client.get("/search/?q=skin%00care").content, "html.parser")
    assert soup.find("input", attrs={"name": "q"})["value"] == "skincare"


def test_control_characters_in_a_reply_are_dropped(client, guide):
    from guides.models import Reply

    client.post(guide.url, reply_data(comment="Nul\x00 byte and \x07bell", name="Sam\x00"))
    reply = Reply.objects.get()
    assert (reply.comment, reply.author_name) == ("Nul byte and bell", "Sam")


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "no-such-charset"])
def test_a_form_in_an_odd_charset_never_gets_a_server_error(guide, charset):
    client = Client(raise_request_exception=False)
    for url in (guide.url, "/admin/login/", "/no-such-page/", "/search/"):
        response = client.generic(
            "POST",
            url,
            b"comment=hello",  # 13 bytes: not UTF-16 or UTF-32 at all
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert response.status_code < 500, (url, response.status_code)
        if charset != "no-such-charset":  # Django falls back to UTF-8 for an unknown one
            assert response.status_code == 400, url
            text = BeautifulSoup(response.content, "html.parser").get_text()
            assert "We couldn't read that request" in text


def test_a_failed_csrf_check_explains_and_offers_a_way_back(guide):
    # A form other than a reply (no fill-time token; a refused reply keeps its text:
    # tests/test_reply_tokens.py).
    response = Client(enforce_csrf_checks=True).post(guide.url, reply_data(form_started=None))
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text() == "Your form wasn't sent"
    assert "Reload the page" in soup.get_text()
    assert soup.find("a", href="/")


def production(*code, **env):
    """Run ``code`` with the production settings and only the given environment."""
    environment = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "; ".join(["import django", "django.setup()", *code])],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "site_project.settings.production", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


REQUIRED = {
    "DJANGO_SECRET_KEY": "test-only-" + "9fK2mQ7vXe1LpR4tZ8cN0bW6yH3jD5sAuGq" * 2,
    "DJANGO_ALLOWED_HOSTS": "guides.example.org",
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/prod",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


def production_setting(name, **env):
    """The value of setting ``name`` (None when unset) under the production settings with the
    required variables and ``env``, as JSON would give it."""
    result = production(
        "from django.conf import settings",
        "import json",
        f"print(json.dumps(getattr(settings, {name!r}, None)))",
        **REQUIRED,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("missing", list(REQUIRED))
def test_production_stops_with_one_line_naming_a_missing_variable(missing):
    env = {name: value for name, value in REQUIRED.items() if name != missing}
    result = production("print('started')", **env)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Set {missing}: production settings need it (see site_project/settings/production.py)."
    ]


@pytest.mark.slow
def test_production_settings_secure_cookies_hsts_and_trusted_proxies_only():
    shown = (
        "from django.conf import settings as s",
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.DATABASES['default']['CONN_MAX_AGE'],"
        " s.DATABASES['default']['CONN_HEALTH_CHECKS'], getattr(s, 'SECURE_PROXY_SSL_HEADER', None),"
        " s.TASKS['default']['BACKEND'], s.CACHES['pages']['BACKEND'])",
    )
    direct = production(*shown, **REQUIRED)
    assert direct.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "60",
        "True",
        "None",  # X-Forwarded-Proto believed from nobody
        "django_tasks_db.DatabaseBackend",
        "django_redis.cache.RedisCache",  # the page cache every server shares
    ]
    behind_proxy = production(*shown, **REQUIRED, DJANGO_TRUSTED_PROXY_COUNT="1")
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind_proxy.stdout


@pytest.mark.slow
def test_production_passes_djangos_deploy_checks():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            **REQUIRED,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def call_wsgi_application(path, query, content_type):
    """Status and body from the WSGI application gunicorn runs (not Django's test client,
    which builds requests its own way). Like the test client, it keeps the test's database
    connection open across the request."""
    from wsgiref.util import setup_testing_defaults

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from site_project.wsgi import application

    environ = {
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "HTTP_HOST": "testserver",
    }
    setup_testing_defaults(environ)
    answer = {}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, lambda status, headers: answer.update(status=status))
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], body


@pytest.mark.parametrize("charset", ["rot13", "base64", "zlib", "utf-16", '"hex"'])
def test_a_request_declaring_a_codec_for_bytes_is_served_by_the_real_wsgi_app(guide, charset):
    """Django would fail while building such a request, before any middleware (a bare 500):
    the WSGI application itself (what gunicorn runs) must serve it."""
    for path in ("/", "/search/", guide.url):
        status, body = call_wsgi_application(path, "q=skin", f"text/plain; charset={charset}")
        assert status.startswith("200"), (path, status)
        assert b"Something went wrong" not in body


def test_a_bogus_forwarded_address_is_ignored_not_a_server_error(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forwarded in ("garbage", "999.999.999.999", "1.2.3.4, <script>", "a" * 2000):
        response = client.post(
            "/admin/login/",
            {"username": "nobody", "password": "x"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code == 200, forwarded  # the sign-in form again
