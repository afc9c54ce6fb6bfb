# Two commands set everything up on a fresh machine that has python3, make and this repo:
#   make site   validate the committed data and build the static site into site/
#   make test   run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha256sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json 2>/dev/null | sha256sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
STATES ?=
# The site's languages: empty builds both (mkdocs.yml: en,es); LANGUAGES=en builds English only (a quicker preview).
LANGUAGES ?=
PYTEST_ARGS ?=

.PHONY: site serve test validate browser lint clean
.DEFAULT_GOAL := site

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@rm -f node_modules/.installed-* && touch $@

## Browser tests need Debian's Chromium; install it when running as root and it is missing.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; fi; \
	fi

validate: $(STAMP)
	$(BIN)/atlas validate

site: $(STAMP) $(NODE_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/atlas build --states "$(STATES)" $(if $(LANGUAGES),--languages "$(LANGUAGES)")

serve: $(STAMP) $(NODE_STAMP)
	NO_MKDOCS_2_WARNING=1 ATLAS_STATES="$(STATES)" $(if $(LANGUAGES),ATLAS_LANGUAGES="$(LANGUAGES)") \
	  $(BIN)/mkdocs serve --strict -a $(HOST):$(PORT)

test: $(STAMP) $(NODE_STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

clean:
	rm -rf site .pytest_cache
