# Two commands on a fresh machine: `make demo` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
APPS := core jobs trust partners contacts relations events attachments reports cms transfers

.PHONY: demo serve test lint format messages bench clean-demo loadtest loadtest-faults

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Mozilla's ical.js, the independent parser the calendar-feed tests run over every feed (tests/js).
ICALJS := tests/js/node_modules/.package-lock.json
$(ICALJS): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd tests/js && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the ical.js cross-checks will be skipped (apt-get install nodejs npm)"; fi

## demo: install, migrate the embedded SQLite database, load demo data, create a login, serve on $(HOST)
demo: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py ensure_demo_login
	@echo "Public site: http://$(HOST)/   Staff workspace: http://$(HOST)/admin/"
	$(PY) manage.py runserver $(HOST)

## test: lint, migration and system checks, then the whole pytest suite (on DATABASE_URL when set)
test: $(VENV)/.dev $(ICALJS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh the ja catalogues of every app and compile them
messages: $(VENV)/.dev
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages --locale ja --no-obsolete --ignore 'migrations/*'); done
	$(PY) manage.py makemessages --locale ja --no-obsolete --ignore '$(VENV)/*' $(foreach app,$(APPS),--ignore '$(app)/*') --ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages --ignore '$(VENV)/*'

bench: $(VENV)/.dev
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/people_import.py

## loadtest: production-like stack on loopback (own PostgreSQL cluster :5433 and Redis :6380), 50 staff sessions
## for 2 minutes; results in loadtest/results/. loadtest-faults adds worker kills and PostgreSQL/Redis restarts.
loadtest: $(VENV)/.dev
	$(PY) loadtest/run.py $(LOADTEST_ARGS)

loadtest-faults: $(VENV)/.dev
	$(PY) loadtest/run.py --faults $(LOADTEST_ARGS)
