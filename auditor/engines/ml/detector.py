"""ML001's word-level error detector: which words of an English text a professional would flag.

Token classification over the packaged MiniLM encoder with low-rank adapters and a linear head
(trained by ``training/train_detector.py``; only adapters + head are committed, in ``weights/``
with a manifest naming the encoder, the training data, the hash and the chosen threshold).
Each word (a run of non-space characters) gets the probability of its first sub-word piece;
results are plain data with character offsets into the texts as given.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.engines.ml import runtime
from auditor.engines.ml.words import Span, windows, word_spans

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
WEIGHTS_FILE = "ml001.safetensors"
MANIFEST_FILE = "ml001.json"
DEFAULT_MAX_PIECES = 200
DEFAULT_BATCH_SIZE = 32


@dataclass(frozen=True)
class Window:
    """One encoder input: sub-word ids with [CLS]/[SEP], and where each word's first piece sits."""

    text_index: int
    word_indices: list[int]
    input_ids: list[int]
    first_pieces: list[int]  # position in input_ids of each word's first piece; -1: no piece


@dataclass(frozen=True)
class FlaggedSpan:
    """Consecutive flagged words: ``text[start:end]``, with the highest word probability among them."""

    start: int
    end: int
    probability: float


def encode(tokenizer: Any, texts: Sequence[str], max_pieces: int = DEFAULT_MAX_PIECES) -> tuple[list[list[Span]], list[Window]]:
    """The words of each text and the windows that cover them.

    Each word is tokenized on its own, as ``is_split_into_words`` does, so pieces map back to
    words exactly whatever characters the tokenizer drops or splits off.
    """
    all_words: list[list[Span]] = []
    result: list[Window] = []
    for text_index, text in enumerate(texts):
        words = word_spans(text)
        all_words.append(words)
        if not words:
            continue
        pieces: list[list[int]] = tokenizer([text[s:e] for s, e in words], add_special_tokens=False)["input_ids"]
        for indices in windows(text, words, [max(1, len(p)) for p in pieces], max_pieces):
            ids = [tokenizer.cls_token_id]
            first: list[int] = []
            for index in indices:
                word_pieces = pieces[index][: max(0, max_pieces + 1 - len(ids))]
                first.append(len(ids) if word_pieces else -1)
                ids.extend(word_pieces)
            ids.append(tokenizer.sep_token_id)
            result.append(Window(text_index, indices, ids, first))
    return all_words, result


def batches(items: Sequence[Window], batch_size: int) -> list[list[Window]]:
    """Windows of similar length together (less padding), in a deterministic order."""
    ordered = sorted(items, key=lambda window: len(window.input_ids))
    return [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]


def pad(torch: Any, group: Sequence[Window], pad_id: int, device: str) -> tuple[Any, Any]:
    """(input_ids, attention_mask) tensors for a batch of windows."""
    width = max(len(window.input_ids) for window in group)
    ids = torch.full((len(group), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(group), width), dtype=torch.long)
    for row, window in enumerate(group):
        ids[row, : len(window.input_ids)] = torch.tensor(window.input_ids)
        mask[row, : len(window.input_ids)] = 1
    return ids.to(device), mask.to(device)


def word_probabilities(
    model: Callable[[Any, Any], Any],
    tokenizer: Any,
    texts: Sequence[str],
    device: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_pieces: int = DEFAULT_MAX_PIECES,
) -> list[list[tuple[int, int, float]]]:
    """(start, end, probability) for every word of every text; ``model`` maps ids and mask to logits."""
    torch = runtime.import_torch()
    all_words, items = encode(tokenizer, texts, max_pieces)
    probabilities = [[0.0] * len(words) for words in all_words]
    with torch.inference_mode():
        for group in batches(items, batch_size):
            ids, mask = pad(torch, group, tokenizer.pad_token_id or 0, device)
            scores = torch.sigmoid(model(ids, mask).float()).cpu().tolist()
            for row, window in zip(scores, group):
                for index, position in zip(window.word_indices, window.first_pieces):
                    if position >= 0:
                        probabilities[window.text_index][index] = row[position]
    return [[(s, e, p) for (s, e), p in zip(words, probs)] for words, probs in zip(all_words, probabilities)]


def flagged_spans(words: Sequence[tuple[int, int, float]], threshold: float) -> list[FlaggedSpan]:
    """Runs of consecutive words at or above ``threshold``, one span each."""
    spans: list[FlaggedSpan] = []
    previous_flagged = False
    for start, end, probability in words:
        flagged = probability >= threshold
        if flagged and previous_flagged:
            last = spans[-1]
            spans[-1] = FlaggedSpan(last.start, end, max(last.probability, probability))
        elif flagged:
            spans.append(FlaggedSpan(start, end, probability))
        previous_flagged = flagged
    return spans


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(weights_dir: Path) -> dict[str, Any]:
    """The manifest of a weights folder, after checking that the weights are the ones it names."""
    manifest_path, weights_path = weights_dir / MANIFEST_FILE, weights_dir / WEIGHTS_FILE
    for path in (manifest_path, weights_path):
        if not path.is_file():
            raise runtime.EngineUnavailable(f"{path}: the detector's weights are missing")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        expected = manifest["weights_sha256"]
        manifest["threshold"], manifest["lora_rank"], manifest["lora_alpha"]
    except (ValueError, KeyError) as error:
        raise runtime.EngineUnavailable(f"{manifest_path}: not a detector manifest ({error})") from error
    if sha256_of(weights_path) != expected:
        raise runtime.EngineUnavailable(f"{weights_path}: sha256 differs from the one in {MANIFEST_FILE}")
    return manifest


class WordErrorDetector:
    """The trained detector over its encoder, on CUDA when available; load once and reuse."""

    def __init__(
        self,
        weights_dir: Path | None = None,
        encoder: str | None = None,
        *,
        threshold: float | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_pieces: int = DEFAULT_MAX_PIECES,
        device: str | None = None,
    ) -> None:
        """``encoder`` None: the packaged MiniLM (the one the committed weights were trained on)."""
        weights_dir = WEIGHTS_DIR if weights_dir is None else weights_dir
        self.manifest = read_manifest(weights_dir)
        safetensors_torch = runtime.import_module("safetensors.torch")
        from auditor.engines.ml.lora import WordErrorModel

        self.tokenizer, base = runtime.load_encoder(encoder)
        # Adapters wrap the encoder's layers in place: work on a copy so that other users of the
        # cached encoder (sentence embeddings) keep the plain one.
        model = WordErrorModel(copy.deepcopy(base), base.config.hidden_size,
                               int(self.manifest["lora_rank"]), float(self.manifest["lora_alpha"]))
        try:
            model.load_trained_state(safetensors_torch.load_file(str(weights_dir / WEIGHTS_FILE)))
        except ValueError as error:
            raise runtime.EngineUnavailable(f"{weights_dir / WEIGHTS_FILE}: {error}") from error
        self.device = device or runtime.pick_device()
        self.model = model.to(self.device).eval()
        self.threshold = float(self.manifest["threshold"]) if threshold is None else threshold
        self.batch_size = batch_size
        self.max_pieces = max_pieces

    def word_probabilities(self, texts: Sequence[str]) -> list[list[tuple[int, int, float]]]:
        """(start, end, probability of an error) for every word of every text."""
        return word_probabilities(self.model, self.tokenizer, texts, self.device, self.batch_size, self.max_pieces)

    def detect(self, texts: Sequence[str], threshold: float | None = None) -> list[list[FlaggedSpan]]:
        """The flagged spans of each text (consecutive flagged words merged)."""
        limit = self.threshold if threshold is None else threshold
        return [flagged_spans(words, limit) for words in self.word_probabilities(texts)]


_detectors: dict[tuple[str, str | None], WordErrorDetector] = {}


def load_detector(weights_dir: Path | None = None, encoder: str | None = None) -> WordErrorDetector:
    """One detector per (weights, encoder) per process."""
    key = (str(weights_dir or WEIGHTS_DIR), encoder)
    if key not in _detectors:
        _detectors[key] = WordErrorDetector(weights_dir, encoder)
    return _detectors[key]
