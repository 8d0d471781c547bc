# One task runner for people and CI: make demo, make test, make check, make bench.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
MANAGE := $(PY) manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k people -x"
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); 0 runs in one process.
WORKERS ?= 2

.PHONY: demo serve install install-dev test test-fast check lint format bench browser clean help messages

help:
	@echo "make demo    install, migrate, build the demo school, serve on http://$(HOST):$(PORT)"
	@echo "make test    install test dependencies and run the whole suite"
	@echo "make check   ruff, mypy, and a check that no migration is missing"
	@echo "make bench   benchmarks, printed as ratios against baselines from the same run"

$(VENV)/.runtime: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime pyproject.toml
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

demo: install
	BELONG_DEBUG=true $(MANAGE) migrate --no-input
	BELONG_DEBUG=true $(MANAGE) build_demo --if-missing
	BELONG_DEBUG=true $(MANAGE) demo_logins --url http://$(HOST):$(PORT)/
	BELONG_DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

serve: install
	BELONG_DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

browser: install-dev
	@$(PY) -m belong.core.browser_setup

test: install-dev browser
	$(PY) -m pytest $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS)) $(PYTEST_ARGS)

test-fast: install-dev
	$(PY) -m pytest -m "not browser" $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS)) $(PYTEST_ARGS)

check: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy belong
	$(MANAGE) makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Spanish catalogue (docs/operators.md, "Translations"): collect marked strings into
# belong/locale/es/LC_MESSAGES/django.po, then compile the .mo that is committed beside it.
messages: install-dev
	cd belong && ../$(PY) ../manage.py makemessages -l es --no-location --no-obsolete
	cd belong && ../$(PY) ../manage.py compilemessages -l es

bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info
