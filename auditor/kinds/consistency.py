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

import functools
import re
import string
from array import array
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from auditor.kinds.base import BatchJudge, BatchRule, RuleDataError, check_message_template
from auditor.kinds.helpers.edits import close_pairs
from auditor.model import Finding, RelatedLocation, Span
from auditor.resources.gazetteer import index_for
from auditor.resources.mentions import TITLE_WORDS, mentions
from auditor.resources.wordfreqs import zipf
from auditor.text.caches import WORDS_REMEMBERED
from auditor.text.names import FUNCTION_WORDS, fold, opens_sentence

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

_ALPHABET = string.ascii_lowercase
_POSSESSIVE = ("'s", "’s")
_DIGIT_RE = re.compile(r"\d")
_NOT_ALPHANUMERIC_RE = re.compile(r"[\W_]+")
_DICTIONARY_ZIPF = 3.0  # a single word this common is English's own spelling
_ADVERB_PARTICLES = frozenset("up down out off over back away in on through around along".split())
_FUNCTION_WORDS = FUNCTION_WORDS | {"is", "was", "are", "be", "were", "been", "has", "have", "had", "said"}
# Endings that make another form of one word or name ("Africas" / "Africans", "collated" /
# "collates", "Ivanov" / "Ivanova"); two spellings that differ only there are not a slip.
_INFLECTIONS = frozenset("s es d ed n ns an ans er ers e a i o y ies ing".split()) | {""}
# Capitalised words that stand before a name without introducing it ("On Friday Wrobel spoke").
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december""".split()
)


class Spelling(NamedTuple):
    """One spelling in one document: how often, where, and as written mid-sentence.

    A named tuple, not a dataclass: a run pickles hundreds of thousands of them between its
    phases, and a tuple unpickles some three times faster.
    """

    key: str  # compact form: what close spellings share
    uses: int  # how many times the document writes it
    spans: tuple[tuple[int, int, bool], ...]  # (start, end, opens a sentence), the first few
    written: tuple[tuple[str, int], ...]  # mid-sentence surfaces and their counts
    known: str = ""  # canonical gazetteer name when the spelling is an accepted form of it
    pair: bool = False  # only ever seen as two words that may be one term ("corona virus")
    shown: str = ""  # as first written, for messages
    introduced: tuple[str, ...] = ()  # words written before it in a name ("Senator", "Tomasz")
    leads: bool = False  # written before another word of a name, as given names are

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt by `tuple.__new__` itself: the generated `__new__` is Python, called per spelling.
        return tuple.__new__, (Spelling, tuple(self))


# A document's summary: folded spelling -> Spelling. Plain values, so it pickles small.
Summary = dict[str, Spelling]


@dataclass(frozen=True, kw_only=True)
class SpellingConsistency(BatchRule):
    """Flag the rarer of two close spellings of one name or term, in a file or across files.

    Close means the same letters with other spacing or hyphenation, or one edit apart where
    the differing word is rare in English (Zipf below `rare_zipf` in a name or term of several
    words, below `rare_word_zipf` for a single word, or below `name_zipf` for a capitalised word
    beside a close spelling used at least `name_majority` times as often in the same file:
    "Horvath" once beside "Horvat" three times), and at least `min_letters` letters long (a
    lone name one fewer when the other spelling has them: "Okafr"); inflections, demonyms, compound
    modifiers ("science-fiction"), words an apostrophe makes ("shell", "she'll") and two real
    words are left alone. The flagged spelling is the one not listed in the gazetteer, or used
    less often, or rarer in English; a tie with nothing to break it is not reported. Case
    alone is left to the style rules. Message names: `match`, `dominant`, `count`, `where`.
    """

    DEFERS = True

    min_letters: int = 6
    rare_zipf: float = 2.0
    rare_word_zipf: float = 1.5
    name_zipf: float = 3.0
    name_majority: int = 3
    common_zipf: float = 4.5
    max_spans: int = 20

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if self.min_letters < 4:
            raise RuleDataError("min_letters", "'min_letters' must be at least 4")

    def summarize(self, document: "Document", context: "CheckContext") -> Summary:
        """Return the spellings of `document` that a close spelling elsewhere could clash with."""
        text = document.text
        found: dict[str, _Found] = {}
        # An accepted name ("Hua Chuning") accepts its words too: the word "Chuning" is a unit here.
        accepted = {part for word in context.accepted_words for part in (fold(word), *fold(word).split())}
        for written, folded, places, pair in _units(document, self.min_letters, self.common_zipf + 0.5):
            if folded in accepted:
                continue
            entry = found.get(folded)
            if entry is None:
                entry = found[folded] = _Found()
            entry.add(text, written, places, pair, self.max_spans)
        introduced, leading = _introductions(document)
        known: dict[str, str] = {}
        index = index_for(context.resources)
        if index is not None:
            for mention in mentions(document, index, context.accepted_words):
                if mention.accepted:
                    known[fold(mention.written)] = mention.entity.name
            # A word of a listed name ("Ghebreyesus") is canonical wherever it stands alone:
            # it wins over a misspelling used more often ("Gebreyesus" twice).
            for folded, entry in found.items():
                if folded not in known and all(index.is_known_word(word) for word in folded.split()):
                    known[folded] = entry.shown
        return {
            folded: Spelling(
                key=_NOT_ALPHANUMERIC_RE.sub("", folded),  # `folded` is folded already
                uses=entry.count,
                spans=tuple(entry.spans),
                written=tuple(entry.written.items()),
                known=known.get(folded, ""),
                pair=entry.pair,
                shown=entry.shown,
                introduced=tuple(sorted(introduced.get(folded, ()))),
                leads=folded in leading,
            )
            for folded, entry in found.items()
        }

    def check_batch(self, summaries: Mapping[str, Summary], context: "CheckContext") -> Iterator[tuple[str, Finding]]:
        """Yield (path, finding) for each occurrence of a rarer close spelling."""
        judge = self.judge()
        for path, summary in summaries.items():
            judge.add(path, summary)
        return judge.findings(summaries, context)

    def judge(self) -> "_SpellingJudge":
        return _SpellingJudge(self)

    def judge_run(self, run: "_Run", summaries: Mapping[str, Summary]) -> Iterator[tuple[str, Finding]]:
        """Yield the findings of a run whose spellings are all in `run` (see `check_batch`)."""
        clusters = list(self._clusters(run))
        run.fetch_places(clusters, summaries)
        found = [item for flagged, dominant in clusters for item in self._findings(flagged, dominant, run)]
        # "Hua Chuning" and its word "Chuning" are one slip: report the longer spelling only.
        found.sort(key=lambda item: (item[0], item[1].span.start, -item[1].span.end))
        last: tuple[str, Span] | None = None
        for path, finding in found:
            if last is not None and last[0] == path and last[1].start <= finding.span.start and finding.span.end <= last[1].end:
                continue
            last = (path, finding.span)
            yield path, finding

    def _clusters(self, run: "_Run") -> Iterator[tuple[str, str]]:
        for _, spellings in run.by_key():
            if len(spellings) > 1:
                yield from self._judge_spacing(sorted(spellings), run)
        misspelt = [(key, folded) for key, spellings in run.by_key() for folded in spellings if self._may_be_misspelt(folded, run)]
        if not misspelt:
            return
        # A dominant spelling outranks the one it replaces (`_dominant`): keys none of whose
        # spellings outranks the lowest-ranked candidate (unknown words used once, as in a
        # text of 100,000 of them) can be no one's neighbour, and are not indexed.
        lowest_rank = min(run.rank(folded) for _, folded in misspelt)
        outranking = {key for key, spellings in run.by_key() if any(run.rank(s) > lowest_rank for s in spellings)}
        near_keys = _NearKeys(outranking, {key for key, _ in misspelt})
        for key, folded in misspelt if outranking else ():
            lowest, highest = self._slip_range(folded)
            neighbours = {other for near in near_keys.within_one_edit(key, lowest, highest) for other in run.spellings_of(near)}
            best = self._dominant(folded, neighbours, run)
            if best is not None:
                yield folded, best

    def _judge_spacing(self, spellings: list[str], run: "_Run") -> Iterator[tuple[str, str]]:
        ranked = sorted(spellings, key=run.rank, reverse=True)
        dominant = ranked[0]
        if run.rank(dominant) == run.rank(ranked[1]):
            return
        for other in ranked[1:]:
            if self._grammatical_split(other) or self._grammatical_split(dominant):
                continue
            if self._apostrophe_words(other, dominant) or self._compound_modifier(other, dominant, run):
                continue
            if run.known(other) and run.known(dominant) and not run.together(other, dominant):
                continue  # two accepted forms ("Kim Jong Un", "Kim Jong-un") in different files
            yield other, dominant

    def _grammatical_split(self, folded: str) -> bool:
        # "every day" / "everyday", "may be" / "maybe": common words split on purpose (a hyphen
        # is no split: "e-mail" / "email" is one word spelled two ways).
        words = folded.split()
        return len(words) > 1 and all(zipf(w) >= self.common_zipf for w in words)

    def _apostrophe_words(self, flagged: str, dominant: str) -> bool:
        """Whether two spellings differ by an apostrophe that makes another word ("shell", "she'll")."""
        if flagged == dominant or flagged.replace("'", "") != dominant.replace("'", ""):
            return False
        # "hasnt" for "hasn't" is a lost apostrophe; "shell" is a word of its own.
        return "'" in flagged or any(zipf(w) >= self.rare_word_zipf for w in flagged.split())

    def _compound_modifier(self, first: str, second: str, run: "_Run") -> bool:
        # "science fiction" / "science-fiction", "opt out" / "opt-out": a hyphen between two real
        # words is grammar (a compound modifier, a noun), not a spelling; in a name ("Al-Qaeda",
        # "Al Qaeda") it is spelling.
        if first.replace("-", " ") != second.replace("-", " ") or "capital" in {run.case_class(first), run.case_class(second)}:
            return False
        return all(zipf(w) >= 3.0 for w in first.replace("-", " ").split())

    def _may_be_misspelt(self, folded: str, run: "_Run") -> bool:
        words = folded.replace("-", " ").split()
        # A lone name one letter short of `min_letters` may still have lost a letter ("Okafr"):
        # `_dominant` wants the other spelling long enough.
        shortest = self.min_letters - (len(words) == 1)
        if run.known(folded) or len(run.key(folded)) < shortest:
            return False
        if len(words) == 1:
            # A lone name must be all but unknown to English ("Kitttinger"), capitalised even
            # mid-sentence or only ever opening one; a lone lower-case word is left to the
            # mangled-term rules, which know the dictionary.
            return zipf(folded) < self.name_zipf and run.case_class(folded) in {"capital", "initial"}
        # In a name or term of several words one rare word is enough ("Hua Chuning", "Coruna virus").
        return any(zipf(word) < self.rare_zipf for word in words)

    def _slip_range(self, folded: str) -> tuple[int, int]:
        """Return where in the compact form an edit may fall: inside a rare word, past its first
        letter, before the inflection at the end (see `_ending_only`)."""
        words = folded.replace("-", " ").split()
        tail = 0 if len(words) == 1 else 1  # a lone name's inflections are told apart by `_ending_only`
        lowest, highest, position = None, 0, 0
        for word in words:
            letters = len(_NOT_ALPHANUMERIC_RE.sub("", word))
            if len(words) == 1 or zipf(word) < self.rare_zipf:
                lowest = position if lowest is None else lowest
                highest = position + letters
            position += letters
        return max(1, lowest or 0), min(highest, position - tail)

    def _dominant(self, folded: str, neighbours: set[str], run: "_Run") -> str | None:
        from rapidfuzz.distance import OSA

        key = run.key(folded)
        candidates = []
        for other in neighbours:
            other_key = run.key(other)
            if other == folded or other_key[0] != key[0] or _ending_only(key, other_key, folded):
                continue  # slips keep the first letter; endings differ in "collated" / "collates"
            if max(len(key), len(other_key)) < self.min_letters:
                continue  # two short names ("Brant", "Brand") differ by a letter as often as not
            if " " in folded and (other_key.startswith(key) or key.startswith(other_key)):
                continue  # "account" / "accounts" (a single word's endings: `_ending_only`)
            if run.only_paired(folded) and other.count(" ") == folded.count(" "):
                continue  # a word pair is only ever one term split in two ("Coruna virus")
            if OSA.distance(key, other_key) != 1:
                continue
            # Two real names ("Hanson", "Hansen") are two people unless one is a lone slip in a
            # file that writes the other many times.
            if _same_words_but_one_real(folded, other, self.rare_zipf) and (" " in folded or not self._far_rarer(folded, other, run)):
                continue
            if not run.same_case_class(folded, other):
                continue  # a name ("Spectrem") is not a misspelt common word ("spectrum")
            if run.case_class(folded) == "initial" and run.case_class(other) != "capital":
                continue  # only a name opens sentences with a capital that tells nothing
            if run.distinct_people(folded, other):
                continue
            if zipf(folded) >= self.rare_word_zipf and not self._far_rarer(folded, other, run):
                continue  # a real surname ("Horvath") beside a close one is a slip only when far rarer
            if run.rank(other) > run.rank(folded):
                candidates.append(other)
        return max(candidates, key=run.rank) if candidates else None

    def _far_rarer(self, flagged: str, dominant: str, run: "_Run") -> bool:
        """Whether a file writes `dominant` at least `name_majority` times as often as `flagged`."""
        times = run.count(dominant)
        return run.together(dominant, flagged) and times >= self.name_majority * max(1, run.count(flagged))

    def _findings(self, flagged: str, dominant: str, run: "_Run") -> Iterator[tuple[str, Finding]]:
        suggestion = run.preferred_surface(dominant)
        count = run.count(dominant)
        written = run.surface(flagged)
        for path, spelling in run.occurrences(flagged):
            related_path, related_span = run.first_place(dominant, prefer=path)
            where = "in this file" if related_path == path else f"in {related_path}"
            related = RelatedLocation(
                related_span, f"'{suggestion}' is used here ({count} times in the run)", None if related_path == path else related_path
            )
            for start, end, initial in spelling.spans:
                replacement = suggestion[:1].upper() + suggestion[1:] if initial else suggestion
                yield path, self.finding(
                    Span(start, end), replacement, related=[related], match=written, dominant=suggestion, count=count, where=where
                )


def _ending_only(key: str, other_key: str, folded: str) -> bool:
    # A single word that differs only in an inflection ("Africas" / "Africans") is another
    # form of it, while other slips at the end ("Nwachukuw") are slips; in a name of several
    # words a differing last letter is inflection.
    shared = 0
    for one, two in zip(key, other_key):
        if one != two:
            break
        shared += 1
    if " " not in folded:
        return key[shared:] in _INFLECTIONS and other_key[shared:] in _INFLECTIONS
    return shared >= max(len(key), len(other_key)) - 1


def _introductions(document: "Document") -> tuple[dict[str, set[str]], set[str]]:
    """Return, for each word of a name, the words written before it in names ("wrobelski" ->
    {"coach", "tomasz"} from "Coach Tomasz Wrobelski"), and the words written before others."""
    found: dict[str, set[str]] = {}
    leading: set[str] = set()
    for run in document.names:
        words = [fold(word[:-2] if word.endswith(_POSSESSIVE) else word) for word in run.words]
        words = [word for word in words if word not in _CALENDAR]
        leading.update(words[:-1])
        for position in range(1, len(words)):
            found.setdefault(words[position], set()).update(words[:position])
    return found, leading


def _given_names_and_titles(introduced: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    titles = introduced & TITLE_WORDS
    return introduced - titles, titles


def _same_words_but_one_real(first: str, second: str, rare_zipf: float) -> bool:
    # "Hanson" / "Hansen", "Henan" / "Hunan": the words that differ are both real names or words.
    one, two = first.replace("-", " ").split(), second.replace("-", " ").split()
    if len(one) != len(two):
        return False
    differing = [(a, b) for a, b in zip(one, two) if a != b]
    return bool(differing) and all(zipf(a) >= rare_zipf and zipf(b) >= rare_zipf for a, b in differing)


class _SpellingJudge(BatchJudge):
    """Spelling consistency fed one summary at a time: the run-wide table grows as they come."""

    FED = True
    rule: SpellingConsistency

    def __init__(self, rule: SpellingConsistency) -> None:
        super().__init__(rule)
        self.run = _Run()

    def add(self, path: str, summary: Summary) -> None:
        self.run.add(path, summary)

    def findings(self, summaries: Mapping[str, Summary], context: "CheckContext") -> Iterator[tuple[str, Finding]]:
        return self.rule.judge_run(self.run, summaries)


class _Run:
    """The summaries of a run merged once per spelling, and the ranking of spellings.

    A large run holds hundreds of thousands of spellings, most of them in one file, written
    one way, with nothing known about them. So the run keeps one column per fact, indexed by
    a spelling's number, instead of an object per spelling (an object with its own counter of
    surfaces and array of files took some 500 bytes, most of a 100 MB run's merge): counts and
    flags in arrays, the first file and the first surface in columns, and the rarer facts
    (more files, more surfaces, a canonical name, introducing words) in dicts by number. Equal
    strings (the compact form, the folded spelling, how it was written) are kept once.
    """

    def __init__(self) -> None:
        self.places: dict[tuple[str, str], Spelling] = {}  # (path, spelling) -> as in that file, once fetched
        self.numbers: dict[str, int] = {}  # folded spelling -> its number in the columns below
        self.path_names: list[str] = []  # each document's path, by its number in the run
        self.first_of_key: dict[str, str] = {}  # compact form -> its first spelling
        self._shared_keys: dict[str, list[str]] = {}  # compact form -> its spellings, where there are several
        self._keys: list[str] = []
        self._shown: list[str] = []  # as first written in the first file
        self._counts = array("q")
        self._pair = bytearray()  # 1 while only ever seen as two words that may be one term
        self._leads = bytearray()
        self._first_document = array("i")
        self._last_document = array("i")
        self._later_documents: dict[int, array[int]] = {}  # the steps from one document to the next (`_add_document`)
        self._surface: list[str | None] = []  # the first mid-sentence surface
        self._surface_uses = array("q")
        self._surfaces: dict[int, dict[str, int]] = {}  # every surface, in first-seen order, where there are several
        self._known: dict[int, str] = {}
        self._introduced: dict[int, frozenset[str]] = {}

    def add(self, path: str, summary: Summary) -> None:
        """Merge in the summary of the run's next document."""
        document = len(self.path_names)
        self.path_names.append(path)
        numbers = self.numbers
        for folded, spelling in summary.items():
            number = numbers.get(folded)
            if number is None:
                self._append(folded, spelling, document)
                continue
            self._counts[number] += spelling.uses
            self._add_document(number, document)
            if spelling.known and number not in self._known:
                self._known[number] = spelling.known
            if not spelling.pair:
                self._pair[number] = 0
            if spelling.introduced:
                self._introduced[number] = self._introduced.get(number, _NONE_INTRODUCED).union(spelling.introduced)
            if spelling.leads:
                self._leads[number] = 1
            for surface, uses in spelling.written:
                self._add_surface(number, surface, uses)

    def _append(self, folded: str, spelling: Spelling, document: int) -> None:
        number = self.numbers[folded] = len(self._keys)
        key = folded if spelling.key == folded else spelling.key
        shown = folded if spelling.shown == folded else spelling.shown
        self._keys.append(key)
        self._shown.append(shown)
        first = self.first_of_key.setdefault(key, folded)
        if first is not folded:
            self._shared_keys.setdefault(key, [first]).append(folded)
        self._counts.append(spelling.uses)
        self._pair.append(spelling.pair)
        self._leads.append(spelling.leads)
        self._first_document.append(document)
        self._last_document.append(document)
        self._surface.append(None)
        self._surface_uses.append(0)
        if spelling.known:
            self._known[number] = spelling.known
        if spelling.introduced:
            self._introduced[number] = frozenset(spelling.introduced)
        for surface, uses in spelling.written:
            self._add_surface(number, shown if surface == shown else surface, uses)

    def _add_document(self, number: int, document: int) -> None:
        """Note that spelling `number` occurs in `document` too (a later one than it was last seen in).

        The steps between documents are kept, one byte each while they are under 256: a run
        writes its common spellings in most documents, and a 100 MB run took 21 MiB for four
        bytes per document number.
        """
        step = document - self._last_document[number]
        self._last_document[number] = document
        steps = self._later_documents.get(number)
        if steps is None:
            steps = self._later_documents[number] = array("B")
        if step >= 1 << (8 * steps.itemsize):
            steps = self._later_documents[number] = array("H" if step < 1 << 16 else "i", steps)
        steps.append(step)

    def _add_surface(self, number: int, surface: str, uses: int) -> None:
        first = self._surface[number]
        if first is None:
            self._surface[number], self._surface_uses[number] = surface, uses
        elif surface == first and number not in self._surfaces:
            self._surface_uses[number] += uses
        else:
            surfaces = self._surfaces.setdefault(number, {first: self._surface_uses[number]})
            surfaces[surface] = surfaces.get(surface, 0) + uses

    def spellings_of(self, key: str) -> list[str]:
        """The spellings of a compact form, in first-seen order."""
        return self._shared_keys.get(key) or [self.first_of_key[key]]

    def by_key(self) -> Iterator[tuple[str, list[str]]]:
        """Each compact form and its spellings."""
        for key in self.first_of_key:
            yield key, self.spellings_of(key)

    def key(self, folded: str) -> str:
        """The compact form: letters only, case and spacing ignored."""
        return self._keys[self.numbers[folded]]

    def count(self, folded: str) -> int:
        """How many times the run writes the spelling."""
        return self._counts[self.numbers[folded]]

    def known(self, folded: str) -> str:
        """The canonical gazetteer name the spelling is an accepted form of, or ""."""
        return self._known.get(self.numbers[folded], "")

    def only_paired(self, folded: str) -> bool:
        """Whether the spelling is only ever seen as two words that may be one term ("corona virus")."""
        return bool(self._pair[self.numbers[folded]])

    def leads(self, word: str) -> bool:
        """Whether the run writes `word` before another word of a name, as given names are."""
        number = self.numbers.get(word)
        return number is not None and bool(self._leads[number])

    def introduced(self, folded: str) -> frozenset[str]:
        """The words written before the spelling in names ("senator", "tomasz")."""
        return self._introduced.get(self.numbers[folded], _NONE_INTRODUCED)

    def written(self, folded: str) -> dict[str, int]:
        """The spelling's mid-sentence surfaces and their uses, in first-seen order."""
        number = self.numbers[folded]
        surface = self._surface[number]
        if surface is None:
            return {}
        return self._surfaces.get(number) or {surface: self._surface_uses[number]}

    def documents(self, folded: str) -> list[int]:
        """The numbers of the documents the spelling occurs in, in run order."""
        number = self.numbers[folded]
        return list(accumulate(self._later_documents.get(number, ()), initial=self._first_document[number]))

    def together(self, first: str, second: str) -> bool:
        return not set(self.documents(first)).isdisjoint(self.documents(second))

    def same_case_class(self, first: str, second: str) -> bool:
        """Whether neither spelling is always capitalised while the other is always lower case."""
        return {self.case_class(first), self.case_class(second)} != {"capital", "lower"}

    def case_class(self, folded: str) -> str:
        """Return "capital", "lower" or "mixed": how the spelling is written mid-sentence, or
        "initial" for a capitalised spelling that only ever opens a sentence."""
        written = self.written(folded)
        if not written:
            return "initial" if self.surface(folded)[:1].isupper() else "mixed"
        if all(w[:1].isupper() for w in written):
            return "capital"
        if all(w == w.lower() for w in written):
            return "lower"
        return "mixed"

    def distinct_people(self, first: str, second: str) -> bool:
        """Whether two close names are two people's, not one name spelled twice: given names
        ("Radoslaw", "Radoslav": a father and a son), or surnames that each come with given
        names or titles of their own ("Senator Anna Kovacic", "Governor Petra Kovacik")."""
        differing = [(a, b) for a, b in zip(first.split(), second.split()) if a != b]
        if len(differing) == 1 and all(self.leads(word) for word in differing[0]):
            return True
        one = _given_names_and_titles(self.introduced(first))
        two = _given_names_and_titles(self.introduced(second))
        return any(mine and theirs and not mine & theirs for mine, theirs in zip(one, two))

    def rank(self, folded: str) -> tuple[bool, bool, int, float]:
        """Order spellings: listed in the gazetteer first, then a dictionary word, then by use in
        the run, then by frequency in English. Use never outranks a canonical form."""
        english = min((zipf(w) for w in folded.replace("-", " ").split()), default=0.0)
        dictionary = folded.isalpha() and zipf(folded) >= _DICTIONARY_ZIPF
        return (bool(self.known(folded)), dictionary, self.count(folded), english)

    def fetch_places(self, clusters: list[tuple[str, str]], summaries: Mapping[str, Summary]) -> None:
        """Keep the per-file entries that `occurrences` and `first_place` will read for these
        (flagged, dominant) pairs, reading each file's summary once (it may wait pickled)."""
        wanted: dict[str, set[str]] = {}
        for flagged, dominant in clusters:
            wanted.setdefault(self.first_path(dominant), set()).add(dominant)
            for path in self.paths(flagged):
                wanted.setdefault(path, set()).update((flagged, dominant))
        for path, spellings in wanted.items():
            summary = summaries[path]
            self.places.update(((path, folded), summary[folded]) for folded in spellings if folded in summary)

    def occurrences(self, folded: str) -> Iterator[tuple[str, Spelling]]:
        for path in self.paths(folded):
            yield path, self.places[path, folded]

    def paths(self, folded: str) -> list[str]:
        """The paths of the documents a spelling occurs in, in run order."""
        return list(map(self.path_names.__getitem__, self.documents(folded)))

    def first_path(self, folded: str) -> str:
        return self.path_names[self._first_document[self.numbers[folded]]]

    def first_place(self, folded: str, prefer: str) -> tuple[str, Span]:
        path = prefer if (prefer, folded) in self.places else self.first_path(folded)
        start, end, _ = min(self.places[path, folded].spans)
        return path, Span(start, end)

    def surface(self, folded: str) -> str:
        """The spelling as written: its commonest mid-sentence form, else as first seen."""
        written = self.written(folded)
        if written:
            return _most_used(written)
        return self._shown[self.numbers[folded]] or folded

    def preferred_surface(self, folded: str) -> str:
        """The dominant spelling as written mid-sentence: lower case when the run writes it so."""
        written = self.written(folded)
        if not written:
            return self.known(folded) or folded
        lower = [s for s in written if s == s.lower()]
        if lower and zipf(self.key(folded)) >= 3.0:
            return lower[0]  # a common noun ("coronavirus"); capitals are for names
        return _most_used(written)


def _most_used(surfaces: dict[str, int]) -> str:
    """The surface used most, the first seen among equals."""
    return max(surfaces, key=surfaces.__getitem__)


_NONE_INTRODUCED: frozenset[str] = frozenset()


class _Found:
    """Where one spelling occurs in a document."""

    __slots__ = ("count", "spans", "written", "pair", "shown")

    def __init__(self) -> None:
        self.shown = ""
        self.count = 0
        self.spans: list[tuple[int, int, bool]] = []
        self.written: dict[str, int] = {}
        self.pair = True

    def add(self, text: str, written: str, places: list[tuple[int, int]], pair: bool, max_spans: int) -> None:
        self.count += len(places)
        self.pair = self.pair and pair
        self.shown = self.shown or written
        # Only a capital can be owed to the sentence start; lower case needs no look back.
        capital = written[0].isupper()
        initials = [capital and opens_sentence(text, start) for start, _ in places] if capital else [False] * len(places)
        room = max_spans - len(self.spans)
        self.spans.extend((start, end, initial) for (start, end), initial in zip(places[:room], initials))
        mid_sentence = len(places) - sum(initials)
        if mid_sentence:
            self.written[written] = self.written.get(written, 0) + mid_sentence


@dataclass(frozen=True, slots=True)
class _Word:
    stem: str  # without a possessive "'s"
    length: int  # of the stem
    folded: str
    unit: bool  # worth comparing on its own
    pairable: bool  # may be half of a term written in two words
    rare: bool
    common: bool


def _units(document: "Document", min_letters: int, too_common: float) -> Iterator[tuple[str, str, list[tuple[int, int]], bool]]:
    """Yield (as written, folded, places, is a word pair) for words, split terms and names."""
    text = document.text
    names = {(run.span.start, run.span.end): run for run in document.names if 1 < len(run.tokens) <= 4}
    words: dict[str, list[tuple[int, int]]] = {}
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = {}
    starts, _, tokens = document.word_columns
    seen = {token: _word(token, min_letters, too_common) for token in dict.fromkeys(tokens)}
    previous: _Word | None = None
    previous_start = previous_end = 0
    # The hot loop of the kind: each word's facts come from one look-up per distinct token.
    for start, info in zip(starts, map(seen.__getitem__, tokens)):
        end = start + info.length
        if info.unit:
            places = words.get(info.stem)
            if places is None:
                words[info.stem] = [(start, end)]
            else:
                places.append((start, end))
        if info.pairable:
            if previous is not None and _may_be_one_term(previous, info, min_letters):
                gap = text[previous_end:start]
                if gap.isspace() and "\n" not in gap and (previous_start, end) not in names:
                    pairs.setdefault((previous.stem, info.stem), []).append((previous_start, end))
            previous, previous_start, previous_end = info, start, end
        else:
            previous = None
    for word, places in words.items():
        yield word, seen[word].folded if word in seen else fold(word), places, False
    for (first, second), places in pairs.items():
        yield f"{first} {second}", f"{fold(first)} {fold(second)}", places, True
    for start, end in names:
        written = " ".join(text[start:end].split())  # as written ("U.S. Embassy"), one space per gap
        yield written, fold(written), [(start, end)], False


@functools.lru_cache(maxsize=WORDS_REMEMBERED)
def _word(token: str, min_letters: int, too_common: float) -> _Word:
    stem = token[:-2] if token.endswith(_POSSESSIVE) else token
    folded = fold(stem)
    frequency = zipf(folded)
    return _Word(
        stem=stem,
        length=len(stem),
        folded=folded,
        # Numbers differ for a reason ("35-year-old", "36-year-old"): words with digits are left out.
        unit=len(stem) >= min_letters - 2 and _DIGIT_RE.search(stem) is None and frequency < too_common,
        pairable=folded.isalpha() and folded not in _FUNCTION_WORDS,
        rare=frequency < 2.0,
        common=frequency >= too_common - 0.5,
    )


def _may_be_one_term(first: _Word, second: _Word, min_letters: int) -> bool:
    if len(first.folded) + len(second.folded) < min_letters or (first.common and second.common):
        return False  # two everyday words ("every day") are split on purpose
    if second.folded in _ADVERB_PARTICLES:
        return False  # a phrasal verb ("crack down", "lock down") beside its noun ("crackdown")
    # A pair with a rare word ("Coruna virus"), or one English writes as one word ("corona virus").
    return first.rare or second.rare or zipf(first.folded + second.folded) >= 1.0


class _NearKeys:
    """Find the keys of a run one edit from a key, without generating every edit of it.

    A text of 100,000 distinct rare words has as many keys, and `_edits` makes some 850
    strings per key of 16 letters: the deletions of the keys (`close_pairs`, which indexes the
    fewer of the keys asked about and the run's keys) give a few candidates instead, each
    checked against exactly the edits `_edits` would make (`_is_edit`). Keys longer than
    `LONGEST` (which only pathological texts have) are neither indexed nor looked up this way.
    """

    LONGEST = 48

    def __init__(self, keys: Collection[str], asked: set[str]) -> None:
        self.keys = keys
        self.candidates: dict[str, set[str]] = {}
        indexed = [key for key in keys if len(key) <= self.LONGEST]
        for key, near in close_pairs([key for key in asked if len(key) + 1 <= self.LONGEST], indexed):
            self.candidates.setdefault(key, set()).add(near)

    def within_one_edit(self, key: str, lowest: int, highest: int) -> set[str]:
        """Return the keys of the run among `set(_edits(key, lowest, highest))`, `key` being one of those asked about."""
        if len(key) + 1 > self.LONGEST or highest > len(key):
            return {near for near in set(_edits(key, lowest, highest)) if near in self.keys}
        return {near for near in self.candidates.get(key, ()) if _is_edit(key, near, lowest, highest)}


def _is_edit(key: str, other: str, lowest: int, highest: int) -> bool:
    """Whether `other` is in `_edits(key, lowest, highest)` (for `highest` up to `len(key)`)."""
    if len(other) == len(key) + 1:
        return any(other[i] in _ALPHABET and other[:i] == key[:i] and other[i + 1 :] == key[i:] for i in range(lowest, highest + 1))
    if len(other) == len(key) - 1:
        return any(key[:i] + key[i + 1 :] == other for i in range(lowest, highest))
    if len(other) != len(key):
        return False
    substituted = any(other[i] in _ALPHABET and other[:i] == key[:i] and other[i + 1 :] == key[i + 1 :] for i in range(lowest, highest))
    return substituted or any(key[:i] + key[i + 1] + key[i] + key[i + 2 :] == other for i in range(lowest, highest - 1))


def _edits(key: str, lowest: int, highest: int) -> Iterator[str]:
    """Yield the strings one edit (or transposition) from `key` at positions `lowest` to `highest`."""
    for i in range(lowest, highest + 1):
        for letter in _ALPHABET:
            yield key[:i] + letter + key[i:]
        if i < highest:
            yield key[:i] + key[i + 1 :]
            for letter in _ALPHABET:
                yield key[:i] + letter + key[i + 1 :]
        if i + 1 < highest:
            yield key[:i] + key[i + 1] + key[i] + key[i + 2 :]
