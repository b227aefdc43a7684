# The two commands of the README: `make run` and `make test`. `make help` lists the rest.
# Everything installs into .venv; nothing else is needed but Python 3.11+.

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= site_project.settings.dev
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=site_project.settings.test
# Locally the test database is kept between runs (much faster); CI always builds it afresh.
PYTEST_DB := $(if $(filter true,$(CI)),--create-db,--reuse-db)

.DEFAULT_GOAL := help
.PHONY: help run test test-fast bench serve-production worker install install-dev migrate migrations demo lint format clean

help:  ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

run: install migrate demo  ## Set up and serve the demo site on http://127.0.0.1:8000
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev  ## The whole test suite, browser tests included (SQLite unless DATABASE_URL is set)
	$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_DB)

test-fast: install-dev  ## The suite without the browser tests and the slow whole-program tests
	$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_DB) -m "not e2e and not slow"

bench: install-dev  ## Speed figures: guide render, then every page and 2,000 replies under gunicorn (needs DATABASE_URL on PostgreSQL)
	$(TEST_SETTINGS) $(BIN)/python -m tests.benchmarks.guide_render
	$(BIN)/python -m tests.benchmarks.site_load

PRODUCTION := DJANGO_SETTINGS_MODULE=site_project.settings.production

serve-production: install  ## Production web server: migrate, collect static files, gunicorn (env: see README)
	$(PRODUCTION) $(BIN)/python manage.py migrate --no-input
	$(PRODUCTION) $(BIN)/python manage.py collectstatic --no-input -v0
	$(PRODUCTION) $(BIN)/gunicorn -c gunicorn.conf.py site_project.wsgi

worker: install  ## Production task worker: sends the moderators' emails (run beside serve-production)
	$(PRODUCTION) $(BIN)/python manage.py db_worker

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed  ## Install the runtime dependencies into .venv
install-dev: $(VENV)/.installed-dev  ## Install the runtime and test dependencies into .venv

migrate: install  ## Apply migrations to the database
	$(BIN)/python manage.py migrate --no-input

migrations: install  ## Make migrations for changed models and blocks (commit them with the change)
	$(BIN)/python manage.py makemigrations

demo: install  ## Create or update the demo content
	$(BIN)/python manage.py load_demo_content

lint: install-dev  ## ruff, as CI runs it
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev  ## Fix what ruff can and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:  ## Remove .venv, the SQLite database, collected static files and test artifacts
	rm -rf $(VENV) db.sqlite3 test-db.sqlite3 static_collected test-artifacts
