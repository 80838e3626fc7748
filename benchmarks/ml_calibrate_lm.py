"""Calibrate the LM surprisal thresholds on the MQM zh-en dev data (both sets, machine outputs).

Gold: target spans annotated Fluency/Grammar or Fluency/Spelling (by any rater). A flagged word is right
when it overlaps such a span; a ``low-fluency`` sentence is right when the sentence has such a span
(a whole-sentence finding proves little, so its precision is compared with that base rate).
Documents (one system's output of one source document) are split by a hash of their name into a
calibration fold, where each threshold is chosen, and a validation fold, where it is reported.
The word threshold chosen is the one of highest calibration precision that still fires at least
1 time per 1,000 words (and 20 times in all); the sentence threshold likewise, at least 2% of sentences.

    python -m benchmarks.ml_calibrate_lm --lm trigram --write
    python -m benchmarks.ml_calibrate_lm --lm gemma-3-270m --segments 500 --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.engines.ml.lm import THRESHOLDS_FILE, SentenceScore, fluency_z_scores
from auditor.engines.ml.lm_loader import load_lm
from auditor.engines.ml.trigram import TrigramLM

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SETS = ("wmt21_ted_mqm_zhen", "wmt23_mqm_zhen_sxs")
GOLD = {"Fluency/Grammar", "Fluency/Spelling"}
WORD_GRID = (2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0)
Z_GRID = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0)
MIN_WORD_RATE = 1.0  # findings per 1,000 words
MIN_SENTENCE_SHARE = 0.02


@dataclass
class Segment:
    text: str
    gold: list[tuple[int, int]]
    any_error: bool
    score: SentenceScore | None = None


def load_documents(eval_dir: Path, segments_per_set: int | None, seed: int) -> dict[str, list[Segment]]:
    documents: dict[str, list[Segment]] = {}
    for name in SETS:
        grouped: dict[str, list[tuple[int, Segment]]] = defaultdict(list)
        for line in (eval_dir / name / "dev.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            if record["is_human_reference"]:
                continue
            target = [e for e in record["errors"] if e["side"] == "target"]
            gold = [(e["start"], e["end"]) for e in target if e["category"] in GOLD]
            key = f"{name}|{record['system']}|{record['doc']}"
            grouped[key].append((int(record["seg_id"]), Segment(record["text"], gold, bool(target))))
        keys = sorted(grouped)
        random.Random(seed).shuffle(keys)
        taken = 0
        for key in keys:
            if segments_per_set is not None and taken >= segments_per_set:
                break
            documents[key] = [segment for _, segment in sorted(grouped[key], key=lambda pair: pair[0])]
            taken += len(documents[key])
    return documents


def fold(key: str) -> str:
    return "calibration" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "validation"


def word_table(documents: dict[str, list[Segment]], wanted: str, score: str) -> list[dict[str, float]]:
    words = [
        (float(getattr(word, score)), any(word.start < end and start < word.end for start, end in segment.gold))
        for key, segments in documents.items()
        if fold(key) == wanted
        for segment in segments
        if segment.score is not None
        for word in segment.score.words
    ]
    chance = sum(hit for _, hit in words) / max(1, len(words))
    rows = []
    for threshold in WORD_GRID:
        flagged = [hit for gap, hit in words if gap >= threshold]
        rows.append(
            {
                "threshold": threshold,
                "findings": len(flagged),
                "precision": round(sum(flagged) / len(flagged), 3) if flagged else 0.0,
                "per_1000_words": round(1000 * len(flagged) / max(1, len(words)), 2),
                "chance": round(chance, 3),
            }
        )
    return rows


def sentence_table(documents: dict[str, list[Segment]], wanted: str) -> list[dict[str, float]]:
    sentences: list[tuple[float, bool, bool]] = []
    for key, segments in documents.items():
        if fold(key) != wanted:
            continue
        scores = [segment.score for segment in segments if segment.score is not None]
        for segment, z in zip(segments, fluency_z_scores(scores)):
            if z is not None:
                sentences.append((z, bool(segment.gold), segment.any_error))
    base = sum(gold for _, gold, _ in sentences) / max(1, len(sentences))
    base_any = sum(anything for _, _, anything in sentences) / max(1, len(sentences))
    rows = []
    for threshold in Z_GRID:
        flagged = [(gold, anything) for z, gold, anything in sentences if z >= threshold]
        rows.append(
            {
                "threshold": threshold,
                "findings": len(flagged),
                "share_of_sentences": round(len(flagged) / max(1, len(sentences)), 3),
                "precision": round(sum(g for g, _ in flagged) / len(flagged), 3) if flagged else 0.0,
                "base_rate": round(base, 3),
                "precision_any_error": round(sum(a for _, a in flagged) / len(flagged), 3) if flagged else 0.0,
                "base_rate_any_error": round(base_any, 3),
            }
        )
    return rows


def choose(rows: Sequence[dict[str, float]], enough: Callable[[dict[str, float]], bool]) -> float:
    eligible = [row for row in rows if enough(row) and row["findings"] >= 20]
    return max(eligible, key=lambda row: row["precision"])["threshold"] if eligible else rows[0]["threshold"]


def markdown(title: str, rows: Sequence[dict[str, float]]) -> str:
    columns = list(rows[0])
    lines = [f"{title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lm", default="trigram", help="ml.lm value: trigram, gemma-3-270m, a folder or a .gguf")
    parser.add_argument("--segments", type=int, default=None, help="machine segments per set (whole documents)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--eval-dir", type=Path, default=EVAL)
    parser.add_argument("--write", action="store_true", help=f"store the chosen thresholds in {THRESHOLDS_FILE.name}")
    args = parser.parse_args()
    documents = load_documents(args.eval_dir, args.segments, args.seed)
    segments = [segment for segments in documents.values() for segment in segments]
    # every word of the grid's range needs its neighbours searched, not only those above the stored threshold
    model = TrigramLM(search_from=WORD_GRID[0]) if args.lm == "trigram" else load_lm(args.lm, batch_size=args.batch_size)
    started = time.perf_counter()
    for segment, words in zip(segments, model.score_sentences([s.text for s in segments])):
        segment.score = SentenceScore(0, len(segment.text), words)
    seconds = time.perf_counter() - started
    print(f"{args.lm}: {len(segments)} segments in {len(documents)} documents, {seconds:.0f} s\n")
    tables = {
        (kind, wanted): table(documents, wanted)
        for kind, table in (
            ("word", lambda d, w: word_table(d, w, "gap")),
            ("close", lambda d, w: word_table(d, w, "close_gap")),
            ("sentence", sentence_table),
        )
        for wanted in ("calibration", "validation")
    }
    for (kind, wanted), rows in tables.items():
        print(markdown(f"{kind}-level, {wanted} fold", rows))
    word_gap = choose(tables["word", "calibration"], lambda row: row["per_1000_words"] >= MIN_WORD_RATE)
    close_gap = choose(tables["close", "calibration"], lambda row: row["per_1000_words"] >= MIN_WORD_RATE)
    fluency_z = choose(
        tables["sentence", "calibration"], lambda row: row["share_of_sentences"] >= MIN_SENTENCE_SHARE
    )
    print(f"chosen: word_gap {word_gap}, close_gap {close_gap}, fluency_z {fluency_z}")
    if args.write:
        stored = json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8")) if THRESHOLDS_FILE.exists() else {}
        stored.setdefault("how", __doc__.split("\n\n")[1].replace("\n", " "))
        stored.setdefault("models", {})[args.lm] = {
            "word_gap": word_gap,
            "close_gap": close_gap,
            "fluency_z": fluency_z,
            "data": f"{' + '.join(SETS)} dev, machine outputs, {len(segments)} segments, seed {args.seed}",
            "validation_word": next(r for r in tables["word", "validation"] if r["threshold"] == word_gap),
            "validation_close": next(r for r in tables["close", "validation"] if r["threshold"] == close_gap),
            "validation_sentence": next(
                r for r in tables["sentence", "validation"] if r["threshold"] == fluency_z
            ),
        }
        THRESHOLDS_FILE.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
