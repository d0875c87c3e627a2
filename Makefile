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
GRAPH_INPUTS := $(wildcard graph_data/sources/*.txt graph_data/links/*.csv ontology/*.ttl scripts/*.py scripts/*/*.py)

.PHONY: run test build install install-test clean bench

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

bench: install-test
	$(BIN)/python benchmarks/build_bench.py

clean:
	rm -rf $(BUILD)
