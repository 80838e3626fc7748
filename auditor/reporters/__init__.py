"""Report formats: one module each, all fed the same `RunResult`.

Each module exposes `render(run: RunResult) -> str`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.run import RunResult

FORMATS: dict[str, str] = {
    "text": "auditor.reporters.text",
    "json": "auditor.reporters.json_report",
}


def renderer(name: str) -> Callable[["RunResult"], str]:
    """Return the render function of a format."""
    return importlib.import_module(FORMATS[name]).render  # type: ignore[no-any-return]
