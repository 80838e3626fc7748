"""The detector's training and validation data, built from the dev splits in ../shared/eval.

Sources (dev files only; OneStopEnglish and CoNLL are never trained on):
- MLQE-PE ``word_bad`` tags over the whitespace words of ``text`` (machine translation into English);
- MQM zh-en machine outputs (WMT21 TED, WMT23 side by side): a word is BAD when it overlaps a
  target-side error span of any rater (every category except "Source error"; source-side spans
  such as omissions name no target word);
- synthetic corruptions (:mod:`training.corruptions`) of clean English: MLQE-PE post-edits and
  MQM human reference translations with no target-side error, plus some of them left clean.
The validation fold is chosen by hashing ``split_key``, so every record of one source segment
(all systems, its post-edit, its reference) lands in the same fold.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from auditor.engines.ml.words import word_spans
from training.corruptions import corrupt

MQM_SETS = ("wmt21_ted_mqm_zhen", "wmt23_mqm_zhen_sxs")
MLQE_SET = "mlqe_pe_to_en"
VALID_PERCENT = 25
CLEAN_SHARE = 0.3  # share of clean sentences kept uncorrupted (all words OK)
SKIPPED_CATEGORIES = {"Source error", "No-error"}


def fold_of(split_key: str) -> str:
    digest = hashlib.sha256(f"ml001|{split_key}".encode()).digest()
    return "valid" if int.from_bytes(digest[:8], "big") % 100 < VALID_PERCENT else "train"


def target_error_spans(record: dict[str, Any]) -> list[list[int]]:
    return sorted({(e["start"], e["end"]) for e in record["errors"]
                   if e.get("side", "target") == "target" and e["category"] not in SKIPPED_CATEGORIES
                   and e["end"] > e["start"]})  # type: ignore[misc]


def span_labels(text: str, spans: list[list[int]]) -> list[int]:
    return [int(any(s < end and start < e for s, e in spans)) for start, end in word_spans(text)]


def _read(eval_dir: Path, name: str) -> Iterator[dict[str, Any]]:
    with open(eval_dir / name / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _synthetic(text: str, key: str, seed: int) -> tuple[str, list[int], list[str]]:
    rng = random.Random(f"{seed}|{key}")
    words = text.split()
    if rng.random() >= CLEAN_SHARE:
        result = corrupt(words, rng, 1 if rng.random() < 0.6 else 2)
        if result is not None:
            new_words, labels, kinds = result
            return " ".join(new_words), labels, kinds
    return " ".join(words), [0] * len(words), []


def build(eval_dir: Path, seed: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """All examples ({id, origin, fold, text, labels[, error_spans]}) and counts for the manifest."""
    examples: list[dict[str, Any]] = []
    kinds: Counter[str] = Counter()

    def add(example: dict[str, Any]) -> None:
        if len(example["labels"]) != len(word_spans(example["text"])):
            raise ValueError(f"{example['id']}: {len(example['labels'])} labels for the words of its text")
        if example["labels"]:
            examples.append(example)

    for record in _read(eval_dir, MLQE_SET):
        fold = fold_of(record["split_key"])
        add({"id": record["id"], "origin": f"mlqe:{record['lp']}", "fold": fold, "text": record["text"],
             "labels": [int(bit) for bit in record["word_bad"]]})
        for reference in record["references"]:
            text, labels, applied = _synthetic(reference, record["id"], seed)
            kinds.update(applied)
            add({"id": record["id"] + "|pe", "origin": "synthetic:mlqe-post-edit", "fold": fold, "text": text, "labels": labels})
    for name in MQM_SETS:
        for record in _read(eval_dir, name):
            fold, spans = fold_of(record["split_key"]), target_error_spans(record)
            if not record["is_human_reference"]:
                add({"id": record["id"], "origin": f"mqm:{name}", "fold": fold, "text": record["text"],
                     "labels": span_labels(record["text"], spans), "error_spans": spans})
            elif not spans:
                text, labels, applied = _synthetic(record["text"], record["id"], seed)
                kinds.update(applied)
                add({"id": record["id"] + "|synthetic", "origin": "synthetic:mqm-reference", "fold": fold,
                     "text": text, "labels": labels})
    counts: dict[str, Any] = {}
    for example in examples:
        entry = counts.setdefault(example["origin"], {"train": [0, 0, 0], "valid": [0, 0, 0]})[example["fold"]]
        entry[0] += 1
        entry[1] += len(example["labels"])
        entry[2] += sum(example["labels"])
    summary = {origin: {fold: dict(zip(("records", "words", "bad_words"), v)) for fold, v in folds.items()}
               for origin, folds in sorted(counts.items())}
    return examples, {"by_origin": summary, "synthetic_corruptions": dict(sorted(kinds.items()))}


def false_alarm_texts(eval_dir: Path) -> list[str]:
    """Edited OneStopEnglish texts (dev): for measuring false alarms only, never for training."""
    return [record["text"] for record in _read(eval_dir, "onestopenglish")]


def write(path: Path, examples: list[dict[str, Any]], extra: dict[str, Any]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"examples": examples, **extra}, handle, ensure_ascii=False)


def read(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
