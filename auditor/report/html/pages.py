"""The per-file page of the HTML report: the text cut into highlighted pieces, line by line.

Findings may overlap and may span lines, so the text is cut at every line start and every
finding boundary; each piece knows every finding that covers it. The template only loops
and escapes.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from auditor.check.document import Result
from auditor.fix.apply import apply_fixes, unified_diff
from auditor.model import Finding
from auditor.report.corrections import Correction, correction_in_context
from auditor.report.formats.shared import finding_position, fix_label, proposal, source_evidence

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TOKENS = re.compile(r"\w+|\s|[^\w\s]")
DIFF_CONTEXT = 0  # lines are paragraphs: neighbouring ones add length, not context
WIDE_SPAN = 300  # code points; longer findings (paragraphs, the whole text) are marked per line
QUOTE_LENGTH = 160  # longer flagged text is shortened in the side list
SIMILAR_LINES = 0.75  # removed and added lines this alike are one changed line, marked word by word


@dataclass(frozen=True)
class FindingView:
    """One finding as the side list shows it."""

    number: int
    severity: str
    rule_id: str
    rule_name: str
    family: str
    line: int
    column: int
    text: str
    message: str
    proposal: str
    in_context: Correction | None
    applicability: str
    also: tuple[str, ...] = ()  # the other rules that reported the same problem (`Finding.also`)
    end_line: int = 0
    source: str = ""  # the source segment of a translation read with its source ("[id] text")

    @property
    def shown_text(self) -> str:
        """Return the flagged text, or the names of its characters when it shows nothing (a no-break space).

        A span too wide to highlight (a paragraph, the whole text) is named by its lines, not quoted.
        """
        if len(self.text) > WIDE_SPAN:
            return f"lines {self.line}–{self.end_line} ({len(self.text)} characters)"
        if len(self.text) > QUOTE_LENGTH:
            start, end = " ".join(self.text[:100].split()), " ".join(self.text[-40:].split())
            return f"{start} … {end} ({len(self.text)} characters)"
        if any(ch.isprintable() and not ch.isspace() for ch in self.text) or len(self.text) > 3:
            return self.text
        return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip() for ch in self.text)

    @property
    def tip(self) -> str:
        """Return the hover text: severity, rule, message and the proposed correction."""
        tip = f"{self.severity} {self.rule_id}: {self.message}" + (f" (also {', '.join(self.also)})" if self.also else "")
        return tip + (f"\n→ {self.proposal}" if self.proposal else "")


@dataclass(frozen=True)
class Piece:
    """A run of text covered by the same findings; `inserts` are zero-width findings just before it."""

    text: str
    findings: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()
    inserts: tuple[int, ...] = ()
    severity: str = ""
    tip: str = ""

    @property
    def blank(self) -> bool:
        """Whether the piece shows nothing (white space or invisible characters), so needs an outline."""
        return not any(ch.isprintable() and not ch.isspace() for ch in self.text)


@dataclass(frozen=True)
class Line:
    """One line of the file with its pieces and, on a paragraph's first line, its readability."""

    number: int
    pieces: tuple[Piece, ...]
    paragraph: dict[str, Any] | None = None
    flags: tuple[int, ...] = ()  # findings too wide to highlight word by word, marked beside the line


@dataclass(frozen=True)
class DiffLine:
    """One line of the diff: its kind (header, hunk, context, add, del) and (text, changed) parts."""

    kind: str
    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class FilePage:
    """Everything the file template shows."""

    path: str
    name: str
    lines: tuple[Line, ...]
    findings: tuple[FindingView, ...]
    paragraphs: tuple[dict[str, Any], ...]
    readability: dict[str, Any] | None
    target_grade: float | None  # the readability profile's highest grade level, when it sets one
    diff: tuple[DiffLine, ...]


def page_name(path: str, taken: set[str]) -> str:
    """Return a unique, safe file name for a path's page (`seeds/a.txt` -> `seeds__a.txt.html`)."""
    parts = [part for part in re.split(r"[\\/]+", path) if part not in ("", ".", "..")]
    base = "__".join(_UNSAFE_NAME.sub("_", part) for part in parts) or "text"
    name, number = f"{base}.html", 1
    while name in taken:
        number += 1
        name = f"{base}-{number}.html"
    taken.add(name)
    return name


def finding_views(result: Result) -> tuple[FindingView, ...]:
    """Return the side-list entries of a file's findings, numbered from 1 in text order."""
    text = result.document.original
    views = []
    for number, finding in enumerate(result.findings, start=1):
        where = finding_position(result, finding)
        views.append(
            FindingView(
                number=number,
                severity=finding.severity.label,
                rule_id=finding.rule_id,
                rule_name=finding.rule_name,
                family=finding.family or "general",
                line=where.line,
                column=where.column,
                text=text[finding.span.start : finding.span.end],
                message=finding.message,
                proposal=proposal(finding, text),
                in_context=correction_in_context(text, finding),
                applicability=fix_label(finding),
                also=finding.also,
                end_line=where.end_line,
                source=" ".join(f"[{e['segment']}] {e['text']}".split()) if (e := source_evidence(result, finding)) else "",
            )
        )
    return tuple(views)


def _shows_nothing(text: str) -> bool:
    return all(ch in "\r\n" for ch in text)


def cut(result: Result, views: tuple[FindingView, ...]) -> list[Line]:
    """Cut the file's text into lines of pieces, each knowing the findings that cover it."""
    text = result.document.original
    source = result.document.source
    findings: list[Finding] = result.findings
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    inserts: dict[int, list[int]] = {}
    flags: dict[int, list[int]] = {}
    for index, finding in enumerate(findings):
        start, end = finding.span.start, finding.span.end
        if _shows_nothing(text[start:end]):
            inserts.setdefault(start, []).append(index)
            continue
        if end - start > WIDE_SPAN:
            # A paragraph or the whole text (readability): mark its lines, not every word,
            # or it would hide the precise findings inside it.
            for line in range(source.line_index(start), source.line_index(end - 1) + 1):
                flags.setdefault(line, []).append(views[index].number)
            continue
        starts.setdefault(start, []).append(index)
        ends.setdefault(end, []).append(index)
    bounds = sorted(set(source.line_starts) | set(starts) | set(ends) | set(inserts) | {0, len(text)})
    pieces: dict[int, list[Piece]] = {}
    active: set[int] = set()
    for position, stop in zip(bounds, bounds[1:] + [len(text)]):
        active.difference_update(ends.get(position, ()))
        active.update(starts.get(position, ()))
        shown = text[position:stop].rstrip("\r\n") if stop > position else ""
        line = source.line_index(position)
        here = inserts.get(position, [])
        if not shown and not here:
            continue
        covering = tuple(sorted(active)) if shown else ()
        worst = max((findings[i].severity for i in covering), default=None)
        pieces.setdefault(line, []).append(
            Piece(
                text=shown,
                findings=tuple(views[i].number for i in covering),
                starts=tuple(views[i].number for i in sorted(starts.get(position, ()))),
                inserts=tuple(views[i].number for i in here),
                severity=worst.label if worst is not None else "",
                tip="\n".join(views[i].tip for i in covering),
            )
        )
    return [Line(number + 1, tuple(pieces.get(number, ())), flags=tuple(flags.get(number, ()))) for number in range(source.line_count)]


def paragraph_rows(result: Result) -> tuple[dict[str, Any], ...]:
    """Return the file's paragraph readability with the line each paragraph starts on."""
    if not result.readability:
        return ()
    source = result.document.source
    rows = []
    for number, paragraph in enumerate(result.readability.get("paragraphs") or (), start=1):
        row = dict(paragraph)
        row["number"] = number
        row["line"] = source.line_index(min(int(paragraph["start"]), len(source.text))) + 1
        rows.append(row)
    return tuple(rows)


def diff_lines(result: Result) -> tuple[DiffLine, ...]:
    """Return the unified diff of the file's safe fixes, changed words marked inside changed lines."""
    text = result.document.original
    lines = unified_diff(result.path, text, apply_fixes(text, result.findings), context=DIFF_CONTEXT).splitlines()
    out = [DiffLine("header", ((line, False),)) for line in lines[:2]]
    index = 2
    while index < len(lines):
        line = lines[index]
        if not line.startswith(("-", "+")):
            out.append(DiffLine("hunk" if line.startswith("@@") else "context", ((line, False),)))
            index += 1
            continue
        removed = _run(lines, index, "-")
        added = _run(lines, index + len(removed), "+")
        index += len(removed) + len(added)
        removed_parts: dict[int, tuple[tuple[str, bool], ...]] = {i: ((line, False),) for i, line in enumerate(removed)}
        added_parts: dict[int, tuple[tuple[str, bool], ...]] = {i: ((line, False),) for i, line in enumerate(added)}
        for old, new in _pairs(removed, added):
            old_words, new_words = _changed_words(removed[old][1:], added[new][1:])
            removed_parts[old], added_parts[new] = (("-", False), *old_words), (("+", False), *new_words)
        out += [DiffLine("del", parts) for parts in removed_parts.values()]
        out += [DiffLine("add", parts) for parts in added_parts.values()]
    return tuple(out)


def _pairs(removed: list[str], added: list[str]) -> list[tuple[int, int]]:
    """Pair each added line with the next removed line it resembles (a fix changes a line, deletes others)."""
    pairs = []
    next_removed = 0
    for new_index, new in enumerate(added):
        for old_index in range(next_removed, len(removed)):
            if difflib.SequenceMatcher(None, removed[old_index], new, autojunk=False).quick_ratio() >= SIMILAR_LINES:
                pairs.append((old_index, new_index))
                next_removed = old_index + 1
                break
    return pairs


def _run(lines: list[str], start: int, prefix: str) -> list[str]:
    end = start
    while end < len(lines) and lines[end].startswith(prefix):
        end += 1
    return lines[start:end]


def _changed_words(old: str, new: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    # Word-level matching: paragraphs are long lines, and a fix changes a word or a space.
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_parts: list[tuple[str, bool]] = []
    new_parts: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            old_parts.append(("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            new_parts.append(("".join(b[j1:j2]), tag != "equal"))
    return tuple(old_parts), tuple(new_parts)


def _target_grade(result: Result) -> float | None:
    targets = (result.readability or {}).get("targets") or {}
    value = targets.get("max_grade")
    return float(value) if isinstance(value, (int, float)) else None


def file_page(result: Result, name: str) -> FilePage:
    """Build the page model of one file."""
    views = finding_views(result)
    paragraphs = paragraph_rows(result)
    lines = cut(result, views)
    first_lines: dict[int, dict[str, Any]] = {}
    for row in paragraphs:
        first_lines.setdefault(row["line"], row)
    lines = [dataclasses.replace(line, paragraph=first_lines.get(line.number)) for line in lines]
    return FilePage(
        path=result.path,
        name=name,
        lines=tuple(lines),
        findings=views,
        paragraphs=paragraphs,
        readability=(result.readability or {}).get("document"),
        target_grade=_target_grade(result),
        diff=diff_lines(result),
    )
