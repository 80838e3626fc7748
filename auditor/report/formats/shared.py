"""Pieces several report formats share: positions, the correction in words, the summary line."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check.document import Result
from auditor.model import Finding
from auditor.report.run import RunResult
from auditor.text.source import SourceText


@dataclass(frozen=True, slots=True)
class Position:
    """Where a finding starts and ends as 1-based lines and columns (end column exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


def position(source: SourceText, start: int, end: int) -> Position:
    """Return the code-point line/column range of `[start, end)`."""
    line, column = source.position(start)
    end_line, end_column = source.position(end)
    return Position(line, column, end_line, end_column)


def finding_position(result: Result, finding: Finding) -> Position:
    """Return where `finding` lies in its document, in code-point columns."""
    return position(result.document.source, finding.span.start, finding.span.end)


def quote(text: str) -> str:
    """Quote text for a one-line message; line breaks, tabs and invisible characters become escapes."""
    return "'" + "".join(_escaped(ch) for ch in text) + "'"


def _escaped(ch: str) -> str:
    # A no-break space must not read as a space: 'replace ' ' with ' '' says nothing.
    if ch == " " or (ch.isprintable() and not ch.isspace()):
        return "\\\\" if ch == "\\" else ch
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")


def correction(finding: Finding, text: str) -> str:
    """Describe in words what the finding proposes ('replace 'a' with 'b'', 'delete ...'), or ''."""
    if finding.fix is not None and len(finding.fix.edits) == 1:
        edit = finding.fix.edits[0]
        old = text[edit.span.start : edit.span.end]
        if not edit.replacement:
            return f"delete {quote(old)}"
        if not old:
            return f"insert {quote(edit.replacement)}"
        return f"replace {quote(old)} with {quote(edit.replacement)}"
    if finding.fix is not None:
        return f"apply {len(finding.fix.edits)} edits"
    if finding.suggestions:
        return "did you mean " + " or ".join(quote(s) for s in finding.suggestions) + "?"
    return ""


def also_note(finding: Finding) -> str:
    """Return 'also reported by CS001, TM001' for a finding other rules agreed with (`Finding.also`), or ''."""
    return f"also reported by {', '.join(finding.also)}" if finding.also else ""


def also_property(finding: Finding) -> dict[str, list[str]]:
    """Return `{"also": [...]}` for a machine format's finding object, or nothing when no other rule agreed."""
    return {"also": list(finding.also)} if finding.also else {}


def source_evidence(result: Result, finding: Finding) -> dict[str, str]:
    """Return `{"segment": id, "text": source}` for a finding in a translation read with its source, else nothing."""
    alignment = result.document.alignment
    segment = alignment.segment_at(finding.span) if alignment is not None else None
    return {"segment": segment.id, "text": segment.source} if segment is not None else {}


def message_with_also(finding: Finding) -> str:
    """Return the message, followed by '(also reported by ...)' when other rules agreed: for one-line formats."""
    note = also_note(finding)
    return f"{finding.message} ({note})" if note else finding.message


def fix_label(finding: Finding) -> str:
    """Return the fix's applicability label ('safe', 'unsafe', 'display-only'), or '' without a fix."""
    return finding.fix.applicability.label if finding.fix is not None else ""


def proposal(finding: Finding, text: str) -> str:
    """Return the correction in words with its fix's safety ('... (safe fix)'), or ''."""
    words = correction(finding, text)
    label = fix_label(finding)
    return f"{words} ({label} fix)" if words and label else words


def summary_line(run: RunResult) -> str:
    """Return 'N files audited[, K not audited], M findings (a error, b warning)'."""
    counts = run.count_by_severity()
    total = sum(counts.values())
    breakdown = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
    unread = f", {len(run.input_errors)} not audited" if run.input_errors else ""
    return f"{len(run.results)} files audited{unread}, {total} findings" + (f" ({breakdown})" if breakdown else "")


def not_audited_lines(run: RunResult) -> list[str]:
    """Return one line per input that could not be audited ('not audited: PATH: why')."""
    return [f"not audited: {error}" for error in run.input_errors]
