"""Find name-like spans: runs of capitalised words, the way people, places and bodies are written.

Kinds that must not treat proper names as misspelled words, and kinds that compare names with
a gazetteer, share this one definition. A run is a sequence of capitalised words separated by
horizontal white space of any kind (U+00A0 and other Unicode spaces count as a space, a line
break ends the run), possibly joined by lower-case particles ("Communist Party of China",
"Ursula von der Leyen", "Mohammed bin Salman"). A function word that is capitalised only
because it opens a sentence ("The", "In", "But") is left out of the run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from auditor.model import Span
from auditor.segment import WORD_RE

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

_PREFIXED_NAME_RE = re.compile(r"[a-z]{1,3}[-'’]\w")
_HORIZONTAL_SPACE_RE = re.compile(r"[^\S\n\r\v\f\u2028\u2029]+")
_SENTENCE_MARKS = frozenset(".!?…:;\n\r")
_OPENERS = frozenset("\"'“‘«([{")
_POSSESSIVE = ("'s", "’s")
_TITLE_ABBREVIATIONS = frozenset("mr mrs ms dr st gen sen rep gov prof jr sr lt col capt sgt adm pres hon rev mt ft".split())
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
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def compact(text: str) -> str:
    """Return the folded letters and digits of `text` only: spacing, hyphens and case ignored."""
    return "".join(char for char in fold(text) if char.isalnum())


def opens_sentence(text: str, position: int) -> bool:
    """Return whether the word at `position` is the first of a sentence, line or quotation."""
    index = position - 1
    while index >= 0 and (text[index] in _OPENERS or (text[index].isspace() and text[index] not in "\n\r")):
        index -= 1
    return index < 0 or text[index] in _SENTENCE_MARKS


def name_spans(text: str, start: int = 0, end: int | None = None) -> list[NameSpan]:
    """Return the name-like runs of `text[start:end]` in text order (linear in the text)."""
    limit = len(text) if end is None else end
    runs: list[NameSpan] = []
    current: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # particles seen after the run, kept if a capital follows
    previous_end = -1

    def close() -> None:
        run = _make_run(text, current) if current else None
        if run is not None:
            runs.append(run)
        current.clear()
        pending.clear()

    for match in WORD_RE.finditer(text, start, limit):
        word_start, word_end = match.start(), match.end()
        if current and not _HORIZONTAL_SPACE_RE.fullmatch(text, previous_end, word_start):
            close()
        word = text[word_start:word_end]
        possessive = word.endswith(_POSSESSIVE)
        if possessive:
            word_end -= 2
            word = word[:-2]
        if is_capitalised(word):
            current.extend(pending)
            pending.clear()
            current.append((word_start, word_end))
        elif current and not possessive and _particle_may_follow(word.casefold(), [text[s:e] for s, e in pending]):
            pending.append((word_start, word_end))
        else:
            close()
        previous_end = match.end()
        if previous_end < limit and text[previous_end] == ".":
            if not _abbreviation(word):
                close()
            previous_end += 1
        if possessive:
            close()
    close()
    return runs


def _particle_may_follow(word: str, pending: list[str]) -> bool:
    # "of the" may join ("Republic of the Congo"); a lone "the" would swallow "Does the Chinese".
    if word == "the":
        return [p.casefold() for p in pending] == ["of"]
    return word in PARTICLES and len(pending) < 2


def _abbreviation(word: str) -> bool:
    # "U.S. Secretary", "Mr. Hua", "George W. Bush": the full stop does not end the name.
    return "." in word or (len(word) == 1 and word.isupper()) or word.casefold() in _TITLE_ABBREVIATIONS


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
