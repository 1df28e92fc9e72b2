# The verbs of the project. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell tools/find-python.sh)
BOOT := .boot
UV := $(BOOT)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
OCOP := $(BIN)/ocop

# uv must never try to download an interpreter: this network has none to give.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_LINK_MODE := copy

OCOP_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
SQLITE_TEST_URL := sqlite:///$(abspath var/test.sqlite3)
PYTEST_ARGS ?=

.PHONY: help venv demo serve worker test test-sqlite test-postgres lint fmt bench \
        messages browser check-postgres clean backup restore

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python 3.13 or 3.12 found. Install one, e.g. 'pyenv install 3.13' or 'apt-get install python3.13', or pass PYTHON=/path/to/python3.13." >&2; \
	  exit 1; fi
	$(PYTHON) -m venv $(BOOT)
	$(BOOT)/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

venv: $(VENV)/.synced ## create .venv and install the locked dependencies

uv.lock: pyproject.toml | $(UV)
	$(UV) lock --python $(PYTHON)

demo: venv ## migrate, load units, criteria and demo data, create demo accounts, serve on :8000
	@mkdir -p var
	$(OCOP) migrate --no-input
	$(OCOP) load_units
	$(OCOP) load_criteria
	$(OCOP) load_demo
	$(OCOP) collectstatic --no-input --verbosity 0
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops the site and the task worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(OCOP) resume_issuance >/dev/null; $(OCOP) db_worker --no-reload --verbosity 0 & \
	  $(BIN)/granian --interface wsgi --host 127.0.0.1 --port 8000 --static-path-mount var/static \
	    --workers 2 --blocking-threads 4 ocop.wsgi:application

serve: venv ## serve the site with granian (production-style) on :8000
	$(OCOP) collectstatic --no-input --verbosity 0
	$(BIN)/granian --interface wsgi --host 127.0.0.1 --port 8000 --static-path-mount var/static \
	  --workers 2 --blocking-threads 4 ocop.wsgi:application

worker: venv ## run the background task worker (first re-queues stamp issuance left unfinished)
	$(OCOP) resume_issuance
	$(OCOP) db_worker --no-reload

browser: ## install Debian's chromium (and fonts) for the browser tests when missing
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
	  else echo "WARNING: /usr/bin/chromium is missing and apt is not usable: browser tests will fail." >&2; fi; fi

check-postgres: venv
	@$(BIN)/python -c "import psycopg,sys; u=sys.argv[1]; \
	  psycopg.connect(u.replace('postgres://','postgresql://',1), connect_timeout=5).close()" \
	  "$(OCOP_TEST_DATABASE_URL)" 2>/dev/null || { \
	  echo "" >&2; echo "************************************************************" >&2; \
	  echo "*** PostgreSQL does not answer at $(OCOP_TEST_DATABASE_URL)" >&2; \
	  echo "*** The suite must run on PostgreSQL too: start it, e.g." >&2; \
	  echo "***   pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start" >&2; \
	  echo "*** or set OCOP_TEST_DATABASE_URL." >&2; \
	  echo "************************************************************" >&2; exit 1; }

test: venv browser check-postgres ## the whole suite on SQLite and on PostgreSQL
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite: venv
	@mkdir -p var
	@echo "=== test suite on SQLite ==="
	OCOP_DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: venv check-postgres
	@echo "=== test suite on PostgreSQL ($(OCOP_TEST_DATABASE_URL)) ==="
	OCOP_DATABASE_URL=$(OCOP_TEST_DATABASE_URL) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: venv ## ruff check, ruff format --check, mypy, makemigrations --check, criteria check
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/mypy
	OCOP_DATABASE_URL=sqlite:///:memory: $(OCOP) makemigrations --check --dry-run
	OCOP_DATABASE_URL=sqlite:///:memory: $(OCOP) criteria check > /dev/null && echo "criteria check: all sheets OK"

fmt: venv ## format and autofix
	$(BIN)/ruff format src tests tools
	$(BIN)/ruff check --fix src tests tools

messages: venv ## extract and compile translations (vi source, en catalogue)
	cd src/ocop && ../../$(OCOP) makemessages -l en --no-obsolete --no-location
	cd src/ocop && ../../$(OCOP) compilemessages

BENCH_ARGS ?=

bench: venv ## run every benchmark, then print one table (BENCH_ARGS=--quick for a smoke run)
	@for script in tools/bench_*.py; do echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done
	@$(BIN)/python tools/benchtable.py

backup: venv ## back up the database and media files (var/backups/ocop-….tar)
	$(OCOP) backup --tar

restore: venv ## restore a backup into an empty database: make restore BACKUP=var/backups/ocop-….tar
	@if [ -z "$(BACKUP)" ]; then echo "Usage: make restore BACKUP=path/to/backup.tar" >&2; exit 2; fi
	$(OCOP) restore $(BACKUP)

clean:
	rm -rf $(VENV) $(BOOT) var/test.sqlite3
