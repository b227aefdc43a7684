"""The official Wagtail demo (wagtail/bakerydemo) served beside our site, for ``site_load.py
--compare-bakerydemo PATH``: its blog article measured in the same interleaved rounds as our
pages, so that other load on the machine falls on both alike.

Given a checkout of bakerydemo at PATH (none of its code is kept in this repository), it:

- builds its own virtualenv under /tmp (``bakerydemo-venv-<hash of its requirements>``, kept
  between runs) with its ``requirements/base.txt``, gunicorn, psycopg and whitenoise, on the
  Python its ``.python-version`` names when pyenv has it (its Wagtail and Django may be newer
  than ours: it runs in its own venv);
- loads its demo data (``load_initial_data``) into a PostgreSQL database of its own, the
  benchmark's database name with ``_bakerydemo`` added, made afresh when it has no pages;
- serves it with its production settings under gunicorn, 2 sync workers, on 127.0.0.1;
- finds a live blog article (a ``BlogPage``) and its number of queries, warm, counted in
  its own process the way ``site_load.count_queries`` counts ours.

Its production settings use a local-memory cache without ``REDIS_URL`` (set none here) and
serve static files with whitenoise; ``DEBUG`` is off; its redirect to https is turned off
(``SECURE_SSL_REDIRECT=False``), as ours is for the benchmark.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.benchmarks import answers

PORT = 8766
EXTRA_PACKAGES = ["gunicorn", "psycopg[binary]>=3.2", "whitenoise>=6.6"]

FIND_ARTICLE = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from bakerydemo.blog.models import BlogPage
page = BlogPage.objects.live().public().order_by("path").first()
client = Client(HTTP_HOST="127.0.0.1")
path = page.get_url()
client.get(path)
with CaptureQueriesContext(connection) as queries:
    status = client.get(path).status_code
print("ARTICLE", path, len(queries), status)
"""


def python_for(checkout):
    """The Python bakerydemo asks for (``.python-version``) when pyenv has it, else ours."""
    wanted = (
        (checkout / ".python-version").read_text().strip()
        if (checkout / ".python-version").exists()
        else ""
    )
    versions = Path.home() / ".pyenv" / "versions"
    if wanted and versions.is_dir():
        for candidate in sorted(versions.iterdir(), reverse=True):
            if candidate.name.startswith(wanted) and (candidate / "bin" / "python").exists():
                return str(candidate / "bin" / "python")
    return sys.executable


def build_venv(checkout):
    requirements = checkout / "requirements" / "base.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:10]
    venv = Path(tempfile.gettempdir()) / f"bakerydemo-venv-{digest}"
    ready = venv / ".installed"
    if not ready.exists():
        print(f"Building bakerydemo's virtualenv in {venv} …", flush=True)
        subprocess.run([python_for(checkout), "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "-r", str(requirements)]
            + EXTRA_PACKAGES,
            check=True,
        )
        ready.touch()
    return venv / "bin" / "python"


def database_url_for(our_url):
    # bakerydemo adds django.contrib.postgres (its search index needs it) only for URLs
    # that start with "postgres://", not "postgresql://".
    parts = urlsplit(our_url)
    return urlunsplit(parts._replace(scheme="postgres", path=parts.path + "_bakerydemo"))


def environment(checkout, database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS", "WAGTAIL", "REPLIES_"))
        and key not in ("DATABASE_URL", "PYTHONPATH", "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY")
    }
    return {
        **env,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "y" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain http on 127.0.0.1, as ours is served here (tests/benchmarks/settings.py).
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(checkout),
    }


class Bakerydemo:
    """bakerydemo at ``checkout``, prepared by ``prepare()`` and served by ``start()``."""

    def __init__(self, checkout, our_database_url):
        self.checkout = Path(checkout).resolve()
        if not (self.checkout / "bakerydemo" / "blog" / "models.py").exists():
            sys.exit(f"{self.checkout} is not a checkout of wagtail/bakerydemo")
        self.database_url = database_url_for(our_database_url)
        self.env = environment(self.checkout, self.database_url)
        self.python = None
        self.server = None
        self.article_path = None
        self.queries = None

    def manage(self, *args, **kwargs):
        return subprocess.run(
            [str(self.python), "manage.py", *args],
            cwd=self.checkout,
            env=self.env,
            check=True,
            **kwargs,
        )

    def prepare(self):
        from tests.benchmarks.reply_load import ensure_database

        self.python = build_venv(self.checkout)
        ensure_database(self.database_url)
        print(f"Preparing bakerydemo on {urlsplit(self.database_url).path[1:]} …", flush=True)
        self.manage("migrate", "--no-input", "-v0", stdout=subprocess.DEVNULL)
        has_blog = self.manage(
            "shell",
            "-c",
            "from bakerydemo.blog.models import BlogPage; print(BlogPage.objects.exists())",
            capture_output=True,
            text=True,
        ).stdout
        if "True" not in has_blog:
            self.manage("load_initial_data", stdout=subprocess.DEVNULL)
        self.manage("collectstatic", "--no-input", "-v0")
        found = self.manage("shell", "-c", FIND_ARTICLE, capture_output=True, text=True).stdout
        line = next(line for line in found.splitlines() if line.startswith("ARTICLE "))
        _, self.article_path, queries, status = line.split()
        if status != "200":
            sys.exit(f"bakerydemo answered {status} for {self.article_path}")
        self.queries = int(queries)

    def start(self):
        self.server = subprocess.Popen(
            [
                str(self.python),
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--access-logfile",
                "/dev/null",
                "bakerydemo.wsgi",
            ],
            cwd=self.checkout,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{PORT}{self.article_path}"
        if answers(url):
            return
        self.stop()
        sys.exit(f"bakerydemo's gunicorn did not answer on {url}")

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None
