"""Reading a translation segment by segment, for the source-aware kinds (`text.aligned`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.text.aligned import AlignedSegment
    from auditor.text.document import Document

# Han ideographs (with the extension blocks) and the CJK symbols that sit among them.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN_RE = re.compile(f"[{HAN}]+")


def target_segments(document: "Document") -> Iterator[tuple["AlignedSegment", str]]:
    """Yield each aligned segment of a translation with its target text as rules read it (none for other texts)."""
    if document.alignment is None:
        return
    for segment in document.alignment.segments:
        yield segment, document.text[segment.target.start : segment.target.end]


def han_share(text: str) -> float:
    """The share of a text's letters that are Han ideographs (Chinese source text is near 1)."""
    letters = [char for char in text if char.isalpha()]
    return sum(1 for char in letters if HAN_RUN_RE.match(char)) / len(letters) if letters else 0.0
