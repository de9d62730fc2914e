# newsgraph: two commands do all the set-up on a fresh machine.
#   make demo   create .venv, install, analyse the examples and show the result
#   make test   create .venv, install with the dev extras, run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
PYTEST_ARGS ?=
# `make test` runs everything but the suites marked slow; `make test-slow` runs those (CI runs both)
PYTEST_MARK ?= not slow

.PHONY: install install-dev demo test test-slow test-fast clean help

help:
	@echo "make demo     set up .venv and analyse the examples"
	@echo "make test     set up .venv with dev extras and run the test suite (all but the slow suites)"
	@echo "make test-slow  the slow suites (CI runs them after make test)"
	@echo "make install  create or update .venv with newsgraph and its models"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=24"

# the stamp follows pyproject.toml, so a changed dependency list reinstalls
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e ".[web]"
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
	@$(VENV)/bin/newsgraph --version

install-dev: $(VENV)/.installed-dev

DEMO_DB ?= newsgraph.db
DEMO_PORT ?= 8000

demo: install
	@echo "== newsgraph analyze examples/harbour-talks.txt -f text   (one article, read closely)"
	@$(VENV)/bin/newsgraph analyze examples/harbour-talks.txt -f text
	@echo "== newsgraph ingest examples/ --db $(DEMO_DB)   (every example into the SQLite store)"
	@$(VENV)/bin/newsgraph ingest examples/ --db $(DEMO_DB)
	@echo "== newsgraph quotes --db $(DEMO_DB)   (who said what, in date order)"
	@$(VENV)/bin/newsgraph quotes --db $(DEMO_DB)
	@echo "== newsgraph serve --db $(DEMO_DB)   (the web UI: open http://127.0.0.1:$(DEMO_PORT)/ ; Ctrl-C stops it)"
	@$(VENV)/bin/newsgraph serve --db $(DEMO_DB) --port $(DEMO_PORT)

# The tests' services are started here and stopped after: PostgreSQL on 127.0.0.1 (scripts/pg.sh);
# the browser tests' Chromium is Debian's package (scripts/browser.sh installs it when missing).
test: install-dev
	@url=$$(scripts/pg.sh start) || { \
	  if [ -n "$$CI" ]; then echo "make test: PostgreSQL could not be started (scripts/pg.sh)" >&2; exit 1; fi; \
	  echo "make test: no PostgreSQL server could be started; its tests will be skipped" >&2; url=; }; \
	chromium=$$(scripts/browser.sh) || { \
	  if [ -n "$$CI" ]; then echo "make test: chromium could not be installed (scripts/browser.sh)" >&2; scripts/pg.sh stop >/dev/null 2>&1; exit 1; fi; \
	  echo "make test: no chromium; the browser tests will be skipped" >&2; chromium=; }; \
	NEWSGRAPH_TEST_PG=$$url NEWSGRAPH_TEST_CHROMIUM=$$chromium $(PY) -m pytest -m "$(PYTEST_MARK)" $(PYTEST_ARGS); rc=$$?; \
	scripts/pg.sh stop >/dev/null 2>&1 || true; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing loudly" >&2; exit 1; fi; \
	exit $$rc

# the slow suites: full PolNeAR gate, HTML gate on every page, random-SIGKILL loop, Ray engine
test-slow:
	@$(MAKE) --no-print-directory test PYTEST_MARK=slow

test-fast: install-dev
	$(PY) -m pytest -m "not slow" -x -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
