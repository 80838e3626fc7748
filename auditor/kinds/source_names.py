"""`source-names`: Chinese person names of the source romanised wrongly in the translation (needs `auditor[source]`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.aligned import HAN_RUN_RE, target_segments
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

# Two capitalised words: a family name and a given name as English news writes Chinese names.
# Lookaheads, so that every pair and run is tried from every word: "Mayor Wang Xiaomin" holds
# "Wang Xiaomin" although "Mayor Wang" comes first.
_NAME_PAIR_RE = re.compile(r"(?=\b([A-Z][a-z]+) ([A-Z][a-z]+(?:-[A-Za-z]+)?)\b)")
# Two or three capitalised words: a name perhaps in the wrong order or with its given name split.
_NAME_RUN_RES = tuple(re.compile(rf"(?=\b([A-Z][a-z]+(?: [A-Z][a-z]+){{{n}}})\b(?![-']))") for n in (1, 2))


class _Romanised(NamedTuple):
    family: str  # "Hua"
    given: str  # "Chunying"

    @property
    def full(self) -> str:
        return f"{self.family} {self.given}"


class _Miswritten(NamedTuple):
    start: int  # in the target segment
    end: int
    expected: _Romanised
    match: str  # the name as written
    whole_name: bool  # the fix rewrites the whole name (order, split), not the given name alone


@lru_cache(maxsize=8192)
def _syllables(hanzi: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(hanzi))


_MISSING_PINYIN = "rule SA002 (source-name-romanisation) needs pypinyin: pip install 'auditor[source]'; names are not checked"
_told: list[bool] = []  # whether the run was told that pypinyin is missing (once per process)


def _pinyin_available(context: "CheckContext") -> bool:
    """Whether pypinyin imports; if not, say so once through the context's failure line (else raise)."""
    try:
        import pypinyin  # noqa: F401 (only whether it imports)
    except ImportError:
        if context.on_engine_failure is None:
            raise ImportError(_MISSING_PINYIN) from None
        if not _told:
            _told.append(True)
            context.on_engine_failure(_MISSING_PINYIN)
        return False
    return True


@dataclass(frozen=True, kw_only=True)
class SourceNames(Rule):
    """Romanise the Chinese person names of each source segment and check them in the translation.

    A name is a family name of `surnames` (or `compound_surnames`) followed by one or two Han
    characters; pypinyin romanises it the way news style writes it: family name first, tone
    marks dropped, the given name's syllables joined (华春莹 -> Hua Chunying; `readings` fixes
    the family names pypinyin reads as words: 曾 -> Zeng). A target pair "Family Given" whose
    family name is one of these and whose given name is within `max_distance` edits of the
    romanisation (and at most a third of its letters), but equal to none, is flagged with the
    romanised form. Given names written with hyphens (Ing-wen) follow another convention and
    are left alone, as are names with ü, which news writes as u, v or yu.
    Message names: `match`, `expected`, `source` (the name in Chinese).
    """

    order_message: str
    surnames: str
    compound_surnames: tuple[str, ...] = ()
    readings: dict[str, str] = field(default_factory=dict)
    max_distance: int = 2

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if self.max_distance < 1:
            raise RuleDataError("max_distance", "'max_distance' must be at least 1")

    def candidates(self, source: str) -> dict[_Romanised, str]:
        """Every family-name-plus-given-name reading of the source's Han runs (romanised -> Chinese)."""
        found: dict[_Romanised, str] = {}
        for run in HAN_RUN_RE.finditer(source):
            text = run.group()
            for start in range(len(text)):
                for family in (text[start : start + 2], text[start]):
                    if family not in self.compound_surnames and (len(family) != 1 or family not in self.surnames):
                        continue
                    for length in (1, 2):
                        given = text[start + len(family) : start + len(family) + length]
                        if len(given) == length:
                            romanised = self._romanise(family, given)
                            if romanised is not None:
                                found.setdefault(romanised, family + given)
        return found

    def _romanise(self, family: str, given: str) -> _Romanised | None:
        family_syllables = [self.readings.get(family, "")] if family in self.readings else list(_syllables(family))
        syllables = [*family_syllables, *_syllables(given)]
        if any(not s.isascii() or not s.isalpha() or "v" in s for s in syllables):
            return None
        return _Romanised("".join(family_syllables).capitalize(), "".join(_syllables(given)).capitalize())

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        if document.alignment is None or not _pinyin_available(context):
            return
        for segment, target in target_segments(document):
            if not HAN_RUN_RE.search(segment.source) or not _NAME_PAIR_RE.search(target):
                continue
            candidates = self.candidates(segment.source)
            for found in [*self._misspelt(target, candidates), *self._misordered(target, candidates)]:
                expected = found.expected
                yield self.finding(
                    Span(segment.target.start + found.start, segment.target.start + found.end),
                    expected.full if found.whole_name else expected.given,
                    template=self.order_message if found.whole_name else self.message,
                    match=found.match,
                    expected=expected.full,
                    source=candidates[expected],
                )

    def _misspelt(self, target: str, candidates: dict[_Romanised, str]) -> Iterator["_Miswritten"]:
        """Yield each name whose given name is a letter or two off a romanisation (the given name's span)."""
        from rapidfuzz.distance import Levenshtein

        for pair in _NAME_PAIR_RE.finditer(target):
            family, given = pair.group(1), pair.group(2)
            if "-" in given:
                continue
            written = given.lower()
            same_family = [c for c in candidates if c.family == family]
            if any(c.given.lower() == written for c in same_family):
                continue
            close = sorted(
                (Levenshtein.distance(written, c.given.lower()), c.full, c)
                for c in same_family
                if Levenshtein.distance(written, c.given.lower()) <= min(self.max_distance, len(c.given) // 3)
            )
            if close and (len(close) == 1 or close[0][0] < close[1][0] or close[0][1] == close[1][1]):
                yield _Miswritten(pair.start(2), pair.end(2), close[0][2], f"{family} {given}", whole_name=False)

    def _misordered(self, target: str, candidates: dict[_Romanised, str]) -> Iterator["_Miswritten"]:
        """Yield each name written given name first ("Chunying Hua") or with its given name split ("Hua Chun Ying")."""
        for run in (run for pattern in _NAME_RUN_RES for run in pattern.finditer(target)):
            words = run.group(1).split()
            if any(f"{c.family} {c.given}" == run.group(1) for c in candidates):
                continue
            for candidate in candidates:
                family, given = candidate.family, candidate.given.lower()
                readings = (words[-1] == family and "".join(words[:-1]).lower() == given, words[0] == family and len(words) == 3 and "".join(words[1:]).lower() == given)
                if any(readings):
                    yield _Miswritten(run.start(1), run.end(1), candidate, run.group(1), whole_name=True)
                    break
