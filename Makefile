# Two entry points: `make audit` (set up, audit seeds/, write reports/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

audit: $(STAMP)
	$(BIN)/auditor check seeds/ --fail-on never

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
