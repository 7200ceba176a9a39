# Two commands for a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo where test lint bench golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

DEMO_REPLAY := .cache/demo-replay/report.json

## Build the demo issue offline on the seeded synthetic market and print where it is; each call
## carries its setup's replayed record on that market (hypothetical, like every figure in it).
demo: $(VENV)/.installed $(DEMO_REPLAY)
	$(BIN)/newsletter build --source sample --replay-report $(DEMO_REPLAY)
	@$(MAKE) --no-print-directory where

## The demo's replay (Breakdown Watch, the sections that make its calls; about 25 s): made once,
## again when the package's code, templates or defaults change.
$(DEMO_REPLAY): $(VENV)/.installed $(shell find newsletter -name '*.py' -o -name '*.j2' -o -name '*.yaml')
	$(BIN)/newsletter -q replay --source sample --sections breakdown --out $(dir $@)

## Say how to run the newsletter command (make installs it into .venv, which is not on the PATH).
where:
	@echo "Run the newsletter command as $(BIN)/newsletter (e.g. $(BIN)/newsletter --help),"
	@echo "or first 'source $(BIN)/activate' in your shell to type just: newsletter --help"

## Install the test tools, lint, type-check the gates and publishing ([tool.mypy]), run every test.
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

## Speed figures (not assertions): see benchmarks/.
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.run

## Regenerate the committed golden issue after an intended change; review the diff like code.
golden: $(VENV)/.installed-test
	NEWSLETTER_REGENERATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
