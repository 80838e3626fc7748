"""Pure metric helpers of the evaluation: span overlap, offset mapping, counts.

Kept free of auditor imports so that a small test can pin them down on hand-made samples.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\S+")
# Tokens that attach to the token before them / after them when tokenised text is rejoined.
_ATTACH_LEFT = frozenset(",.;:!?)]}%") | frozenset({"'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "...", "''"})
_ATTACH_RIGHT = frozenset("([{$") | frozenset({"``"})


def spans_overlap(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Return whether two half-open spans share a character; an empty span counts when it touches."""
    if start == end or other_start == other_end:
        return start <= other_end and other_start <= end
    return start < other_end and other_start < end


def chance_of_overlap(length: int, text_length: int, spans: Sequence[tuple[int, int]]) -> float:
    """Return the share of positions in a text where a span of `length` would overlap one of `spans`.

    This is the precision a finding of that length would reach if it were placed at random:
    the floor a rule that flags whole sentences must clear before its overlaps mean anything.
    """
    last = text_length - length
    if last < 0:
        return 1.0 if spans else 0.0
    intervals = []
    for start, end in spans:
        if length == 0 or start == end:
            low, high = start - length, end  # touching counts
        else:
            low, high = start - length + 1, end - 1
        low, high = max(low, 0), min(high, last)
        if low <= high:
            intervals.append((low, high))
    covered, reach = 0, -1
    for low, high in sorted(intervals):
        low = max(low, reach + 1)
        if high >= low:
            covered += high - low + 1
            reach = high
    return covered / (last + 1)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each white-space separated token."""
    return [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def detokenize(tokens: Sequence[str]) -> str:
    """Rejoin tokenised text as written prose: "word ." -> "word.", '" quoted "' -> '"quoted"'.

    Only white space changes, so every non-space character keeps its order (see OffsetMap).
    """
    out: list[str] = []
    quote_open = False
    glue_next = True
    for token in tokens:
        glue = glue_next
        glue_next = False
        if token == '"':
            # Straight quotes alternate: an opening one sticks to the next token, a closing one to the last.
            if quote_open:
                glue = True
            else:
                glue_next = True
            quote_open = not quote_open
        elif token in _ATTACH_LEFT:
            glue = True
        elif token in _ATTACH_RIGHT:
            glue_next = True
        if out and not glue:
            out.append(" ")
        out.append(token)
    return "".join(out)


class OffsetMap:
    """Map spans between two texts that differ only in white space (detokenised <-> tokenised)."""

    def __init__(self, source: str, target: str) -> None:
        self._source = [i for i, c in enumerate(source) if not c.isspace()]
        self._target = [i for i, c in enumerate(target) if not c.isspace()]
        if [source[i] for i in self._source] != [target[i] for i in self._target]:
            raise ValueError("the texts differ in more than white space")
        self._target_length = len(target)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the target span of the non-space characters in source `[start, end)`.

        A span without non-space characters maps to the empty span before the next one.
        """
        first = bisect.bisect_left(self._source, start)
        last = bisect.bisect_left(self._source, end)
        if first < last:
            return self._target[first], self._target[last - 1] + 1
        point = self._target[first] if first < len(self._target) else self._target_length
        return point, point


def tokens_touched(tokens: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Return the indices of the tokens a span overlaps (an empty span: the tokens it touches)."""
    return [i for i, (t_start, t_end) in enumerate(tokens) if spans_overlap(start, end, t_start, t_end)]


@dataclass
class Tally:
    """Hits out of a total, with the ratio; `None` ratio when nothing was counted."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def ratio(self) -> float | None:
        return self.hits / self.total if self.total else None


def pairwise_order_accuracy(scored: Iterable[tuple[str, int, float]]) -> tuple[Tally, int]:
    """Return how often scores order same-group items as their levels do, and the number of ties.

    `scored` holds (group, level, score); each pair of one group with different levels is
    judged once. A tie counts as wrong.
    """
    groups: dict[str, list[tuple[int, float]]] = {}
    for group, level, score in scored:
        groups.setdefault(group, []).append((level, score))
    tally, ties = Tally(), 0
    for items in groups.values():
        for i, (level_a, score_a) in enumerate(items):
            for level_b, score_b in items[i + 1 :]:
                if level_a == level_b:
                    continue
                ties += score_a == score_b
                tally.add((score_a - score_b) * (level_a - level_b) > 0)
    return tally, ties


def per_thousand(count: int, words: int) -> float:
    """Return `count` per 1,000 words."""
    return 1000.0 * count / words if words else 0.0
