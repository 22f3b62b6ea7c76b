# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install system-deps bench-deps lint typecheck bench bench-scan bench-second-stage bench-audit clean

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

## SpamAssassin and Rspamd for the detection comparison, wordllama for the second-stage
## measurement (none of them is needed by the tests or the relay).
bench-deps: install
	bash scripts/install-bench-deps.sh
	$(PY) -m pip install -q 'wordllama==0.4.0.post1'

## Threat detection: scan CPU per message, then detection next to SpamAssassin and Rspamd.
bench-scan: install bench-deps
	$(PY) bench/scan_cost.py
	$(PY) bench/modern_eval.py
	$(PY) bench/modern_eval.py --messages tests/scan/fresh --output bench/results/fresh_eval.json
	$(PY) bench/modern_eval.py --messages tests/scan/blind2 --local-domain northwind.example \
		--executive "Marcus Ellery" --executive "Hannah Oyelaran" --output bench/results/blind2_eval.json
	$(PY) bench/modern_eval.py --messages tests/scan/blind3 --local-domain helvetica-labs.example \
		--executive "Sofia Brunner" --executive "Luca Keller" --output bench/results/blind3_eval.json
	$(PY) bench/modern_eval.py --messages tests/scan/blind4 --local-domain nordlys-health.example \
		--executive "Erik Haugland" --executive "Maria Lindqvist" --output bench/results/blind4_eval.json
	$(PY) bench/modern_eval.py --messages tests/scan/blind5 --local-domain cedarpoint-legal.example \
		--executive "Rebecca Hale" --executive "Thomas Brandt" --output bench/results/blind5_eval.json
	$(PY) bench/detection_compare.py

## Whether a heavier second classifier stage near the threshold pays (issue 4, optional).
bench-second-stage: install bench-deps
	$(PY) bench/second_stage.py

## A full audit of a two-MX domain on loopback, next to checkdmarc.
bench-audit: install
	$(PY) bench/audit_time.py

clean:
	rm -rf $(VENV) relaywarden-data .pytest_cache .mypy_cache .ruff_cache
