"""`count-discrepancy`: files of one run on one story count the same thing differently.

A note for a fact-checker, not an error: "170,000 accounts" in one article and "23,000 accounts"
and "150,000 accounts" in another about the same event. Each document is summarised by its
counted things (a number of at least `min_count` before a plural noun) and by the names it
mentions; two files are only compared when they count the same noun and share at least
`shared_names` names (the same story), found through an index by noun, never by comparing
every pair of files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import BatchRule, RuleDataError, check_message_template
from auditor.model import Finding, PickledByFields, RelatedLocation, Span
from auditor.text.names import FUNCTION_WORDS, fold

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# "23,000 accounts", "150000 fake accounts", "1.2 million such accounts"
_COUNT_RE = re.compile(
    r"(?<![\w.,$€£¥])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<scale>thousand|million|billion))?"
    r"(?P<between>(?:\s+[a-z][a-z-]*){0,2}?)\s+(?P<noun>[a-z]{3,}s)\b"
)
_MAX_FILES_PER_NOUN = 50
_MAX_VALUES = 3  # a noun counted in more files than this is too generic to compare


@dataclass(frozen=True, slots=True)
class CountSummary(PickledByFields):
    """A document's counted nouns and the names it mentions: small and picklable."""

    counts: tuple[tuple[str, int, int, int, str], ...]  # (noun, value, start, end, as written)
    names: frozenset[str]


@dataclass(frozen=True, kw_only=True)
class CountDiscrepancy(BatchRule):
    """Note a count in one file that a file on the same story gives differently.

    Only numbers of at least `min_count` before a plural noun count ("23,000 accounts"; up to
    two words may stand between, such as "such" or "fake"); years and amounts of money are
    left out. Two files are on the same story when they share `shared_names` names. Message
    names: `match`, `noun`, `other`, `path`.
    """

    min_count: int = 1000
    shared_names: int = 3

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if self.min_count < 1 or self.shared_names < 1:
            raise RuleDataError("min_count", "'min_count' and 'shared_names' must be positive")

    def summarize(self, document: "Document", context: "CheckContext") -> CountSummary:
        """Return the counted nouns and the names of `document`."""
        text = document.text
        counts = []
        for match in _COUNT_RE.finditer(text):
            value = _value(match.group("number"), match.group("scale"))
            between = match.group("between").split()
            if value is None or value < self.min_count or _year(match.group("number"), match.group("scale")):
                continue
            if any(word in FUNCTION_WORDS and word != "such" for word in between):
                continue  # "2,000 of the accounts" counts something else
            end = match.end("scale") if match.group("scale") else match.end("number")
            counts.append((match.group("noun"), value, match.start(), end, " ".join(text[match.start() : end].split())))
        names = frozenset(
            fold(run.text) for run in document.names if not run.sentence_initial and len(run.text) >= 4
        )
        return CountSummary(tuple(counts), names)

    def check_batch(self, summaries: Mapping[str, CountSummary], context: "CheckContext") -> Iterator[tuple[str, Finding]]:
        """Yield a note where files on the same story count one noun differently."""
        by_noun: dict[str, dict[str, list[tuple[int, int, int, str]]]] = {}
        for path, summary in summaries.items():
            for noun, value, start, end, written in summary.counts:
                by_noun.setdefault(noun, {}).setdefault(path, []).append((value, start, end, written))
        for noun, files in by_noun.items():
            if 2 <= len(files) <= _MAX_FILES_PER_NOUN:
                yield from self._notes(noun, list(files.items()), summaries)

    def _notes(
        self, noun: str, files: list[tuple[str, list[tuple[int, int, int, str]]]], summaries: Mapping[str, CountSummary]
    ) -> Iterator[tuple[str, Finding]]:
        """Yield one note per pair of files on one story that agree on no count of `noun`."""
        for index, (path, counts) in enumerate(files):
            values = {value for value, _, _, _ in counts}
            for other_path, other_counts in files[index + 1 :]:
                other_values = {value for value, _, _, _ in other_counts}
                if values & other_values:
                    continue  # the files agree on a count: they count different sets, not one clash
                if max(len(values), len(other_values)) > _MAX_VALUES:
                    continue  # a file that counts many sets of users is not giving one count
                if len(summaries[path].names & summaries[other_path].names) < self.shared_names:
                    continue
                _, start, end, written = counts[0]
                _, other_start, other_end, other_written = other_counts[0]
                others = ", ".join(dict.fromkeys(w for _, _, _, w in other_counts))
                related = RelatedLocation(Span(other_start, other_end), f"{other_written} {noun} here", other_path)
                yield path, self.finding(
                    Span(start, end), match=written, noun=noun, other=others, path=other_path, related=[related]
                )


def _value(number: str, scale: str | None) -> int | None:
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    return int(value * _SCALES.get(scale or "", 1))


def _year(number: str, scale: str | None) -> bool:
    # "in 1989 protests": a four-digit number without a comma between 1800 and 2100 is a year.
    return scale is None and "," not in number and "." not in number and 1800 <= int(number) <= 2100
