"""Report formats: one module each, all fed the same `RunResult`.

Each module exposes `render(run: RunResult) -> str`; terminal formats set `SUPPORTS_COLOR`
and accept `color=True` for ANSI colours.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from auditor.report.run import RunResult

FORMATS: dict[str, str] = {
    "text": "auditor.report.formats.text",
    "concise": "auditor.report.formats.concise",
    "grouped": "auditor.report.formats.grouped",
    "json": "auditor.report.formats.json_report",
    "jsonl": "auditor.report.formats.jsonl",
    "sarif": "auditor.report.formats.sarif",
    "junit": "auditor.report.formats.junit",
    "github": "auditor.report.formats.github",
    "rdjson": "auditor.report.formats.rdjson",
    "csv": "auditor.report.formats.csv_report",
    "markdown": "auditor.report.formats.markdown",
}


def renderer(name: str) -> Callable[["RunResult"], str]:
    """Return the render function of a format."""
    return importlib.import_module(FORMATS[name]).render  # type: ignore[no-any-return]


def is_terminal_format(name: str) -> bool:
    """Return whether a format is written for people at a terminal (and may be coloured)."""
    return bool(getattr(importlib.import_module(FORMATS[name]), "SUPPORTS_COLOR", False))


def streams(name: str) -> bool:
    """Return whether a format writes results as they come (`write`), so a run need not hold them."""
    return hasattr(importlib.import_module(FORMATS[name]), "write")


def write(name: str, run: "RunResult", stream: TextIO, *, color: bool = False) -> None:
    """Write a run in a format to `stream`; a format with its own `write` streams it file by file."""
    module = importlib.import_module(FORMATS[name])
    if hasattr(module, "write"):
        module.write(run, stream)
    else:
        stream.write(render(name, run, color=color))


def render(name: str, run: "RunResult", *, color: bool = False) -> str:
    """Render a run in a format, coloured when asked and the format supports it."""
    module = importlib.import_module(FORMATS[name])
    if getattr(module, "SUPPORTS_COLOR", False):
        return module.render(run, color=color)  # type: ignore[no-any-return]
    return module.render(run)  # type: ignore[no-any-return]
