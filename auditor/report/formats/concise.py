"""`concise`: one line per finding, `path:line:col: severity [RULE] message -> suggestion`."""

from __future__ import annotations

from auditor.report.formats.shared import not_audited_lines, summary_line
from auditor.report.formats.text import emit, headline
from auditor.report.run import RunResult

SUPPORTS_COLOR = True


def render(run: RunResult, *, color: bool = False) -> str:
    """Render one line per finding, then the summary line."""
    from rich.text import Text

    lines = [headline(result, finding, suggestion=True) for result, finding in run.findings()]
    lines.extend(Text(line, style="red") for line in not_audited_lines(run))
    lines.append(Text(summary_line(run), style="bold"))
    return emit(lines, color)
