"""The design card's layout: three apps, imports flowing one way, no cycles, and a site that
starts from migrations alone."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

from wagtail.models import Site

import pytest

from home.models import HomePage

ROOT = Path(__file__).resolve().parents[1]


def project_modules():
    """Every module of the project's apps, by dotted name."""
    modules = {}
    for app in settings.PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name, path, modules):
    """The project modules that ``name`` imports, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in modules and target != name}
    return found


def test_the_sites_apps_are_home_guides_and_search():
    ours = sorted(
        config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    )
    assert ours == ["guides", "home", "search"]


def test_home_imports_nothing_from_the_content_apps():
    modules = project_modules()
    for name, path in modules.items():
        if name.split(".")[0] == "home":
            imported = imports_of(name, path, modules)
            assert not {m for m in imported if m.split(".")[0] != "home"}, name


def test_no_module_imports_its_way_back_to_itself():
    modules = project_modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}

    def cycle_from(start):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for target in graph[node]:
                if target == start:
                    return [*trail, start]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*trail, target]))
        return None

    # A package importing its own modules (guides.models → guides.models.pages) is not a loop.
    cycles = [cycle_from(name) for name in graph]
    real = [c for c in cycles if c and not all(c[0].startswith(m) for m in c)]
    assert real == []


def test_migrations_alone_give_a_home_page_and_a_default_site(client, db):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert "No guides have been published yet." in response.content.decode()


@pytest.mark.slow
def test_a_new_sqlite_database_answers_at_the_root_after_migrate(tmp_path):
    """What `make run` does before the demo content, on a database file of its own."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "site_project.settings.dev",
    }
    env.pop("CI", None)
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    probe = (
        "from django.test import Client; r = Client().get('/', HTTP_HOST='localhost'); "
        "print(r.status_code, b'guides to caring for your skin</h1>' in r.content)"
    )
    result = subprocess.run(  # noqa: S603
        [*run, "shell", "--no-imports", "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["200", "True"]
