# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install system-deps lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh

## Run the relay on embedded defaults (loopback ports 2525/2587/2465, SQLite, ./relaywarden-data).
run: install
	$(VENV)/bin/relaywarden serve

## Install everything the tests need (Python and Debian packages), then lint, type-check and test.
test: install system-deps
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests bench

typecheck: install
	$(VENV)/bin/mypy

bench: install system-deps
	$(PY) bench/relay_throughput.py

clean:
	rm -rf $(VENV) relaywarden-data .pytest_cache .mypy_cache .ruff_cache
