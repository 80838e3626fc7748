"""Baselines: record today's findings so that `check --baseline` reports only new ones.

A finding's fingerprint is its rule, its file (relative to the baseline file), the flagged
text, the text around it on its line and its occurrence index among identical ones: no line
numbers or offsets, so inserting or deleting lines elsewhere leaves it unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.check.document import Result
    from auditor.model import Finding

FORMAT_VERSION = 1
NEIGHBOURHOOD = 24  # characters of context kept on each side of the flagged text, within its line


class BaselineError(Exception):
    """A baseline file that cannot be read; `str()` is one line naming it."""


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def relative_path(path: str, root: Path) -> str:
    """Return a result's path relative to the baseline's folder, in POSIX form (stdin stays `<stdin>`)."""
    if path.startswith("<"):
        return path
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def fingerprints(result: "Result", root: Path) -> Iterator[tuple["Finding", str]]:
    """Yield each finding of a result with its fingerprint."""
    document = result.document
    source = document.source
    path = relative_path(result.path, root)
    seen: Counter[tuple[str, ...]] = Counter()
    for finding in result.findings:
        start, end = finding.span.start, finding.span.end
        line = source.line_index(start)
        line_start = source.line_starts[line]
        end_line = source.line_index(end)
        line_end = source.line_starts[end_line + 1] if end_line + 1 < source.line_count else len(document.original)
        key = (
            finding.rule_id,
            path,
            _squeeze(document.original[start:end]),
            _squeeze(document.original[max(line_start, start - NEIGHBOURHOOD) : start]),
            _squeeze(document.original[end : min(line_end, end + NEIGHBOURHOOD)]),
        )
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(json.dumps([*key, occurrence], ensure_ascii=False).encode("utf-8")).hexdigest()
        yield finding, digest[:32]


@dataclass(frozen=True)
class Baseline:
    """The fingerprints recorded in a baseline file."""

    root: Path  # the baseline file's folder: paths in it are relative to this
    recorded: frozenset[str]

    def new_findings(self, result: "Result") -> list["Finding"]:
        """Return the findings of a result that the baseline does not record."""
        return [finding for finding, digest in fingerprints(result, self.root) if digest not in self.recorded]


def write_baseline(path: str | Path, results: Iterable["Result"]) -> int:
    """Write the findings of `results` to a baseline file; return how many were recorded."""
    path = Path(path)
    root = path.parent
    entries = []
    for result in results:
        for finding, digest in fingerprints(result, root):
            line, column = result.document.source.position(finding.span.start)
            entries.append(
                {
                    "fingerprint": digest,
                    "rule": finding.rule_id,
                    "path": relative_path(result.path, root),
                    "line": line,  # for people reading the file; matching ignores it
                    "text": result.document.original[finding.span.start : finding.span.end],
                }
            )
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    document = {"version": FORMAT_VERSION, "tool": "auditor", "findings": entries}
    try:
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror}") from None
    return len(entries)


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file written by `auditor baseline create`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with `auditor baseline create PATHS -o {path}`)") from None
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: not a baseline file: {error}") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a version {FORMAT_VERSION} auditor baseline")
    try:
        recorded = frozenset(str(entry["fingerprint"]) for entry in data["findings"])
    except (TypeError, KeyError):
        raise BaselineError(f"{path}: a baseline entry has no fingerprint") from None
    return Baseline(path.parent, recorded)
