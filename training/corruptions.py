"""Synthetic errors planted in clean English: each corrupted word is labelled BAD.

The families are those of real machine translation and non-native writing that a word-level
detector should learn: confusable words, dropped or wrong articles, wrong prepositions,
agreement errors and misspelled (mistransliterated) names.
"""

from __future__ import annotations

import random
import re

_AFFIXES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)

_CONFUSABLE_SETS = [
    "their there", "its it's", "then than", "affect effect", "lose loose", "to too", "your you're",
    "whose who's", "accept except", "principal principle", "quite quiet", "advice advise",
    "weather whether", "where were", "past passed", "piece peace", "brake break", "hear here",
    "know no", "right write", "sea see", "new knew", "week weak", "whole hole", "plain plane",
    "council counsel", "complement compliment", "desert dessert", "lead led", "course coarse",
    "site sight", "role roll", "wait weight", "fair fare", "rise raise", "lie lay", "lend borrow",
    "economic economical", "historic historical", "sensible sensitive", "later latter",
    "formally formerly", "personal personnel", "allowed aloud", "bored board", "buy by",
]
CONFUSABLES: dict[str, list[str]] = {}
for _group in _CONFUSABLE_SETS:
    _members = _group.split()
    for _member in _members:
        CONFUSABLES.setdefault(_member, []).extend(m for m in _members if m != _member)

ARTICLES = {"a": ["the", "an"], "an": ["a", "the"], "the": ["a", "an"]}
PREPOSITIONS = ["in", "on", "at", "of", "for", "to", "with", "by", "from", "into", "about", "over"]
AGREEMENT = {
    "is": "are", "are": "is", "was": "were", "were": "was", "has": "have", "have": "has",
    "does": "do", "do": "does", "doesn't": "don't", "don't": "doesn't", "this": "these",
    "these": "this", "those": "that", "many": "much", "much": "many", "few": "little",
}
_VOWELS = "aeiou"


def _cased(replacement: str, original: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _misspell(name: str, rng: random.Random) -> str:
    """A plausible mistransliteration: swapped, changed, dropped or doubled letters inside the name."""
    inner = list(range(1, len(name) - 1))
    for _ in range(10):
        letters = list(name)
        position = rng.choice(inner)
        kind = rng.randrange(4)
        if kind == 0 and position + 1 < len(name) - 1:
            letters[position], letters[position + 1] = letters[position + 1], letters[position]
        elif kind == 1 and letters[position].lower() in _VOWELS:
            letters[position] = rng.choice([v for v in _VOWELS if v != letters[position].lower()])
        elif kind == 2:
            del letters[position]
        elif kind == 3:
            letters.insert(position, letters[position])
        candidate = "".join(letters)
        if candidate != name:
            return candidate
    return name[0] + name[1:-1][::-1] + name[-1]


def _candidates(cores: list[str]) -> list[tuple[int, str]]:
    """(word index, corruption kind) for every corruption that applies to the sentence."""
    found: list[tuple[int, str]] = []
    for index, core in enumerate(cores):
        lower = core.lower()
        if lower in CONFUSABLES:
            found.append((index, "confusable"))
        if lower in ARTICLES:
            found.append((index, "wrong-article"))
            if index + 1 < len(cores):
                found.append((index, "dropped-article"))
        if lower in PREPOSITIONS:
            found.append((index, "preposition"))
        if lower in AGREEMENT:
            found.append((index, "agreement"))
        if index > 0 and len(core) >= 4 and core.isalpha() and core[0].isupper() and not core.isupper():
            found.append((index, "name"))
    return found


def corrupt(words: list[str], rng: random.Random, count: int) -> tuple[list[str], list[int], list[str]] | None:
    """Up to ``count`` corruptions of ``words``: (new words, 0/1 labels, kinds applied), None when none applies."""
    parts = [_AFFIXES.match(word).groups() for word in words]  # type: ignore[union-attr]
    cores = [core for _, core, _ in parts]
    candidates = _candidates(cores)
    rng.shuffle(candidates)
    chosen: list[tuple[int, str]] = []
    for index, kind in candidates:
        if len(chosen) < count and all(abs(index - other) > 1 for other, _ in chosen):
            chosen.append((index, kind))
    if not chosen:
        return None
    new_words = list(words)
    labels = [0] * len(words)
    dropped: set[int] = set()
    for index, kind in chosen:
        prefix, core, suffix = parts[index]
        lower = core.lower()
        if kind == "dropped-article":
            dropped.add(index)
            labels[index + 1] = 1
            continue
        if kind == "confusable":
            replacement = rng.choice(CONFUSABLES[lower])
        elif kind == "wrong-article":
            replacement = rng.choice(ARTICLES[lower])
        elif kind == "preposition":
            replacement = rng.choice([p for p in PREPOSITIONS if p != lower])
        elif kind == "agreement":
            replacement = AGREEMENT[lower]
        else:
            replacement = _misspell(core, rng)
        new_words[index] = prefix + _cased(replacement, core) + suffix
        labels[index] = 1
    kept = [i for i in range(len(words)) if i not in dropped]
    return [new_words[i] for i in kept], [labels[i] for i in kept], [kind for _, kind in chosen]
