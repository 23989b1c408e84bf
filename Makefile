# Corridor: `make demo` runs a node with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= var/demo
DEMO_PORT ?= 8000
CORRIDOR_COUNTRY ?= PH
DEST_COUNTRY ?= SA

.PHONY: install install-test system-test demo test test-sqlite test-postgres bench lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@scripts/system-packages.sh gettext
	$(MAKE) --no-print-directory messages

install-test: install
	$(BIN)/pip install --quiet -r requirements-test.lock
	@scripts/system-packages.sh test

messages:
	cd src/corridor && ../../$(BIN)/corridor compilemessages -v 0

demo: install
	CORRIDOR_DATA_DIR=$(DEMO_DIR) CORRIDOR_DEMO=1 CORRIDOR_HTTPS=0 CORRIDOR_COUNTRY=$(CORRIDOR_COUNTRY) \
	  DEST_COUNTRY=$(DEST_COUNTRY) scripts/demo.sh $(DEMO_PORT)

test: install-test
	scripts/test.sh

test-sqlite: install-test
	$(BIN)/python -m pytest

test-postgres: install-test
	scripts/with-postgres.sh $(BIN)/python -m pytest -m "not browser"

bench: install-test
	scripts/with-postgres.sh $(BIN)/python benchmarks/run_all.py

lint: install-test
	BIN=$(BIN) scripts/lint.sh

clean:
	rm -rf $(VENV) var build *.egg-info
