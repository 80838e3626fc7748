"""Sentences per second of the LM engines (Gemma 3 270M, trigram) and of MiniLM embeddings, on CPU
with one thread (``AUDITOR_ML_THREADS`` changes that), over the sentences of the two seed articles.

    python -m benchmarks.ml_speed            # trigram and MiniLM
    python -m benchmarks.ml_speed --gemma    # and Gemma (first run converts the GGUF, ~1 min)
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from auditor.engines.ml.embeddings import embed
from auditor.engines.ml.lm import TransformersLM, split_sentences
from auditor.engines.ml.lm_loader import load_lm

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[start:end] for start, end in split_sentences(text)]
    return sentences


def rate(work: Callable[[Sequence[str]], object], sentences: Sequence[str], repeat: int) -> float:
    work(sentences[:2])  # warm up (first calls allocate)
    started = time.perf_counter()
    for _ in range(repeat):
        work(sentences)
    return repeat * len(sentences) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gemma", action="store_true", help="also time the packaged Gemma 3 270M")
    args = parser.parse_args()
    sentences = seed_sentences()
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    print(f"{len(sentences)} seed sentences, {words:.0f} words each on average\n")
    print("| engine | batch | sentences/s |\n|---|---|---|")
    started = time.perf_counter()
    trigram = load_lm("trigram")
    trigram.score_sentences(sentences[:1])
    print(f"| trigram (load {time.perf_counter() - started:.1f} s) | - | {rate(trigram.score_sentences, sentences, 5):.0f} |")
    for batch in (1, 32):
        speed = rate(lambda texts: embed(texts, batch_size=batch), sentences, 3)
        print(f"| MiniLM embeddings | {batch} | {speed:.0f} |")
    if args.gemma:
        started = time.perf_counter()
        gemma = TransformersLM("gemma-3-270m", device="cpu")
        loaded = time.perf_counter() - started
        for batch in (1, 8):
            gemma.batch_size = batch
            print(f"| gemma-3-270m (load {loaded:.0f} s) | {batch} | {rate(gemma.score_sentences, sentences, 1):.2f} |")


if __name__ == "__main__":
    main()
