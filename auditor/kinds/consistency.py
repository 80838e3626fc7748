"""`spelling-consistency`: one name or term spelled in close ways, in one file or across a run.

Each document is reduced to a small summary: its spellings (names, words, and word pairs that
may be one term split in two) keyed by their compact form (letters only, case and spacing
ignored), with counts and where they occur. The run is then judged on the summaries alone:
spellings with one compact form but different spacing or hyphenation ("corona virus",
"coronavirus") are one cluster; a rare spelling one edit from another ("Coruna virus",
"Hua Chuning") joins that one's cluster, found by generating its edits rather than by
comparing every pair of spellings or files. In each cluster the rarer or unknown spelling is
flagged and points at the dominant or canonical one and where it occurs.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.gazetteer import index_for
from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.patterns import match_case
from auditor.mentions import mentions, zipf
from auditor.model import Finding, RelatedLocation, Span
from auditor.names import compact, fold, opens_sentence

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.document import Document

_ALPHABET = string.ascii_lowercase + string.digits
_POSSESSIVE = ("'s", "’s")
_FUNCTION_WORDS = frozenset("the a an of to in on at by for and or but with from as is was are be".split())


@dataclass(frozen=True, slots=True)
class Spelling:
    """One spelling in one document: how often, where, and as written mid-sentence."""

    key: str  # compact form: what close spellings share
    count: int
    spans: tuple[tuple[int, int, bool], ...]  # (start, end, opens a sentence), the first few
    written: tuple[tuple[str, int], ...]  # mid-sentence surfaces and their counts
    known: str = ""  # canonical gazetteer name when the spelling is an accepted form of it


# A document's summary: folded spelling -> Spelling. Plain values, so it pickles small.
Summary = dict[str, Spelling]


@dataclass(frozen=True, kw_only=True)
class SpellingConsistency(Rule):
    """Flag the rarer of two close spellings of one name or term, in a file or across files.

    Close means the same letters with other spacing or hyphenation, or one edit apart in a
    spelling at least `min_letters` long whose differing word is rare in English (Zipf below
    `rare_zipf`), so inflections, demonyms and two real words are left alone. The flagged
    spelling is the one used less often, or not listed in the gazetteer, or rarer in
    English; a tie with nothing to break it is not reported. Case alone is left to the style
    rules. Message names: `match`, `dominant`, `count`, `where`.
    """

    BATCH = True

    min_letters: int = 6
    rare_zipf: float = 2.0
    common_zipf: float = 4.5
    max_spans: int = 20

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if self.min_letters < 4:
            raise RuleDataError("min_letters", "'min_letters' must be at least 4")

    def summarize(self, document: "Document", context: "CheckContext") -> Summary:
        """Return the spellings of `document` that a close spelling elsewhere could clash with."""
        text = document.text
        places: dict[str, list[tuple[int, int]]] = {}
        for start, end in set(_units(document, self.min_letters)):
            places.setdefault(" ".join(text[start:end].split()), []).append((start, end))
        known: dict[str, str] = {}
        index = index_for(context.resources)
        if index is not None:
            for mention in mentions(document, index, context.accepted_words):
                if mention.accepted and len(mention.words) > 1:
                    known[fold(mention.written)] = mention.entity.name
        grouped: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {}
        for written, spans in places.items():
            folded = fold(written)
            if folded not in context.accepted_words:
                grouped.setdefault(folded, []).append((written, spans))
        summary: Summary = {}
        for folded, surfaces in grouped.items():
            spans = sorted(span for _, found in surfaces for span in found)
            mid_sentence: Counter[str] = Counter()
            for written, found in surfaces:
                capital = written[0].isupper()
                mid_sentence[written] += sum(1 for s, _ in found if not (capital and opens_sentence(text, s)))
            summary[folded] = Spelling(
                key=compact(folded),
                count=len(spans),
                spans=tuple((s, e, opens_sentence(text, s)) for s, e in spans[: self.max_spans]),
                written=tuple((w, n) for w, n in mid_sentence.most_common(3) if n),
                known=known.get(folded, ""),
            )
        return summary

    def check_batch(self, summaries: Mapping[str, Summary], context: "CheckContext") -> Iterator[tuple[str, Finding]]:
        """Yield (path, finding) for each occurrence of a rarer close spelling."""
        totals: Counter[str] = Counter()
        by_key: dict[str, set[str]] = {}
        for summary in summaries.values():
            for folded, spelling in summary.items():
                totals[folded] += spelling.count
                by_key.setdefault(spelling.key, set()).add(folded)
        info = _RunView(summaries, totals)
        found = [item for flagged, dominant in self._clusters(by_key, info) for item in self._findings(flagged, dominant, info)]
        # "Hua Chuning" and its word "Chuning" are one slip: report the longer spelling only.
        found.sort(key=lambda item: (item[0], item[1].span.start, -item[1].span.end))
        last: tuple[str, Span] | None = None
        for path, finding in found:
            if last is not None and last[0] == path and last[1].start <= finding.span.start and finding.span.end <= last[1].end:
                continue
            last = (path, finding.span)
            yield path, finding

    def _clusters(self, by_key: dict[str, set[str]], info: "_RunView") -> Iterator[tuple[str, str]]:
        for spellings in by_key.values():
            if len(spellings) > 1:
                yield from self._judge_spacing(sorted(spellings), info)
        for key, spellings in by_key.items():
            for folded in spellings:
                if not self._may_be_misspelt(folded, info):
                    continue
                neighbours = {other for edit in _edits(key) for other in by_key.get(edit, ())}
                best = self._dominant(folded, neighbours, info)
                if best is not None:
                    yield folded, best

    def _judge_spacing(self, spellings: list[str], info: "_RunView") -> Iterator[tuple[str, str]]:
        ranked = sorted(spellings, key=info.rank, reverse=True)
        dominant = ranked[0]
        if info.rank(dominant) == info.rank(ranked[1]):
            return
        for other in ranked[1:]:
            if self._grammatical_split(other) or self._grammatical_split(dominant):
                continue
            if info.known(other) and info.known(dominant) and not info.together(other, dominant):
                continue
            yield other, dominant

    def _grammatical_split(self, folded: str) -> bool:
        # "every day" / "everyday", "may be" / "maybe": common words split on purpose.
        words = folded.replace("-", " ").split()
        return len(words) > 1 and all(zipf(w) >= self.common_zipf for w in words)

    def _may_be_misspelt(self, folded: str, info: "_RunView") -> bool:
        if info.known(folded) or len(compact(folded)) < self.min_letters:
            return False
        return any(zipf(word) < self.rare_zipf for word in folded.replace("-", " ").split())

    def _dominant(self, folded: str, neighbours: set[str], info: "_RunView") -> str | None:
        from rapidfuzz.distance import OSA

        key = compact(folded)
        candidates = []
        for other in neighbours:
            other_key = compact(other)
            if other == folded or other_key.startswith(key) or key.startswith(other_key):
                continue  # "account" / "accounts", "Nigeria" / "Nigerian"
            if OSA.distance(key, other_key) != 1 or _same_words_but_one_real(folded, other, self.rare_zipf):
                continue
            if info.rank(other) > info.rank(folded):
                candidates.append(other)
        if not candidates:
            return None
        return max(candidates, key=info.rank)

    def _findings(self, flagged: str, dominant: str, info: "_RunView") -> Iterator[tuple[str, Finding]]:
        suggestion = info.preferred_surface(dominant)
        for path, spelling in info.occurrences(flagged):
            related_path, related_span = info.first_place(dominant, prefer=path)
            where = "in this file" if related_path == path else f"in {related_path}"
            related = RelatedLocation(
                Span(*related_span),
                f"'{suggestion}' is used here ({info.totals[dominant]} times in the run)",
                None if related_path == path else related_path,
            )
            for start, end, initial in spelling.spans:
                replacement = match_case(info.surface_at(flagged, path), suggestion) if initial else suggestion
                written = info.surface_at(flagged, path)
                yield path, self.finding(
                    Span(start, end),
                    replacement,
                    related=[related],
                    match=written,
                    dominant=suggestion,
                    count=info.totals[dominant],
                    where=where,
                )


def _same_words_but_one_real(first: str, second: str, rare_zipf: float) -> bool:
    # "Hanson" / "Hansen", "Henan" / "Hunan": the words that differ are both real names or words.
    one, two = first.replace("-", " ").split(), second.replace("-", " ").split()
    if len(one) != len(two):
        return False
    differing = [(a, b) for a, b in zip(one, two) if a != b]
    return bool(differing) and all(zipf(a) >= rare_zipf and zipf(b) >= rare_zipf for a, b in differing)


@dataclass
class _RunView:
    """The merged summaries of a run, with the ranking of spellings."""

    summaries: Mapping[str, Summary]
    totals: Counter[str]

    def known(self, folded: str) -> str:
        return next((s[folded].known for s in self.summaries.values() if folded in s and s[folded].known), "")

    def together(self, first: str, second: str) -> bool:
        return any(first in s and second in s for s in self.summaries.values())

    def rank(self, folded: str) -> tuple[bool, int, float]:
        """Order spellings: listed in the gazetteer first, then by use in the run, then in English."""
        english = min((zipf(w) for w in folded.replace("-", " ").split()), default=0.0)
        return (bool(self.known(folded)), self.totals[folded], english)

    def occurrences(self, folded: str) -> Iterator[tuple[str, Spelling]]:
        for path, summary in self.summaries.items():
            if folded in summary:
                yield path, summary[folded]

    def first_place(self, folded: str, prefer: str) -> tuple[str, tuple[int, int]]:
        if folded in self.summaries.get(prefer, {}):
            start, end, _ = self.summaries[prefer][folded].spans[0]
            return prefer, (start, end)
        path, spelling = next(self.occurrences(folded))
        start, end, _ = spelling.spans[0]
        return path, (start, end)

    def surface_at(self, folded: str, path: str) -> str:
        written = self.summaries[path][folded].written
        return written[0][0] if written else folded

    def preferred_surface(self, folded: str) -> str:
        """The dominant spelling as written mid-sentence: lower case when the run writes it so."""
        surfaces: Counter[str] = Counter()
        for _, spelling in self.occurrences(folded):
            surfaces.update(dict(spelling.written))
        if not surfaces:
            return self.known(folded) or folded
        lower = [s for s in surfaces if s == s.lower()]
        if lower and zipf(compact(folded)) >= 3.0:
            return lower[0]  # a common noun ("coronavirus"); capitals are for names
        return surfaces.most_common(1)[0][0]


def _units(document: "Document", min_letters: int) -> Iterator[tuple[int, int]]:
    """Yield the spans worth comparing: words, possible split terms, and names of several words."""
    text = document.text
    words = document.words
    folded: dict[str, str] = {}
    previous: tuple[Span, str] | None = None
    for span in words:
        word = text[span.start : span.end]
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
            span = Span(span.start, span.end - 2)
        if len(word) >= min_letters - 2 and not word.isdigit():
            yield span.start, span.end
        current = folded.get(word)
        if current is None:
            current = folded[word] = fold(word)
        if previous is not None and _may_be_one_term(text, previous, (span, current), min_letters):
            yield previous[0].start, span.end
        previous = (span, current)
    for run in document.names:
        if 1 < len(run.tokens) <= 4:
            yield run.span.start, run.span.end


def _may_be_one_term(text: str, first: tuple[Span, str], second: tuple[Span, str], min_letters: int) -> bool:
    (first_span, one), (second_span, two) = first, second
    if len(one) + len(two) < min_letters or one in _FUNCTION_WORDS or two in _FUNCTION_WORDS:
        return False
    gap = text[first_span.end : second_span.start]
    if not gap.isspace() or "\n" in gap or not (one.isalpha() and two.isalpha()):
        return False
    # A closed compound English knows ("corona virus"), or a pair with a rare word ("Coruna virus").
    return zipf(one + two) >= 1.0 or min(zipf(one), zipf(two)) < 2.0


def _edits(key: str) -> Iterator[str]:
    """Yield every string one edit (or one transposition) from `key`."""
    for i in range(len(key) + 1):
        for letter in _ALPHABET:
            yield key[:i] + letter + key[i:]
        if i < len(key):
            yield key[:i] + key[i + 1 :]
            for letter in _ALPHABET:
                yield key[:i] + letter + key[i + 1 :]
        if i + 1 < len(key):
            yield key[:i] + key[i + 1] + key[i] + key[i + 2 :]
