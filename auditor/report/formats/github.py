"""`github`: GitHub Actions workflow commands that annotate the files of a pull request.

Syntax: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`. The message
escapes `%`, CR and LF; property values also escape `:` and `,`.
"""

from __future__ import annotations

from auditor.model import Severity
from auditor.report.formats.shared import finding_position, message_with_also, proposal
from auditor.report.run import RunResult

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, properties: dict[str, object], message: str) -> str:
    """Return one workflow command line."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}"


def render(run: RunResult) -> str:
    """Render one annotation per finding and one error per file that could not be read."""
    lines = []
    for result, finding in run.findings():
        where = finding_position(result, finding)
        properties = {
            "file": result.path,
            "line": where.line,
            "col": where.column,
            "endLine": where.end_line,
            "endColumn": where.end_column,
            "title": f"auditor {finding.rule_id} ({finding.rule_name})",
        }
        message = message_with_also(finding)
        proposed = proposal(finding, result.document.original)
        if proposed:
            message += f"\nSuggested: {proposed}"
        lines.append(command(LEVELS[finding.severity], properties, message))
    for error in run.input_errors:
        lines.append(command("error", {"file": error.path, "title": "auditor: input error"}, str(error)))
    return "".join(line + "\n" for line in lines)
