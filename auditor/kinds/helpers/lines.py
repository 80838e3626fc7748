"""Helpers for kinds that judge whole lines: non-blank lines, the edit that removes one, blocks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from auditor.model import Span

if TYPE_CHECKING:
    from auditor.text.document import Document


def content_lines(document: "Document") -> list[Span]:
    """Return the lines that hold something besides white space, in text order."""
    text = document.text
    return [line for line in document.lines if not text[line.start : line.end].isspace() and line.end > line.start]


def line_removal(document: "Document", lines: list[Span], index: int, *, leading: bool = False) -> Span:
    """Return the span to delete so that `lines[index]` disappears with its line break.

    A line goes together with the white space that separates it from the previous content
    line, so paragraphs keep their spacing. The first line, and every line of a run removed
    from the start of the text (`leading`), goes with the white space after it instead, so
    that the edits of a run of removed lines touch without overlapping.
    """
    line = lines[index]
    if index > 0 and not leading:
        return Span(lines[index - 1].end, line.end)
    if index + 1 < len(lines):
        return Span(line.start, lines[index + 1].start)
    return Span(line.start, len(document.text))


_SENTENCE_LINE_END_RE = re.compile(r"[.!?…:][\"'”’)\]]*[ \t\u00a0]*\r?\n")


def blocks(document: "Document") -> list[Span]:
    """Return the paragraphs, also split where a line ends with a sentence.

    Many texts put one paragraph per line with no blank line between; a line break after a
    sentence's end is taken as a paragraph break too (a hard-wrapped line rarely ends there).
    Computed once per document (four kinds ask), dropped with its segments (`Document.release`).
    """
    cached = document.__dict__.get(_BLOCKS_KEY)
    if cached is None:
        cached = document.__dict__[_BLOCKS_KEY] = _blocks(document)
    return cached


_BLOCKS_KEY = "_sentence_blocks"


def _blocks(document: "Document") -> list[Span]:
    text = document.text
    spans: list[Span] = []
    for paragraph in document.paragraphs:
        start = paragraph.start
        for match in _SENTENCE_LINE_END_RE.finditer(text, paragraph.start, paragraph.end):
            spans.append(Span(start, match.end() - 1 - (text[match.end() - 2] == "\r")))
            start = match.end()
        spans.append(Span(start, paragraph.end))
    return [span for span in spans if span.end > span.start]
