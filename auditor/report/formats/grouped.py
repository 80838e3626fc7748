"""`grouped`: findings under a heading per file, `line:col: severity [RULE] message -> suggestion`."""

from __future__ import annotations

from auditor.report.formats.shared import not_audited_lines, summary_line
from auditor.report.formats.text import emit, headline
from auditor.report.run import RunResult

SUPPORTS_COLOR = True


def render(run: RunResult, *, color: bool = False) -> str:
    """Render a block per file with findings, then the summary line."""
    from rich.text import Text

    lines: list[Text] = []
    for result in run.results:
        if not result.findings:
            continue
        lines.append(Text(f"{result.path}:", style="bold underline"))
        for finding in result.findings:
            lines.append(Text("  ").append_text(headline(result, finding, with_path=False, suggestion=True)))
        lines.append(Text(""))
    lines.extend(Text(line, style="red") for line in not_audited_lines(run))
    lines.append(Text(summary_line(run), style="bold"))
    return emit(lines, color)
