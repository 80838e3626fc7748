"""auditor: find machine-translation artifacts and quality problems in English text.

The package root stays import-light so that `auditor --help` starts fast; the public
API (`audit_text`, `apply_fixes`, ...) is loaded on first attribute access.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY_EXPORTS = {
    "audit_text": "auditor.audit",
    "audit_files": "auditor.audit",
    "Result": "auditor.audit",
    "load_ruleset": "auditor.packs",
    "apply_fixes": "auditor.fixes",
    "fix_text": "auditor.fixes",
    "fix_texts": "auditor.fixes",
    "FixOutcome": "auditor.fixes",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'auditor' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
