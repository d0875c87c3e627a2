# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
STORE  := graph_data/build/store

.PHONY: run test build install install-test clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

build: install
	$(BIN)/planlink build

run: build
	$(BIN)/planlink serve --store $(STORE) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python benchmarks/build_bench.py

clean:
	rm -rf graph_data/build
