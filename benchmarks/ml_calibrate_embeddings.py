"""Calibrate the embedding thresholds on OneStopEnglish dev (140 Guardian articles, 3 reading levels each).

Story linking: the versions of one article at two levels are the same story told in different words
(positives, 3 pairs per article); versions of two different articles are different stories (negatives,
all pairs). The threshold is the 99.99th percentile of the negatives' cosines rounded up to 0.05: at
most 1 in 10,000 pairs of different articles linked (the highest negatives are articles on one topic,
e.g. two Facebook articles, which are arguably one story).
Articles whose text at some level opens like another article's (corpus defects) are left out.
Paragraph outliers: into each text, one long paragraph of another article is inserted at a random
place (seeded); it is the positive, the text's own paragraphs are the negatives. The threshold is the
one of highest recall at precision >= 0.9 over a grid (else the best F1).

    python -m benchmarks.ml_calibrate_embeddings --write
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import time
from pathlib import Path
from typing import Any

from auditor.engines.ml.embeddings import (
    MIN_OTHER_PARAGRAPHS,
    THRESHOLDS_FILE,
    document_embedding,
    embed,
    paragraph_similarities,
    paragraphs_of,
)
from auditor.engines.ml.lm import cache_dir
from auditor.engines.ml.runtime import import_torch

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "onestopenglish" / "dev.jsonl"
PARAGRAPH_GRID = tuple(round(0.05 * step, 2) for step in range(1, 13))


def cached_embeddings(texts: list[str]) -> Any:
    """Paragraph embeddings, kept in the user cache between runs (embedding takes minutes here)."""
    torch = import_torch()
    key = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = cache_dir() / f"onestop-paragraphs-{key}.pt"
    if path.exists():
        return torch.load(path)
    vectors = embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(vectors, path)
    return vectors


def story_table(records: list[dict[str, Any]], documents: Any) -> dict[str, Any]:
    similar = (documents @ documents.T).tolist()
    positives, negatives = [], []
    for i, j in itertools.combinations(range(len(records)), 2):
        pair = (similar[i][j], f"{records[i]['article']}/{records[i]['level']}", f"{records[j]['article']}/{records[j]['level']}")
        (positives if records[i]["article"] == records[j]["article"] else negatives).append(pair)
    ranked = sorted(value for value, _, _ in negatives)
    threshold = math.ceil(ranked[int(0.9999 * len(ranked))] * 20) / 20
    return {
        "value": threshold,
        "positives": len(positives),
        "negatives": len(negatives),
        "min_positive": [round(min(positives)[0], 3), *min(positives)[1:]],
        "max_negative": [round(max(negatives)[0], 3), *max(negatives)[1:]],
        "recall_at_value": round(sum(p[0] >= threshold for p in positives) / len(positives), 3),
        "false_links_at_value": [[round(n[0], 3), *n[1:]] for n in sorted(negatives, reverse=True) if n[0] >= threshold],
    }


def paragraph_table(records: list[dict[str, Any]], vectors: list[Any], seed: int) -> dict[str, Any]:
    torch = import_torch()
    rng = random.Random(seed)
    scored: list[tuple[float, bool]] = []
    for index, own in enumerate(vectors):
        if len(own) < MIN_OTHER_PARAGRAPHS + 1:
            continue
        donors = [j for j, record in enumerate(records) if record["article"] != records[index]["article"]]
        donor = vectors[rng.choice(donors)]
        inserted = donor[rng.randrange(len(donor))]
        place = rng.randrange(len(own) + 1)
        mixed = torch.cat([own[:place], inserted.unsqueeze(0), own[place:]])
        for position, similarity in enumerate(paragraph_similarities(mixed)):
            scored.append((similarity, position == place))
    total = sum(hit for _, hit in scored)
    rows = []
    for threshold in PARAGRAPH_GRID:
        flagged = [hit for similarity, hit in scored if similarity < threshold]
        right = sum(flagged)
        precision = right / len(flagged) if flagged else 0.0
        recall = right / total
        rows.append(
            {
                "threshold": threshold,
                "flagged": len(flagged),
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(2 * precision * recall / (precision + recall), 3) if right else 0.0,
            }
        )
    precise = [row for row in rows if row["precision"] >= 0.9]
    chosen = max(precise, key=lambda row: row["recall"]) if precise else max(rows, key=lambda row: row["f1"])
    return {
        "value": chosen["threshold"],
        "texts": total,
        "paragraphs": len(scored),
        "chance": round(total / len(scored), 3),
        "grid": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write", action="store_true", help=f"store the thresholds in {THRESHOLDS_FILE.name}")
    args = parser.parse_args()
    records = [json.loads(line) for line in EVAL.open(encoding="utf-8")]
    owners: dict[str, set[str]] = {}
    for record in records:
        owners.setdefault(record["text"][:200], set()).add(record["article"])
    defective = set().union(*(names for names in owners.values() if len(names) > 1))
    records = [record for record in records if record["article"] not in defective]
    print(f"left out (a text that opens like another article's): {sorted(defective)}")
    pieces = [[r["text"][a:b] for a, b in paragraphs_of(r["text"])] for r in records]
    started = time.perf_counter()
    flat = cached_embeddings([piece for text in pieces for piece in text])
    seconds = time.perf_counter() - started
    vectors, first = [], 0
    for text in pieces:
        vectors.append(flat[first : first + len(text)])
        first += len(text)
    print(f"{len(flat)} paragraphs of {len(records)} texts embedded in {seconds:.0f} s")
    documents = import_torch().stack([document_embedding(v) for v in vectors])
    stored = {
        "how": __doc__.split("\n\n")[1].replace("\n", " "),
        "data": f"onestopenglish dev ({len(records)} texts), seed {args.seed}",
        "left_out": sorted(defective),
        "story_cosine": story_table(records, documents),
        "paragraph_cosine": paragraph_table(records, vectors, args.seed),
    }
    print(json.dumps(stored, indent=1))
    if args.write:
        THRESHOLDS_FILE.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
