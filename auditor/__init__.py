"""auditor: find machine-translation artifacts and quality problems in English text.

The package root stays import-light so that `auditor --help` starts fast; the public
API (`auditor.api.__all__`: `audit_text`, `apply_fixes`, ...) is loaded on first attribute access.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    import importlib

    api = importlib.import_module("auditor.api") if not name.startswith("__") else None
    if api is None or name not in api.__all__:
        raise AttributeError(f"module 'auditor' has no attribute {name!r}")
    return getattr(api, name)
