"""A fast LM engine (``ml.lm = "trigram"``) on pocketsphinx's English trigram model.

``model/en-us/en-us.lm.bin`` (72k lower-case words) scores a sentence in microseconds. It knows no
numbers and no words coined after its time, so its word gaps compare a word only with in-vocabulary
words close to it in spelling or sound, and a word it does not know counts as at least as unlikely
as the rarest word it knows.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from auditor.engines.ml.lm import MIN_SIMILARITY, Thresholds, WordScore, close_alternatives, words_of
from auditor.engines.ml.runtime import EngineUnavailable

# pocketsphinx scores are integer logs in base 1.0001; NGramModel.prob takes the word, then its history
# newest first, and returns this value for a word it does not know.
LOG_BASE = math.log(1.0001)
UNKNOWN = -536870912
NEIGHBOURS = 20


class TrigramLM:
    name = "trigram"

    def __init__(self, search_from: float | None = None) -> None:
        """``search_from``: search close neighbours only for words at least this surprising (nats),
        by default the calibrated word threshold. A word's gap is at most its surprisal, so this
        changes no finding at that threshold and saves most of the time."""
        try:
            pocketsphinx = importlib.import_module("pocketsphinx")
        except ImportError as error:
            raise EngineUnavailable("the trigram LM needs pocketsphinx: pip install pocketsphinx") from error
        folder = Path(pocketsphinx.get_model_path()) / "en-us"
        self.dictionary = folder / "cmudict-en-us.dict"
        try:
            pocketsphinx.set_loglevel("ERROR")
            self.model: Any = pocketsphinx.NGramModel.readfile(str(folder / "en-us.lm.bin"))
        except (OSError, RuntimeError, ValueError) as error:
            raise EngineUnavailable(f"{folder / 'en-us.lm.bin'}: cannot read the trigram LM: {error}") from error
        self.search_from = Thresholds.calibrated(self.name).word_gap if search_from is None else search_from

    @cached_property
    def vocabulary(self) -> list[str]:
        """The words the model knows: those of pocketsphinx's dictionary with a unigram probability."""
        with self.dictionary.open(encoding="utf-8") as lines:
            words = {line.split(" ", 1)[0].split("(", 1)[0] for line in lines}
        return sorted(word for word in words if self.model.prob([word]) != UNKNOWN)

    @cached_property
    def by_length(self) -> dict[int, list[str]]:
        lengths: dict[int, list[str]] = {}
        for word in self.vocabulary:
            lengths.setdefault(len(word), []).append(word)
        return lengths

    @cached_property
    def unknown_surprisal(self) -> float:
        """The surprisal given to a word the model does not know: that of its rarest known word."""
        return -LOG_BASE * float(min(self.model.prob([word]) for word in self.vocabulary))

    def surprisal(self, word: str, history: Sequence[str]) -> float:
        """``-ln p(word | the last two words of history)``; history starts with ``<s>``."""
        score = self.model.prob([word, *reversed(history[-2:])])
        return self.unknown_surprisal if score == UNKNOWN else -LOG_BASE * float(score)

    def score_sentences(self, sentences: Sequence[str]) -> list[tuple[WordScore, ...]]:
        return [self._score(sentence) for sentence in sentences]

    def _score(self, sentence: str) -> tuple[WordScore, ...]:
        spans = words_of(sentence)
        history = ["<s>"] + [sentence[start:end].lower().replace("’", "'") for start, end in spans]
        scores = []
        for index, (start, end) in enumerate(spans, start=1):
            word, context = history[index], history[:index]
            surprisal = self.surprisal(word, context)
            gap, alternatives = 0.0, tuple[str, ...]()
            if surprisal >= self.search_from:
                gap, alternatives = self._neighbours(word, context, surprisal)
            # the trigram's best alternative is its likeliest close neighbour: both gaps are that one
            scores.append(WordScore(start, end, sentence[start:end], surprisal, gap, alternatives, gap))
        return tuple(scores)

    def _neighbours(self, word: str, history: list[str], surprisal: float) -> tuple[float, tuple[str, ...]]:
        """(gap to the likeliest close neighbour, the close neighbours likelier here, likeliest first)."""
        from rapidfuzz import fuzz, process

        spread = max(2, len(word) // 3)
        pool = [c for n in range(len(word) - spread, len(word) + spread + 1) for c in self.by_length.get(n, ())]
        found = process.extract(word, pool, scorer=fuzz.ratio, limit=NEIGHBOURS, score_cutoff=MIN_SIMILARITY)
        cost = {candidate: self.surprisal(candidate, history) for candidate, _, _ in found}
        alternatives = close_alternatives(word, [c for c in cost if cost[c] < surprisal])
        if not alternatives:
            return 0.0, ()
        return surprisal - min(cost[c] for c in alternatives), alternatives
