# ofdmisac: every target creates and uses its own virtual environment in .venv
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench examples clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ofdmisac run --overwrite $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ofdmisac tests benchmarks examples

test: lint
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

# every benchmark runs, even after a crash; the target fails only if a script crashed (a
# missed goal is printed as MISSED, not an error). BENCH_ARGS=--quick for a short run.
bench: $(STAMP)
	@failed=""; for b in benchmarks/bench_*.py; do \
	    echo "== $$b"; $(BIN)/python $$b $(BENCH_ARGS) || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "crashed:$$failed"; exit 1; fi

examples: $(STAMP)
	for e in examples/*.py; do MPLBACKEND=Agg $(BIN)/python $$e || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info ofdmisac-results .pytest_cache
