"""`text`: each finding with a code frame (its line, a caret under the span, the correction).

The styling helpers here are shared by `concise` and `grouped`: lines are built as rich
`Text` and printed with ANSI colours only when asked, so piped output stays plain.
"""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING

from auditor.check.document import Result
from auditor.check.readability import summary_text
from auditor.model import Finding, Severity
from auditor.report.corrections import correction_in_context
from auditor.report.formats.shared import correction, finding_position, fix_label, message_with_also, not_audited_lines, source_evidence, summary_line
from auditor.report.run import RunResult

if TYPE_CHECKING:
    from rich.text import Text

SUPPORTS_COLOR = True
SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
FRAME_WIDTH = 100  # code points of a line shown around a span; news paragraphs are one long line
FRAME_CONTEXT = 30  # code points kept before the span when a line is cut
FRAME_MAX_LINES = 4  # a span over more lines shows only its first
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def render(run: RunResult, *, color: bool = False) -> str:
    """Render every finding with a code frame, then the summary line."""
    from rich.text import Text

    lines: list[Text] = []
    for result, finding in run.findings():
        lines.extend(frame(result, finding))
        lines.append(Text(""))
    for result in run.results:
        if result.readability is not None:
            lines.append(Text(f"{result.path}: {summary_text(result.readability)}", style="dim"))
    lines.extend(Text(line, style="red") for line in not_audited_lines(run))
    lines.append(Text(summary_line(run), style="bold"))
    return emit(lines, color)


def emit(lines: list["Text"], color: bool) -> str:
    """Join styled lines into a string, with ANSI colours only when `color` is set."""
    if not color:
        return "".join(line.plain + "\n" for line in lines)
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", soft_wrap=True, highlight=False, emoji=False, markup=False)
    for line in lines:
        console.print(line)
    return buffer.getvalue()


def headline(result: Result, finding: Finding, *, with_path: bool = True, suggestion: bool = False) -> "Text":
    """Return `path:line:col: severity [RULE] message` (and ` -> 'first suggestion'`), styled."""
    from rich.text import Text

    where = finding_position(result, finding)
    line = Text()
    if with_path:
        line.append(f"{result.path}:", style="bold")
    line.append(f"{where.line}:{where.column}:")
    line.append(" ")
    line.append(finding.severity.label, style=SEVERITY_STYLES[finding.severity])
    line.append(f" [{finding.rule_id}]", style="dim")
    line.append(f" {message_with_also(finding)}")
    if suggestion and finding.suggestions:
        line.append(f" -> {finding.suggestions[0]!r}", style="green")
    return line


def frame(result: Result, finding: Finding) -> list["Text"]:
    """Return the headline, the lines under the span with carets, the correction and related notes."""
    from rich.text import Text

    source = result.document.source
    where = finding_position(result, finding)
    last = where.end_line
    if last > where.line and where.end_column == 1:
        last -= 1  # the span ends with a line break: nothing is underlined on the next line
    # A span over many lines (a paragraph, the whole text) shows its first line only.
    numbers = list(range(where.line, last + 1 if last - where.line < FRAME_MAX_LINES else where.line + 1))
    gutter = len(str(last))
    style = SEVERITY_STYLES[finding.severity]
    out = [headline(result, finding), Text(f"{'':>{gutter}} |", style="blue")]
    for number in numbers:
        text = source.line_text(number)
        low = where.column - 1 if number == where.line else 0
        high = where.end_column - 1 if number == where.end_line else len(text)
        excerpt, low, high = window(text, low, high)
        out.append(Text.assemble((f"{number:>{gutter}} | ", "blue"), excerpt))
        if high == low and len(numbers) > 1:
            continue  # a blank line inside the span: nothing to underline
        carets = Text.assemble((f"{'':>{gutter}} | ", "blue"), " " * _cells(excerpt[:low]), ("^" * max(1, _cells(excerpt[low:high])), style))
        if number == numbers[-1]:
            carets.append_text(_correction_text(finding, result.document.original))
        out.append(carets)
    if numbers[-1] < last:
        out.append(Text(f"{'':>{gutter}} ... to line {last}", style="blue"))
    in_context = correction_in_context(result.document.original, finding)
    if in_context is not None:
        out.append(Text(f"{'':>{gutter}} = {in_context}", style="green"))
    evidence = source_evidence(result, finding)
    if evidence:
        out.append(Text(f"{'':>{gutter}} = source [{evidence['segment']}]: {evidence['text']}", style="dim"))
    for related in finding.related:
        path = related.path or result.path
        related_source = source if related.path in (None, result.path) else None
        place = f"{path}:{related_source.position(related.span.start)[0]}" if related_source else path
        out.append(Text(f"{'':>{gutter}} = note: {related.message} ({place})", style="dim"))
    return out


def _correction_text(finding: Finding, text: str) -> "Text":
    from rich.text import Text

    words = correction(finding, text)
    if not words:
        return Text("")
    label = fix_label(finding)
    return Text.assemble(" ", (words, "green"), (f" ({label} fix)" if label else "", "dim"))


def window(line: str, low: int, high: int, width: int = FRAME_WIDTH) -> tuple[str, int, int]:
    """Cut a long line around `[low, high)`; return the visible excerpt and the span's place in it."""
    start, end = 0, len(line)
    if end > width:
        start = max(0, low - FRAME_CONTEXT)
        end = min(len(line), start + width)
        if end == len(line):
            start = max(0, end - width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line) else ""
    excerpt = prefix + "".join(_visible(ch) for ch in line[start:end]) + suffix
    shift = len(prefix) - start
    return excerpt, max(low, start) + shift, min(high, end) + shift


def _visible(ch: str) -> str:
    # Control and zero-width characters would shift the carets or vanish; tabs become one space.
    if ch == "\t":
        return " "
    return "·" if unicodedata.category(ch) in _INVISIBLE else ch


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)
