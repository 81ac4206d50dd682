# Two commands: `make run` (site on SQLite with demo data) and `make test` (the whole suite).
# Everything else here is what those two need. Works from a fresh clone with Python 3.11+ and make.

PYTHON ?= python3
PORT ?= 8000
export PORT
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DEBUG ?= 1

# Debian packages: Chromium for the browser tests, fonts covering the scripts learners' names
# come in, HarfBuzz's subsetter (WeasyPrint embeds smaller fonts, 2.5x faster), gettext for the
# translation catalogues, poppler for reading PDFs back in tests.
SYSTEM_PACKAGES := chromium chromium-driver libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk gettext poppler-utils

.PHONY: run test ci-test lint system-deps venv install install-dev migrate seed messages clean

run: install migrate messages seed
	@echo "Serving on http://127.0.0.1:$(PORT)/ (demo logins above)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs on TEST_WORKERS processes (pytest-xdist), each with its own test database.
TEST_WORKERS ?= 2

test: system-deps install-dev messages
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input -v 0

seed: migrate
	$(PY) manage.py seed_demo

# Compile translation catalogues when gettext is there; without it the site runs in English.
messages: install
	@if [ ! -d locale ]; then exit 0; fi; \
	if command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages -v 0 --ignore=.venv; \
	else echo "gettext (msgfmt) not found: translations stay uncompiled, pages show English."; fi

# Install the Debian packages the tests and PDFs need, when root and missing; otherwise say what
# is missing (the browser tests then skip with a plain message, and .ci/run refuses skips).
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "NOTE: missing Debian packages:$$missing (not root, cannot install); browser tests will be skipped."; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3 media private_media staticfiles
