"""auditor: find machine-translation artifacts and quality problems in English text.

The package root stays import-light so that `auditor --help` starts fast; the public
API (`audit_text`, `apply_fixes`, ...) is loaded on first attribute access.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY_EXPORTS = {
    "audit_text": "auditor.check.audit",
    "audit_files": "auditor.check.audit",
    "Result": "auditor.check.audit",
    "load_ruleset": "auditor.packs.load",
    "apply_fixes": "auditor.fix.apply",
    "fix_text": "auditor.fix.apply",
    "fix_texts": "auditor.fix.apply",
    "FixOutcome": "auditor.fix.apply",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'auditor' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
