# The two set-up commands: `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INI ?= development.ini
STAMP := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test lint i18n docs vendor system-deps

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	mkdir -p var
	$(BIN)/relais -c $(INI) migrate
	$(BIN)/relais -c $(INI) demo
	$(BIN)/relais -c $(INI) serve --worker

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

system-deps:
	@sh scripts/system_deps.sh

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

i18n: $(STAMP)
	sh scripts/i18n.sh

# The settings table of docs/settings.md, for the core and every shipped plugin.
docs: $(STAMP)
	sh scripts/settings_doc.sh

vendor:
	$(PYTHON) scripts/vendor_assets.py
