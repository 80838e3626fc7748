"""`csv`: one row per finding with a header row, for spreadsheets and data tools."""

from __future__ import annotations

import csv
import io

from auditor.report.formats.shared import correction, finding_position, fix_label, message_with_also
from auditor.report.run import RunResult

COLUMNS = (
    "path", "line", "column", "end_line", "end_column", "severity", "rule", "name", "family",
    "message", "text", "suggestions", "fix", "correction",
)  # fmt: skip


def render(run: RunResult) -> str:
    """Render the header and one row per finding; several suggestions are joined with ' | '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for result, finding in run.findings():
        where = finding_position(result, finding)
        text = result.document.original
        writer.writerow(
            (
                result.path, where.line, where.column, where.end_line, where.end_column,
                finding.severity.label, finding.rule_id, finding.rule_name, finding.family, message_with_also(finding),
                text[finding.span.start : finding.span.end], " | ".join(finding.suggestions),
                fix_label(finding), correction(finding, text),
            )  # fmt: skip
        )
    for error in run.input_errors:  # an input not audited: a row with no position and no rule
        writer.writerow((error.path, "", "", "", "", "error", "", "", "", str(error), "", "", "", ""))
    return buffer.getvalue()
