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

## Build the demo issue offline on the seeded synthetic market and print where it is.
demo: $(VENV)/.installed
	$(BIN)/newsletter build --source sample
	@$(MAKE) --no-print-directory where

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
