"""`json`: the stable machine contract documented in docs/json-format.md."""

from __future__ import annotations

import functools
import io
import json
import math
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from auditor.check.document import Result
from auditor.model import Finding
from auditor.report.formats.shared import source_evidence
from auditor.report.run import RunResult

FORMAT_VERSION = 1


def finding_record(result: Result, finding: Finding) -> dict[str, Any]:
    """Return the JSON object of one finding (offsets in code points, lines 1-based)."""
    source = result.document.source
    line, column = source.position(finding.span.start)
    end_line, end_column = source.position(finding.span.end)
    record: dict[str, Any] = {
        "rule": finding.rule_id,
        "name": finding.rule_name,
        "family": finding.family,
        "severity": finding.severity.label,
        "start": finding.span.start,
        "end": finding.span.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": source.text[finding.span.start : finding.span.end],
        "message": finding.message,
        "suggestions": list(finding.suggestions),
        "fix": None,
        "engine": finding.engine,
    }
    if finding.fix is not None:
        record["fix"] = {
            "applicability": finding.fix.applicability.label,
            "edits": [{"start": e.span.start, "end": e.span.end, "replacement": e.replacement} for e in finding.fix.edits],
        }
    if finding.also:
        record["also"] = list(finding.also)
    evidence = source_evidence(result, finding)
    if evidence:
        record["source"] = evidence
    if finding.related:
        record["related"] = [
            {"path": r.path or result.path, "start": r.span.start, "end": r.span.end, "message": r.message} for r in finding.related
        ]
    return record


def file_record(result: Result) -> dict[str, Any]:
    """Return the JSON object of one file."""
    record: dict[str, Any] = {"path": result.path, "findings": [finding_record(result, f) for f in result.findings]}
    if result.readability is not None:
        record["readability"] = result.readability
    return record


def document(run: RunResult) -> dict[str, Any]:
    """Return the whole JSON document of a run."""
    return {"version": FORMAT_VERSION, "files": [file_record(result) for result in run.results], **_closing(run)}


def _closing(run: RunResult) -> dict[str, Any]:
    """Return the members of the document after `files`."""
    return {
        "errors": [{"path": error.path, "message": str(error)} for error in run.input_errors],
        "summary": {
            "files": run.files(),
            "findings": sum(run.count_by_severity().values()),
            "by_severity": run.count_by_severity(),
        },
    }


def render(run: RunResult) -> str:
    out = io.StringIO()
    write(run, out)
    return out.getvalue()


def write(run: RunResult, stream: TextIO) -> None:
    """Write `json.dumps(document(run), indent=2, ensure_ascii=False)` and a newline to `stream`.

    File records are encoded and written one at a time, so the whole document never sits in
    memory as one object or one string (tens of MiB for a large batch).
    """
    stream.write(f'{{\n  "version": {indented(FORMAT_VERSION, 1)},\n  "files": ')
    opener = "["
    for result in run.each_result():
        stream.write(opener + "\n    " + indented(file_record(result), 2))
        opener = ","
    stream.write("[]" if opener == "[" else "\n  ]")
    closing = _closing(run)
    stream.write(f',\n  "errors": {indented(closing["errors"], 1)},\n  "summary": {indented(closing["summary"], 1)}\n}}\n')


def indented(value: Any, level: int = 0) -> str:
    """Return `value` as `json.dumps(indent=2, ensure_ascii=False)` writes it nested `level` deep.

    The standard library encodes indented JSON in Python with a generator per container;
    building one list of parts is about three times faster for the many small records of a
    report (tests compare the two on every kind of value).
    """
    parts: list[str] = []
    _encode(value, level, parts)
    return "".join(parts)


_STRING = json.encoder.encode_basestring  # the C encoder where available, as json.dumps uses


def _encode(value: Any, level: int, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(_STRING(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        if _holds_scalars_only(value):
            parts.append(_flat(value, level))
            return
        inner = "\n" + "  " * (level + 1)
        opener = "[" + inner
        for item in value:
            parts.append(opener)
            opener = "," + inner
            _encode(item, level + 1, parts)
        parts.append("\n" + "  " * level + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        if _holds_scalars_only(value.values()):
            parts.append(_flat(value, level))
            return
        inner = "\n" + "  " * (level + 1)
        opener = "{" + inner
        for key, item in value.items():
            member = opener + _STRING(key if type(key) is str else _key(key)) + ": "
            opener = "," + inner
            # The scalar members of records, inline: most values are strings and integers.
            kind = type(item)
            if kind is str:
                parts.append(member + _STRING(item))
            elif kind is int:
                parts.append(member + int.__repr__(item))
            else:
                parts.append(member)
                _encode(item, level + 1, parts)
        parts.append("\n" + "  " * level + "}")
    else:
        parts.append(json.dumps(value))  # raises TypeError as json.dumps would


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _holds_scalars_only(values: Iterable[Any]) -> bool:
    return all(map(_SCALARS.__contains__, map(type, values)))


def _flat(value: list[Any] | tuple[Any, ...] | dict[Any, Any], level: int) -> str:
    """Encode a container of scalars in one call of the C encoder.

    Without nesting, the indented form is the compact one whose item separator carries the
    new line and the indent; most of a report is such containers (readability records,
    suggestions), which the Python path above takes member by member.
    """
    encoded = _flat_encoder(level)(value)
    return encoded[0] + "\n" + "  " * (level + 1) + encoded[1:-1] + "\n" + "  " * level + encoded[-1]


@functools.lru_cache(maxsize=None)
def _flat_encoder(level: int) -> Callable[[Any], str]:
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + "  " * (level + 1), ": ")).encode


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
