"""`markdown`: a summary and a table of findings per file, for pull-request comments and wikis.

Audited text may contain Markdown or HTML; every cell is escaped so that it shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from auditor.report.formats.shared import finding_position, message_with_also, proposal, summary_line
from auditor.report.run import RunResult

# Inline Markdown only (cells and headings never start a block): emphasis, code, links,
# tables, strike-through, headings' closing hashes and GitHub's math.
_SPECIAL = re.compile(r"([\\`*_\[\]|~#$])")


def escape(text: str) -> str:
    """Escape text for a Markdown table cell: punctuation, HTML and line breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """Return the lines of a Markdown table; cells are escaped unless already Markdown (`Cell`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell if isinstance(cell, Cell) else escape(str(cell)) for cell in row) + " |")
    return lines


class Cell(str):
    """A table cell that is already Markdown (a link built from escaped parts)."""


def render(run: RunResult) -> str:
    """Render the summary line, findings by severity and one table per file with findings."""
    lines = ["# auditor report", "", escape(summary_line(run)), ""]
    counts = run.count_by_severity()
    lines += table(("Severity", "Findings"), counts.items())
    for result in run.results:
        if not result.findings:
            continue
        lines += ["", f"## {escape(result.path)}", ""]
        text = result.document.original
        rows = []
        for finding in result.findings:
            where = finding_position(result, finding)
            rows.append(
                (
                    f"{where.line}:{where.column}",
                    finding.severity.label,
                    f"{finding.rule_id} {finding.rule_name}",
                    text[finding.span.start : finding.span.end],
                    message_with_also(finding),
                    proposal(finding, text),
                )
            )
        lines += table(("Line:Col", "Severity", "Rule", "Text", "Message", "Correction"), rows)
    if run.input_errors:
        lines += ["", "## Not audited", ""]
        lines += [f"- {escape(str(error))}" for error in run.input_errors]
    return "\n".join(lines) + "\n"
