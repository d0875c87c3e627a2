# The two commands of the README: `make run` and `make test`.
# Stamps make them incremental: the venv is reinstalled only when pyproject.toml or setup.py changes (the
# install is editable, so code changes need none), the graph rebuilt only when a plan, link table,
# ontology file or loader changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
BUILD  := graph_data/build
STORE  := $(BUILD)/store
# the build also writes the JSON documents the API code makes (api/documents.py): its code is an input too
GRAPH_INPUTS := $(wildcard graph_data/sources/*.txt graph_data/links/*.csv ontology/*.ttl scripts/*.py scripts/*/*.py \
                 api/documents.py api/schemas.py api/services/*.py api/queries/*.rq api/store/*.py)

.PHONY: run test build install install-test clean bench system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(BUILD)/.built: $(VENV)/.installed $(GRAPH_INPUTS)
	$(BIN)/planlink build --out $(STORE)
	touch $@

build: $(BUILD)/.built

run: build
	$(BIN)/planlink serve --store $(STORE) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

# Every figure of docs/benchmarks.md and docs/growth.md from one run (benchmarks/bench.py); a full
# run at 100x takes long: `make bench SCALES="1 10"` for a shorter one.
SCALES ?= 1 10 100
bench: install-test build
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python benchmarks/bench.py --scales $(SCALES)

clean:
	rm -rf $(BUILD)

# What the browser, engine and load tests need, from Debian's packages (as root; .ci/run calls it).
# Each is installed on its own, so one that cannot be had leaves the others (their tests say so and skip).
SYSTEM_DEPS := chromium virtuoso-opensource wrk
system-deps:
	@missing=$$(for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	[ -z "$$missing" ] && exit 0; apt-get update -qq; \
	for package in $$missing; do \
	    echo "installing $$package"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$package >/dev/null \
	        || echo "$$package could not be installed; the tests that need it will say so and skip" >&2; \
	done
