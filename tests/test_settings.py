"""Settings: safe base, DATABASE_URL handling, PostgreSQL search."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

ROOT = Path(__file__).resolve().parents[1]


def settings_value(module, expression, **env):
    """Evaluate ``expression`` in a fresh interpreter with the given settings module and env."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI")}
    environment.update(env)
    code = f"import {module} as s; print(repr({expression}))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_database_url_accepts_both_postgres_schemes(scheme):
    result = settings_value(
        "site_project.settings.base",
        "(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], 'django.contrib.postgres' in s.INSTALLED_APPS)",
        DATABASE_URL=f"{scheme}://someone@db.example:5432/guides",
    )
    assert result.stdout.strip() == "('django.db.backends.postgresql', 'guides', True)"


def test_without_database_url_a_sqlite_file_is_used():
    result = settings_value(
        "site_project.settings.base",
        "(s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME']).endswith('db.sqlite3'))",
    )
    assert result.stdout.strip() == "('django.db.backends.sqlite3', True)"


def test_base_settings_are_safe_by_default():
    result = settings_value("site_project.settings.base", "(s.DEBUG, s.SECRET_KEY)")
    assert result.stdout.strip() == "(False, '')"


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_value("site_project.settings.production", "s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_ci_refuses_sqlite():
    result = settings_value("site_project.settings.test", "1", CI="true")
    assert result.returncode != 0
    assert "refusing to fall back to SQLite" in result.stderr


def test_search_backend_uses_postgres_full_text_search_on_postgres(db):
    from wagtail.search.backends import get_search_backend

    backend = type(get_search_backend()).__module__
    if connection.vendor == "postgresql":
        assert "postgres" in backend
        assert "django.contrib.postgres" in settings.INSTALLED_APPS
    else:
        assert "sqlite" in backend or "fallback" in backend


def test_test_settings_module_is_in_use():
    assert (
        importlib.import_module(settings.SETTINGS_MODULE).__name__ == "site_project.settings.test"
    )
