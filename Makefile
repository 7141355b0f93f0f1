# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test test-deps lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/bbabo run

# Debian packages (apertium pairs, chromium) and the services the suite talks to; quick and
# silent when all is there, one line saying what to do when it cannot set them up.
test-deps:
	@scripts/test-deps

test: $(STAMP_TEST) test-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# One command per benchmark from a fresh clone, e.g. `make bench-translate ARGS="--quick"`:
# the test extras, the Debian packages that benchmark needs (bench/debs.sh), then
# bench/<name>.py with ARGS. The scale benchmark needs what the suite needs (Apertium's
# eng-spa, the three services), so it runs the suite's set-up first. docs/benchmarks.md lists
# each one's command and options.
BENCHES := extraction freshness ingest langid listings scale site stories translate xsearch
BENCH_DEBS_site := wrk nginx
.PHONY: $(addprefix bench-,$(BENCHES))
bench-scale: test-deps
$(addprefix bench-,$(BENCHES)): bench-%: $(STAMP_TEST)
	@bench/debs.sh $(BENCH_DEBS_$*)
	$(BIN)/python bench/$*.py $(ARGS)

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
