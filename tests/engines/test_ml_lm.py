"""The LM surprisal engine on a tiny GPT-2 (and BERT) built here: loading from a folder, batching,
offsets back to the text, thresholds; the real Gemma package only with AUDITOR_SLOW_ML=1."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from auditor.engines.ml.lm import (
    SentenceScore,
    Thresholds,
    TransformersLM,
    WordScore,
    close_alternatives,
    confusable_words,
    low_fluency,
    score_text,
    split_sentences,
    unlikely_words,
)
from auditor.engines.ml.runtime import EngineUnavailable

CORPUS = [
    "we saw the green plant grow in the garden",
    "the old man walked to the market today",
    "she reads a long book every night",
]


def test_sentences_split_at_full_stops_and_line_breaks() -> None:
    text = "The first one. The second one!\nA title\n\nLast, said Mr. smith."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The first one.",
        "The second one!",
        "A title",
        "Last, said Mr. smith.",
    ]


def test_alternatives_are_close_in_spelling_or_sound() -> None:
    assert close_alternatives("Coruna", ["the", "coronavirus", "corona", "Coruna"]) == ("corona",)
    assert close_alternatives("planet", ["plant", "planets", "tree"]) == ("plant", "planets")  # same sound key first


def _sentence(surprisals: list[float]) -> SentenceScore:
    words = tuple(WordScore(i, i + 1, "w", value, 0.0) for i, value in enumerate(surprisals))
    return SentenceScore(0, len(words), words)


def test_low_fluency_flags_the_sentence_far_above_its_document() -> None:
    document = [_sentence([3.0 + 0.1 * i, 4.0, 3.5, 4.2]) for i in range(6)] + [_sentence([12.0, 11.0, 9.0, 10.0])]
    flagged = low_fluency(document, Thresholds(word_gap=5.0, close_gap=5.0, fluency_z=3.0))
    assert flagged == [document[-1]]
    assert low_fluency(document[:3], Thresholds(word_gap=5.0, close_gap=5.0, fluency_z=3.0)) == []  # too few to compare


def test_thresholds_are_calibrated_never_guessed() -> None:
    assert Thresholds.calibrated("trigram").word_gap > 0
    with pytest.raises(EngineUnavailable, match="no calibrated thresholds"):
        Thresholds.calibrated("some-uncalibrated-model")


def _tokenizer(folder: Path, transformers: Any, masked: bool) -> None:
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    specials = ["<pad>", "<unk>", "<bos>", "<eos>", "[CLS]", "[SEP]", "[MASK]"]
    words = sorted({word for line in CORPUS for word in line.split()} | {"planet", "hat"})
    vocab = {token: index for index, token in enumerate(specials + words)}
    tokenizer = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    extra: dict[str, str] = {}
    if masked:
        tokenizer.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])]
        )
        extra = {"cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]"}
    else:
        extra = {"bos_token": "<bos>", "eos_token": "<eos>"}
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", pad_token="<pad>", **extra)
    fast.save_pretrained(folder)


@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer GPT-2 with its own word vocabulary, trained for a few steps on CORPUS."""
    torch = pytest.importorskip("torch", reason="the ml extra (torch) is not installed")
    transformers = pytest.importorskip("transformers", reason="the ml extra (transformers) is not installed")
    folder = tmp_path_factory.mktemp("tiny-gpt2")
    _tokenizer(folder, transformers, masked=False)
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    torch.manual_seed(0)
    config = transformers.GPT2Config(
        vocab_size=len(tokenizer), n_positions=32, n_embd=32, n_layer=2, n_head=2,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    model = transformers.GPT2LMHeadModel(config)
    ids = [torch.tensor([[tokenizer.bos_token_id, *tokenizer(line)["input_ids"]]]) for line in CORPUS]
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the same sums in the same order on every machine
    try:
        for _ in range(60):
            for sample in ids:
                optimiser.zero_grad()
                model(input_ids=sample, labels=sample).loss.backward()
                optimiser.step()
    finally:
        torch.set_num_threads(threads)
    model.save_pretrained(folder)
    return folder


def test_causal_lm_scores_every_word_with_offsets_into_the_text(tiny_gpt2: Path) -> None:
    lm = TransformersLM(str(tiny_gpt2), batch_size=2, device="cpu")
    text = "we saw the green plant grow in the garden. The old man walked to the market today.\nshe reads a long book"
    sentences = score_text(lm, text)
    assert len(sentences) == 3
    words = [word for sentence in sentences for word in sentence.words]
    assert [word.text for word in words] == [text[word.start : word.end] for word in words]
    assert len(words) == len(text.replace(".", "").split())
    assert all(word.surprisal > 0 and word.gap >= 0 for word in words)


def test_batching_does_not_change_scores(tiny_gpt2: Path) -> None:
    lm = TransformersLM(str(tiny_gpt2), batch_size=3, device="cpu")
    batched = lm.score_sentences(CORPUS)
    lm.batch_size = 1
    single = lm.score_sentences(CORPUS)
    for one, other in zip(batched, single):
        assert [w.text for w in one] == [w.text for w in other]
        assert [round(w.surprisal, 3) for w in one] == [round(w.surprisal, 3) for w in other]


def test_a_word_the_model_does_not_expect_is_flagged_with_the_close_alternative(tiny_gpt2: Path) -> None:
    lm = TransformersLM(str(tiny_gpt2), batch_size=2, device="cpu")
    [sentence] = score_text(lm, "we saw the green planet grow in the garden")
    by_text = {word.text: word for word in sentence.words}
    planet = by_text["planet"]
    assert planet.alternatives[:1] == ("plant",)
    assert planet.gap > 3 * max(w.gap for w in sentence.words if w.text not in {"planet", "grow"})
    assert 0 < planet.close_gap <= planet.gap
    thresholds = Thresholds(word_gap=planet.gap, close_gap=planet.close_gap, fluency_z=3.0)
    # "grow" after an unexpected word is unexpected too; how much depends on float rounding in training.
    flagged = unlikely_words([sentence], thresholds)
    assert planet in flagged and {word.text for word in flagged} <= {"planet", "grow"}
    assert confusable_words([sentence], thresholds) == [planet]


def test_masked_lm_scores_by_pseudo_log_likelihood(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch", reason="the ml extra (torch) is not installed")
    transformers = pytest.importorskip("transformers", reason="the ml extra (transformers) is not installed")
    _tokenizer(tmp_path, transformers, masked=True)
    tokenizer = transformers.AutoTokenizer.from_pretrained(tmp_path)
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=32,
    )
    transformers.BertForMaskedLM(config).save_pretrained(tmp_path)
    lm = TransformersLM(str(tmp_path), batch_size=4, device="cpu")
    assert lm.masked
    scored = lm.score_sentences(CORPUS[:2])
    assert [[w.text for w in words] for words in scored] == [line.split() for line in CORPUS[:2]]
    assert all(w.surprisal > 0 for words in scored for w in words)


def test_a_missing_model_folder_or_gguf_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("transformers", reason="the ml extra (transformers) is not installed")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(EngineUnavailable, match="no such model folder"):
        TransformersLM(str(tmp_path / "nothing" / "here"))
    with pytest.raises(EngineUnavailable, match="missing.gguf: no such GGUF file"):
        TransformersLM(str(tmp_path / "missing.gguf"))
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(not os.environ.get("AUDITOR_SLOW_ML"), reason="the real Gemma (253 MB) runs only with AUDITOR_SLOW_ML=1")
def test_packaged_gemma_finds_the_mangled_term() -> None:
    lm = TransformersLM("gemma-3-270m", device="cpu")
    [sentence] = score_text(lm, "The accounts published misleading information about Hong Kong and the Coruna virus.")
    coruna = next(word for word in sentence.words if word.text == "Coruna")
    assert coruna.gap >= Thresholds.calibrated("gemma-3-270m").word_gap


def test_sentencepiece_style_pieces_carrying_the_space_map_back_to_words(tmp_path: Path) -> None:
    """Gemma's pieces start with the space before a word (offsets include it) and split words."""
    torch = pytest.importorskip("torch", reason="the ml extra (torch) is not installed")
    transformers = pytest.importorskip("transformers", reason="the ml extra (transformers) is not installed")
    from tokenizers import Tokenizer, models, normalizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.normalizer = normalizers.Replace(" ", "\u2581")
    corpus = [*CORPUS, "a naïve café in town"]
    tokenizer.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=80, special_tokens=["<pad>", "<unk>", "<bos>"]))
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", pad_token="<pad>", bos_token="<bos>")
    fast.save_pretrained(tmp_path)
    torch.manual_seed(0)
    config = transformers.GPT2Config(vocab_size=len(fast), n_positions=64, n_embd=16, n_layer=2, n_head=2)
    transformers.GPT2LMHeadModel(config).save_pretrained(tmp_path)
    lm = TransformersLM(str(tmp_path), batch_size=2, device="cpu")
    text = "A naïve café, in the old town.\nShe reads every night."
    words = [word for sentence in score_text(lm, text) for word in sentence.words]
    assert [word.text for word in words] == ["A", "naïve", "café", "in", "the", "old", "town", "She", "reads", "every", "night"]
    assert all(text[w.start : w.end] == w.text and w.surprisal > 0 for w in words)
