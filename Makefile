# Every target installs what it needs: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install test test-postgres lint format demo migrate clean
.PHONY: bench loadtest test-browser
.PHONY: security

# WeasyPrint (PDF documents) needs Pango and a font from the system: installed once, as root.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
SYSTEM_STAMP := $(VENV)/.system-packages

$(SYSTEM_STAMP):
	@if ! command -v dpkg >/dev/null 2>&1; then \
		echo "make: not a Debian system; install Pango and a font for WeasyPrint by hand ($(SYSTEM_PACKAGES))"; \
	else \
		missing=""; \
		for p in $(SYSTEM_PACKAGES); do dpkg -s $$p 2>/dev/null | grep -q "^Status: install ok installed" || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
			apt-get update && apt-get install -y --no-install-recommends $$missing || exit 1; \
		elif [ -n "$$missing" ]; then \
			echo "make: WeasyPrint needs these Debian packages:$$missing" >&2; \
			echo "make: run as root: apt-get update && apt-get install -y --no-install-recommends$$missing" >&2; \
			exit 1; \
		fi; \
	fi
	mkdir -p $(VENV)
	touch $@

$(STAMP): pyproject.toml | $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python -m secretariat.dbcheck \
		|| { echo "make test-postgres: no PostgreSQL answers at $${DATABASE_URL:-$(PG_URL)}" >&2; exit 1; }
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src
	env -u DATABASE_URL $(BIN)/secretariat makemigrations --check --dry-run

# Static analysis (bandit) fails the build. The dependency audit (pip-audit) needs PyPI's
# vulnerability API: where that cannot be reached it says so and is skipped, never failed.
# (The probe asks for the installed Django release, as pip-audit does for every package.)
AUDIT_PROBE := import json, urllib.request; from importlib.metadata import version; json.load(urllib.request.urlopen("https://pypi.org/pypi/django/" + version("django") + "/json", timeout=15))["vulnerabilities"]

security: $(STAMP)
	$(BIN)/bandit -q -c pyproject.toml -r src -ll
	@if $(BIN)/python -c '$(AUDIT_PROBE)' >/dev/null 2>&1; then \
		$(BIN)/pip-audit --progress-spinner off --skip-editable; \
	else \
		echo "make security: PyPI's vulnerability API is unreachable from here; dependency audit SKIPPED (run 'pip-audit' where it is reachable)"; \
	fi

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/secretariat migrate --noinput

demo: $(STAMP)
	$(BIN)/secretariat migrate --noinput
	$(BIN)/secretariat load_demo
	DEBUG=1 $(BIN)/secretariat runserver $(HOST):$(PORT)

# The benchmark (bench/README.md). wrk from Debian's packages drives the load where it can be
# installed; otherwise bench/load.py's own client does.
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1 \
		|| apt-get install -y --no-install-recommends wrk >/dev/null 2>&1 \
		|| { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends wrk >/dev/null 2>&1; } \
		|| echo "make bench: wrk not installed; using the Python load client"
	$(BIN)/python -m bench $(BENCH_ARGS)

# The mixed load test (bench/soak.py): 16 clients reading and writing for 60 s against gunicorn,
# on SQLite then PostgreSQL; it fails if a request failed or an acknowledged write is missing.
loadtest: $(STAMP)
	$(BIN)/python -m bench.soak --database sqlite --out bench/results/soak-sqlite.json $(SOAK_ARGS)
	$(BIN)/python -m bench.soak --database postgres --out bench/results/soak-postgres.json $(SOAK_ARGS)

# Browser tests (tests/browser/) drive Debian's Chromium; Playwright never downloads a browser.
BROWSER_STAMP := $(VENV)/.chromium

$(BROWSER_STAMP): | $(SYSTEM_STAMP)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update && apt-get install -y --no-install-recommends chromium || exit 1; \
	else \
		echo "make: the browser tests need Chromium; run as root: apt-get install -y chromium" >&2; exit 1; \
	fi
	touch $@

test-browser: $(STAMP) $(BROWSER_STAMP)
	env -u DATABASE_URL $(BIN)/pytest tests/browser $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
