# Two commands for a fresh machine (see README.md):
#   make serve   install what the site needs, build it, serve it on http://localhost:8000/
#   make test    install what the tests need (chromium too), build the site, run every test
# Each target installs its own prerequisites; stamps keep a second run fast.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Material prints an end-of-life banner on every build; it is not news to us.
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test build site pytest pyodide-test chromium clean

# --- Python (.venv) ---------------------------------------------------------------------------
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $@

# --- npm: the Pyodide runtime and axe-core ------------------------------------------------------
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# --- Pyodide bundle: build/web/assets (runtime, stdlib, app.zip), copied into the site by a hook
PY_SOURCES := $(shell find calculators -name '*.py' -o -name '*.toml') pyproject.toml
build/web/.built: $(VENV)/.installed node_modules/.installed $(PY_SOURCES) scripts/build_pyodide.sh scripts/build_pyodide.mjs scripts/build_pyodide.py scripts/build_stdlib.py scripts/stdlib_imports.py overrides/assets/js/calc-python.mjs
	PYTHON=$(PY) scripts/build_pyodide.sh tests
	touch $@

# --- Debian's chromium for the browser tests (Playwright cannot download browsers here) ----------
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# --- The site --------------------------------------------------------------------------------
site: build/web/.built
	$(PY) -m mkdocs build --strict

build: site

serve: build/web/.built
	$(PY) scripts/serve.py

# --- Tests -----------------------------------------------------------------------------------
pytest: site chromium
	$(PY) -m pytest

pyodide-test: build/web/.built
	node scripts/run_pyodide_tests.mjs
	node scripts/run_pyodide_tests.mjs --from-saved-state

test: pytest pyodide-test

clean:
	rm -rf site build
