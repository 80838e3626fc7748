"""`rdjson`: reviewdog's diagnostic format (`reviewdog -f=rdjson`), columns in UTF-8 bytes."""

from __future__ import annotations

import json
from typing import Any

from auditor.model import Severity, Span
from auditor.report.formats.shared import message_with_also
from auditor.report.run import RunResult
from auditor.text.source import SourceText

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def text_range(source: SourceText, span: Span) -> dict[str, Any]:
    """Return a reviewdog range (end exclusive) for a span."""
    return {
        "start": {"line": source.line_index(span.start) + 1, "column": source.utf8_column(span.start)},
        "end": {"line": source.line_index(span.end) + 1, "column": source.utf8_column(span.end)},
    }


def document(run: RunResult) -> dict[str, Any]:
    """Return the DiagnosticResult of a run as a JSON-ready dict."""
    diagnostics = []
    for result, finding in run.findings():
        source = result.document.source
        diagnostic: dict[str, Any] = {
            "message": message_with_also(finding),
            "location": {"path": result.path, "range": text_range(source, finding.span)},
            "severity": SEVERITIES[finding.severity],
            "code": {"value": finding.rule_id},
        }
        if finding.fix is not None:
            diagnostic["suggestions"] = [{"range": text_range(source, edit.span), "text": edit.replacement} for edit in finding.fix.edits]
        diagnostics.append(diagnostic)
    for error in run.input_errors:  # an input not audited: a diagnostic on the file, without a range
        diagnostics.append({"message": str(error), "location": {"path": error.path}, "severity": "ERROR"})
    return {"source": {"name": "auditor"}, "diagnostics": diagnostics}


def render(run: RunResult) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"
