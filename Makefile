# The two commands of the README: `make run` and `make test`.
# Everything installs into .venv; nothing else is needed but Python 3.11+.

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= site_project.settings.dev

.PHONY: run test test-fast install install-dev migrate demo lint format clean

run: install migrate demo  ## Set up and serve the demo site on http://127.0.0.1:8000
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev  ## Run the whole test suite, browser tests included (SQLite unless DATABASE_URL is set)
	DJANGO_SETTINGS_MODULE=site_project.settings.test $(BIN)/pytest

test-fast: install-dev  ## The suite without the browser tests
	DJANGO_SETTINGS_MODULE=site_project.settings.test $(BIN)/pytest -m "not e2e"

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

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: install
	$(BIN)/python manage.py load_demo_content

lint: install-dev  ## ruff, as CI runs it
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 static_collected test-artifacts
