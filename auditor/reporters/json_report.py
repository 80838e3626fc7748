"""`json`: the stable machine contract documented in docs/json-format.md."""

from __future__ import annotations

import json
from typing import Any

from auditor.audit import Result
from auditor.model import Finding
from auditor.run import RunResult

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
    return {
        "version": FORMAT_VERSION,
        "files": [file_record(result) for result in run.results],
        "errors": [{"path": error.path, "message": str(error)} for error in run.input_errors],
        "summary": {
            "files": len(run.results),
            "findings": sum(len(r.findings) for r in run.results),
            "by_severity": run.count_by_severity(),
        },
    }


def render(run: RunResult) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"
