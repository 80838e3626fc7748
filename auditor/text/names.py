"""Find name-like spans: runs of capitalised words, the way people, places and bodies are written.

Kinds that must not treat proper names as misspelled words, and kinds that compare names with
a gazetteer, share this one definition. A run is a sequence of capitalised words separated by
horizontal white space of any kind (U+00A0 and other Unicode spaces count as a space, a line
break ends the run), possibly joined by lower-case particles ("Communist Party of China",
"Ursula von der Leyen", "Mohammed bin Salman"). A function word that is capitalised only
because it opens a sentence ("The", "In", "But") is left out of the run.
"""

from __future__ import annotations

import functools

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from auditor.model import Span
from auditor.text.caches import WORDS_REMEMBERED
from auditor.text.segment import WORD_RE

# Lower-case words that may sit inside a name between two capitalised words.
PARTICLES = frozenset(
    "of the de da das del della der di do dos du la le las los van von den ter bin bint ibn al el y".split()
)

# Words that are capitalised at the start of a sentence but never begin a name there.
FUNCTION_WORDS = frozenset(
    """a an the this that these those it its he she they we you i his her their our my your
    in on at by for from with without to of and or but nor so yet if when while after before
    since as because although though despite during under over about among between into
    through than then there here who what which where why how all both each every some any no
    not many most more several such other another only also even just still however meanwhile
    according last next earlier later on once again""".split()
)


def _capitals() -> str:
    # `re` has no \p{Lu}: spell out the capitals of the scripts that have case (Latin with its
    # extensions and Vietnamese letters, Greek, Cyrillic, Armenian) as ranges, once.
    codes = [
        ord(char)
        for char in map(chr, (*range(0x0530), *range(0x1E00, 0x2000)))
        if char.isupper() or char.istitle()
    ]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_CAPITAL = _capitals()
_GAP = r"[^\S\n\r\v\f\u2028\u2029]+"
_NAME_PREFIXES = "al|el|ad|as|ash|at|az|ud|ul|d|l"
_TITLE_ABBREVIATIONS = "Mrs|Mr|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|Jr|Sr|Lt|Col|Capt|Sgt|Adm|Pres|Hon|Rev|Mt|Ft"
# A capitalised word: "Mr." and initials keep their full stop ("U.S.", "George W. Bush");
# otherwise a full stop, a possessive "'s" or a line break ends the run.
_WORD_TAIL = r"[^\W_]*(?:[-.][^\W_]+|['’](?![sS]\b)[^\W_]+)*"
_NAME_WORD = (
    rf"(?:(?:{_TITLE_ABBREVIATIONS})\.|[{_CAPITAL}](?:\.[{_CAPITAL}])*\.(?={_GAP})"
    rf"|(?:[{_CAPITAL}]|(?:{_NAME_PREFIXES})['’-][{_CAPITAL}]){_WORD_TAIL})"
)
_PARTICLE = "|".join(sorted(PARTICLES - {"the"}))
_MORE_WORDS = rf"(?:{_GAP}(?:(?:of{_GAP}the|(?:{_PARTICLE})(?:{_GAP}(?:{_PARTICLE}))?){_GAP})?{_NAME_WORD})*"


def _abbreviation_tails() -> str:
    # "Mr." after the capital "M" has been read: fixed-width look-behinds, one per first letter.
    tails: dict[str, list[str]] = {}
    for word in _TITLE_ABBREVIATIONS.split("|"):
        tails.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(rf"(?<=\b{first})(?:{'|'.join(sorted(rest, key=len, reverse=True))})\." for first, rest in tails.items())


# The pattern opens with a plain character class so that `re` skips to the next capital in C;
# whether the capital really starts a word (not "pro-Beijing") is checked on each hit.
_RUN_RE = re.compile(
    rf"[{_CAPITAL}](?:(?<=\b[{_CAPITAL}])(?:\.[{_CAPITAL}])*\.(?={_GAP})|{_abbreviation_tails()}"
    rf"|{_WORD_TAIL}){_MORE_WORDS}"
)
# Runs that open with a prefixed name ("al-Assad said"), found from the apostrophe or hyphen.
_PREFIX_HIT_RE = re.compile(rf"['’-][{_CAPITAL}]")
_PREFIXED_RUN_RE = re.compile(rf"(?:{_NAME_PREFIXES})['’-][{_CAPITAL}]{_WORD_TAIL}{_MORE_WORDS}")
_PREFIXED_NAME_RE = re.compile(rf"(?:{_NAME_PREFIXES})['’-]\w")
_SENTENCE_MARKS = frozenset(".!?…:;\n\r")
_OPENERS = frozenset("\"'“‘«([{")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NOT_ALPHANUMERIC_RE = re.compile(r"[\W_]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"})


@dataclass(frozen=True, slots=True)
class NameSpan:
    """One run of capitalised words: its span, each word's span and text.

    `sentence_initial` is true when the run's first word opens a sentence, so its capital
    may be grammar rather than a sign of a name.
    """

    span: Span
    tokens: tuple[Span, ...]
    words: tuple[str, ...]
    sentence_initial: bool

    @property
    def text(self) -> str:
        """The run with every gap written as one plain space."""
        return " ".join(self.words)


def is_capitalised(word: str) -> bool:
    """Return whether a word is written as a name: "Hua", "WHO", "COVID-19", "al-Assad"."""
    if not word:
        return False
    prefixed = _PREFIXED_NAME_RE.match(word)
    return word[0].isupper() or (prefixed is not None and word[prefixed.end() - 1].isupper())


def fold(text: str) -> str:
    """Return `text` case-folded, without diacritics, with one plain space for any white space."""
    # Words and names recur (a megabyte folds some 130,000 of them, 19,000 distinct): short
    # ones are remembered; long texts are not, so the cache never holds a large string.
    return _fold_short(text) if len(text) <= _FOLD_CACHED_LENGTH else fold_uncached(text)


_FOLD_CACHED_LENGTH = 64


@functools.lru_cache(maxsize=WORDS_REMEMBERED)
def _fold_short(text: str) -> str:
    return fold_uncached(text)


def fold_uncached(text: str) -> str:
    """`fold` without its cache, for a mass of distinct strings met once (building a table),
    which would only push out the words a text repeats."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():  # the common case, without the cost of decomposition
        return " ".join(text.lower().split())
    stripped = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(stripped.casefold().split())


def compact(text: str) -> str:
    """Return the folded letters and digits of `text` only: spacing, hyphens and case ignored."""
    return _NOT_ALPHANUMERIC_RE.sub("", fold(text))


def opens_sentence(text: str, position: int) -> bool:
    """Return whether the word at `position` is the first of a sentence, line or quotation."""
    index = position - 1
    while index >= 0 and (text[index] in _OPENERS or (text[index].isspace() and text[index] not in "\n\r")):
        index -= 1
    return index < 0 or text[index] in _SENTENCE_MARKS


def name_spans(text: str, start: int = 0, end: int | None = None) -> list[NameSpan]:
    """Return the name-like runs of `text[start:end]` in text order (linear in the text)."""
    limit = len(text) if end is None else end
    found = list(_capital_runs(text, start, limit)) + list(_prefixed_runs(text, start, limit))
    found.sort()
    runs: list[NameSpan] = []
    reached = start
    for run_start, run_end in found:
        if run_start < reached:
            continue  # "al-Assad" inside "Bashar al-Assad"
        reached = run_end
        run = _make_run(text, [(m.start(), m.end()) for m in WORD_RE.finditer(text, run_start, run_end)])
        if run is not None:
            runs.append(run)
    return runs


def _starts_word(text: str, position: int) -> bool:
    before = text[position - 1] if position > 0 else " "
    return not before.isalnum() and not (before in "-'’." and position > 1 and text[position - 2].isalnum())


def _capital_runs(text: str, position: int, limit: int) -> Iterator[tuple[int, int]]:
    while True:
        match = _RUN_RE.search(text, position, limit)
        if match is None:
            return
        if _starts_word(text, match.start()):
            yield match.start(), match.end()
            position = match.end()
        else:
            position = match.start() + 1  # a capital inside a word: look again just after it


def _prefixed_runs(text: str, position: int, limit: int) -> Iterator[tuple[int, int]]:
    for hit in _PREFIX_HIT_RE.finditer(text, position, limit):
        for length in (1, 2, 3):
            word_start = hit.start() - length
            if word_start >= position and _starts_word(text, word_start):
                match = _PREFIXED_RUN_RE.match(text, word_start, limit)
                if match is not None:
                    yield match.start(), match.end()
                    break


def _make_run(text: str, words: list[tuple[int, int]]) -> NameSpan | None:
    initial = opens_sentence(text, words[0][0])
    while initial and words and text[words[0][0] : words[0][1]].casefold() in FUNCTION_WORDS:
        words = words[1:]
        # The next word is capitalised in its own right, not because it opens the sentence.
        initial = False
    while words and text[words[-1][0] : words[-1][1]].casefold() in PARTICLES:
        words = words[:-1]
    if not words:
        return None
    tokens = tuple(Span(s, e) for s, e in words)
    return NameSpan(
        span=Span(tokens[0].start, tokens[-1].end),
        tokens=tokens,
        words=tuple(text[s:e] for s, e in words),
        sentence_initial=initial,
    )
