# Every install step lives here: a fresh machine needs only make and a Python >= 3.11.
# The first of python3, python3.14 … python3.11 on PATH that runs and is at least 3.11 is
# used (pyenv shims can exist for versions that do not run); PYTHON=... overrides it.
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; exit; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: browser libreoffice install run test quick lint typecheck pytest bench migrate outdated clean

$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory browser libreoffice
	@test -n "$(PYTHON)" || { echo "No Python >= 3.11 found on PATH: install one, or run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's chromium through its chromedriver; as root they are
# installed when missing, else the tests that need them are skipped with the command to run.
browser:
	@test -x /usr/bin/chromedriver -a -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq chromium chromium-driver >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }; \
	  else \
	    echo "browser tests need chromium: run 'sudo apt-get install chromium chromium-driver'"; \
	  fi; }

# The report's Word file is converted to PDF in a test by Debian's LibreOffice (headless) and
# read back with poppler's pdftotext; as root they are installed when missing, else that test
# is skipped with the command to run.
libreoffice:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq libreoffice-writer-nogui poppler-utils >/dev/null || { apt-get update -qq && apt-get install -y -qq libreoffice-writer-nogui poppler-utils; }; \
	  else \
	    echo "the report's PDF test needs LibreOffice: run 'sudo apt-get install libreoffice-writer-nogui poppler-utils'"; \
	  fi; }

run: $(STAMP)
	$(BIN)/temadag run

migrate: $(STAMP)
	$(BIN)/temadag migrate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy bot flows storage tests bench

# Two workers (pytest-xdist) on a two-core machine: much of a test is waiting on sockets and
# subprocesses. Each worker starts its own Slack stand-in and PostgreSQL cluster.
WORKERS ?= 2

pytest: $(STAMP) browser libreoffice
	$(BIN)/pytest -n $(WORKERS)

test: lint typecheck pytest

# The fast lane while working: lint, and the flows, storage on SQLite and the bot's own tests.
# End-to-end journeys, PostgreSQL and the support tests are left to `make test`.
quick: lint
	$(BIN)/pytest -n $(WORKERS) -m "not postgres and not slow" tests/flows tests/storage tests/bot

# wrk (Debian's package) is the load generator; as root it is installed when missing.
bench: $(STAMP)
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }; \
	  else \
	    echo "bench needs wrk: run 'sudo apt-get install wrk' (Debian/Ubuntu) or 'brew install wrk'"; exit 1; \
	  fi; }
	$(BIN)/python -m bench

# What constraints.txt pins (and so the venv holds) that has a newer release: update the pin,
# `make install`, and run the tests that touch it.
outdated: $(STAMP)
	$(BIN)/python -m pip list --outdated --exclude-editable

clean:
	rm -rf $(VENV) build *.egg-info
