"""`world-place`: a near miss of a large place of the world's place data, where a place is due."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.edits import DeletionIndex
from auditor.kinds.helpers.patterns import phrase_trie
from auditor.model import Finding, Span
from auditor.resources.gazetteer import index_for
from auditor.resources.wordfreqs import zipf
from auditor.resources.world_places import WorldPlaces, is_known_place, table_stamps, world_places
from auditor.text.names import compact, fold

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

_BASED = ("-based", "‑based")


@dataclass(frozen=True, kw_only=True)
class WorldPlace(Rule):
    """Flag a capitalised word or two, where the text calls for a place, one edit from a large place.

    Strong evidence only: one of `before` ends right before the name ("in", "province of") or
    one of `after` follows it ("province", "-based"); the name is no place of the world data
    (`auditor[places]`: cities of 15,000 people, countries, regions) nor of the gazetteer, no
    English word (every word below `max_zipf`), at least `min_letters` letters, written at most
    `max_uses` times in the text, and exactly one place of `large_population` people (or a
    country or first-level region) is one edit away with the same first letter and not as a
    mere ending ("Kenyan"). Without the places extra the rule is silent. Message names:
    `match`, `place`, `population`.
    """

    before: tuple[str, ...]
    after: tuple[str, ...]
    max_zipf: float = 1.0
    min_letters: int = 6
    max_uses: int = 2
    large_population: int = 250_000
    _before: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _after: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.before or not self.after:
            raise RuleDataError("before", "'before' and 'after' must each list some words")
        if self.min_letters < 5:
            raise RuleDataError("min_letters", "'min_letters' must be at least 5")
        object.__setattr__(self, "_before", re.compile(rf"\b(?:{phrase_trie(self.before)})\s+$", re.IGNORECASE))
        object.__setattr__(self, "_after", re.compile(rf"\s+(?:{phrase_trie(self.after)})\b", re.IGNORECASE))

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        gazetteer = index_for(context.resources)
        runs = [run for run in document.names if len(run.tokens) <= 2]
        uses = Counter(fold(run.text) for run in runs)
        for run in runs:
            span, written = run.span, run.text
            based = written.endswith(_BASED)
            if based:
                written = written[: -len("-based")]
                span = Span(span.start, span.start + len(written))
            if uses[fold(run.text)] > self.max_uses or not (based or self._in_place_context(text, span)):
                continue
            if fold(written) in context.accepted_words or len(compact(written)) < self.min_letters:
                continue
            if gazetteer is not None and (gazetteer.lookup(written) or all(gazetteer.is_known_word(w) for w in written.split())):
                continue
            if any(zipf(w) >= self.max_zipf for w in fold(written).split()):
                continue
            # The place data loads (half a second) only for a text that has a candidate.
            places = world_places(self.large_population)
            if places is None or is_known_place(written):
                continue
            near = _nearest_large_place(written, places, _large_index(self.large_population))
            if near is not None:
                name, population = places.large[near]
                size = f"{population:,} people" if population > 1 else "a country or region"
                yield self.finding(span, name, match=written, place=name, population=size)

    def _in_place_context(self, text: str, span: Span) -> bool:
        return bool(self._before.search(text, max(0, span.start - 40), span.start) or self._after.match(text, span.end))


def _nearest_large_place(written: str, places: WorldPlaces, index: DeletionIndex) -> str | None:
    """Return the key of the one large place one edit from `written`, or None (none, or several)."""
    from rapidfuzz.distance import OSA

    key = " ".join(fold(written).replace("-", " ").split())
    found = set()
    for near in index.candidates(key):
        if near == key or near[0] != key[0] or near.startswith(key) or key.startswith(near):
            continue  # a slip keeps the first letter; an ending makes a demonym or plural
        if OSA.distance(key, near) == 1:
            found.add(places.large[near][0])
            best = near
    return best if len(found) == 1 else None


@functools.cache
def _large_index(large_population: int) -> DeletionIndex:
    """The large places' keys by their deletions (`world_places(large_population)` is loaded)."""

    def keys() -> list[str]:
        places = world_places(large_population)
        assert places is not None, "asked for only where the place data loaded"
        return list(places.large)

    return DeletionIndex.cached(f"place-index-{large_population}", table_stamps(), keys)
