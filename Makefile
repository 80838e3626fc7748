# Two entry points: `make audit` (set up, audit seeds/, write reports/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

audit: $(STAMP)
	$(BIN)/auditor check seeds/ --fail-on never

test: $(STAMP)
	$(BIN)/python -m pytest

# Not part of the test suite: detection against ../shared/eval (EVAL_ARGS=--data DIR) and speed against proselint.
eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval $(EVAL_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV)
