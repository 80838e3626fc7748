"""A translation's segments as source-aware rules see them: each target span with its source text.

A bitext file (an aligned pair, TSV/CSV, JSONL, XLIFF, TMX; `read.bitext`) becomes a
`Document` whose `text` is the file with everything but the target text blanked (the prose
view of `read.markup`), so offsets, lines and columns point into the file itself and `fix`
writes the file back with only the target text changed. The source text of each segment is
not in the view: it travels in `Document.alignment`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from auditor.model import Span


@dataclass(frozen=True, slots=True)
class AlignedSegment:
    """One translation unit: its id in the file, the source text, and where its target sits."""

    id: str
    source: str
    target: Span


@dataclass(frozen=True)
class Alignment:
    """Every segment of a bitext document in target order, and what a fix may not write there.

    `reserved` are characters the file format escapes (`&` and `<` in XML, the delimiter in
    TSV): a fix that would write one is dropped (`findings.markup.respect_markup`), since the
    view holds decoded text and the file needs the escaped form.
    """

    segments: tuple[AlignedSegment, ...]
    source_language: str = ""
    target_language: str = ""
    reserved: str = ""
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [segment.target.start for segment in self.segments])

    def segment_at(self, span: Span) -> AlignedSegment | None:
        """Return the segment whose target holds `span` (or starts within it), or None."""
        index = bisect.bisect_right(self._starts, span.start) - 1
        if index >= 0 and span.start <= self.segments[index].target.end:
            return self.segments[index]
        following = index + 1
        if following < len(self.segments) and self.segments[following].target.start < span.end:
            return self.segments[following]
        return None

