"""Words of a text and the windows the encoder reads, as character offsets into the original text.

A word is a run of non-space characters (the unit of WMT word-level quality estimation); the
detector scores each word by its first sub-word piece. Texts are read in windows of whole
sentences (or of whole words when a sentence is longer than the encoder's window), so that a
word's offsets always index the text the caller passed, whatever the tokenizer does inside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int]

_WORD = re.compile(r"\S+")
# A sentence ends at a word ending in . ! ? (closing quotes/brackets allowed) followed by a word
# that starts a sentence, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_SENTENCE_START = re.compile(r"^[\"'“‘(\[]*[A-Z0-9]")
# Words whose full stop ends no sentence: titles, initials ("J."), dotted abbreviations ("U.S.").
_ABBREVIATION = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Jr|Sr|No|vs|[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])\.$")


def word_spans(text: str) -> list[Span]:
    return [(match.start(), match.end()) for match in _WORD.finditer(text)]


def sentence_groups(text: str, words: Sequence[Span]) -> list[list[int]]:
    """Indices of ``words`` grouped into sentences (in order, every word in exactly one group)."""
    groups: list[list[int]] = []
    current: list[int] = []
    for index, (start, end) in enumerate(words):
        if current:
            previous_start, previous_end = words[current[-1]]
            gap = text[previous_end:start]
            previous = text[previous_start:previous_end]
            if "\n" in gap or (
                _SENTENCE_END.search(previous)
                and not _ABBREVIATION.match(previous)
                and _SENTENCE_START.match(text[start:end])
            ):
                groups.append(current)
                current = []
        current.append(index)
    if current:
        groups.append(current)
    return groups


def windows(
    text: str, words: Sequence[Span], piece_counts: Sequence[int], max_pieces: int
) -> list[list[int]]:
    """Word indices grouped into encoder windows of at most ``max_pieces`` sub-word pieces.

    A window is one sentence; a sentence longer than that is cut between words. A single word
    longer than the window gets one window of its own (the encoder truncates it; only its first
    piece is scored anyway).
    """
    result: list[list[int]] = []
    for sentence in sentence_groups(text, words):
        window: list[int] = []
        pieces = 0
        for index in sentence:
            count = piece_counts[index]
            if window and pieces + count > max_pieces:
                result.append(window)
                window, pieces = [], 0
            window.append(index)
            pieces += count
        result.append(window)
    return result
