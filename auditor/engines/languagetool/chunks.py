"""Split a text into paragraph-aligned chunks under the server's size limit.

LanguageTool checks each request on its own, so a cut inside a sentence would hide (or
invent) the matches around it. Chunks therefore end at paragraph breaks; only a paragraph
longer than the limit is cut, at a sentence end if it has one, else at white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    start: int  # code-point offset of the chunk in the whole text
    text: str


def chunk_text(text: str, max_chars: int) -> list[Chunk]:
    """Return the chunks of `text` that hold more than white space, each at most `max_chars` long."""
    pieces: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        while end - start > max_chars:
            cut = _cut(text, start, start + max_chars)
            pieces.append((start, cut))
            start = cut
        pieces.append((start, end))
    chunks: list[Chunk] = []
    chunk_start = chunk_end = 0
    for start, end in pieces:
        if end - chunk_start > max_chars and chunk_end > chunk_start:
            chunks.append(Chunk(chunk_start, text[chunk_start:chunk_end]))
            chunk_start = start
        chunk_end = end
    chunks.append(Chunk(chunk_start, text[chunk_start:chunk_end]))
    return [chunk for chunk in chunks if chunk.text.strip()]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, the break after it included, covering the whole text."""
    bounds = [0] + [match.end() for match in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    return [(start, end) for start, end in zip(bounds, bounds[1:]) if end > start]


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to cut `text[start:limit]`: after its last sentence end, else its last space."""
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [match.end() for match in pattern.finditer(text, start, limit) if match.end() < limit]
        if ends:
            return ends[-1]
    return limit
