"""Split a text into paragraphs, sentences and word tokens, keeping offsets.

A small regex segmenter of our own: it is linear, has no model to load, and knows the
abbreviations of news English ("U.S.", "Dr.", "Jan."), decimals ("2.5") and closing
quotes after the full stop. `benchmarks/` measures it against the corpus sizes we target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from auditor.model import Span

WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
_BLANK_LINES_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")

# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then space.
# A run of end marks is matched from its start only and taken whole (possessive): backtracking
# into "!!!!…" with no space after it cost the square of the run's length.
_SENTENCE_END_RE = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s)|\n")

# Abbreviations that only abbreviate before a number ("No. 10", "p. 5"); elsewhere "no." ends a sentence.
_NUMBER_ABBREVIATIONS = frozenset("no nos vol vols fig figs p pp".split())
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov rep sen pres rev hon
    messrs mme mlle jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    ed eds co corp inc ltd plc bros dept univ assn est approx
    e.g i.e etc vs cf al u.s u.k u.n e.u u.s.a a.m p.m""".split()
)


class WordColumns(NamedTuple):
    """The word tokens of a text as parallel lists: per-word loops index these instead of Span objects."""

    starts: list[int]
    ends: list[int]
    texts: list[str]


def word_columns(text: str, start: int = 0, end: int | None = None) -> WordColumns:
    """Return the start, end and text of each word token in `text[start:end]`.

    A token never ends with a full stop ("China." gives "China"): `WORD_RE` wants a letter or
    digit after each inner mark ("U.S", "3.5", "don't").
    """
    spans = [match.span() for match in WORD_RE.finditer(text, start, len(text) if end is None else end)]
    return WordColumns([first for first, _ in spans], [last for _, last in spans], [text[first:last] for first, last in spans])


def iter_words(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each word token in `text[start:end]`."""
    columns = word_columns(text, start, end)
    yield from zip(columns.starts, columns.ends)


def paragraphs(text: str) -> list[Span]:
    """Return the non-blank blocks of `text` separated by blank lines, trimmed of white space."""
    spans: list[Span] = []
    position = 0
    for separator in _BLANK_LINES_RE.finditer(text):
        _append_trimmed(text, position, separator.start(), spans)
        position = separator.end()
    _append_trimmed(text, position, len(text), spans)
    return spans


def sentences(text: str, paragraph: Span) -> list[Span]:
    """Return the sentences of one paragraph, trimmed of surrounding white space."""
    spans: list[Span] = []
    start = paragraph.start
    for match in _SENTENCE_END_RE.finditer(text, paragraph.start, paragraph.end):
        end = match.end()
        if match.group() == "\n":
            if not _line_break_ends_sentence(text, match.start(), paragraph.end):
                continue
            end = match.start()
        elif not _full_stop_ends_sentence(text, match.start(), end, paragraph.end):
            continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, paragraph.end, spans)
    return spans


def _full_stop_ends_sentence(text: str, punct_start: int, punct_end: int, limit: int) -> bool:
    if text[punct_start] == ".":
        word_start = punct_start
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:punct_start].lower()
        following = _next_visible(text, punct_end, limit)
        if word in _NUMBER_ABBREVIATIONS and following is not None and following.isdigit():
            return False
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word not in _NUMBER_ABBREVIATIONS):
            return False
    following = _next_visible(text, punct_end, limit)
    # A sentence starts with a capital, a digit, a quote or a bracket; "e.g. the" does not.
    return following is None or not following.islower()


def _line_break_ends_sentence(text: str, newline: int, limit: int) -> bool:
    following = _next_visible(text, newline + 1, limit)
    return following is not None and not following.islower()


def _next_visible(text: str, position: int, limit: int) -> str | None:
    while position < limit:
        char = text[position]
        if not char.isspace():
            return char
        position += 1
    return None


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))
