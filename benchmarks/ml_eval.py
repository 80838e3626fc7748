"""ML001 (the word-error detector) on every dev set: precision, recall, findings per 1,000 words.

- MQM zh-en (WMT21 TED, WMT23), machine outputs of the detector's validation fold: a finding is
  right when it overlaps a target-side error span of any rater; recall = annotated spans touched.
- MLQE-PE, per language pair, validation fold: right when it overlaps a BAD word; recall = BAD words flagged.
- CoNLL-2014 (never trained on): right when it touches an annotated edit of either annotator.
- OneStopEnglish, edited news (never trained on): every finding is a false alarm.
"Chance" is the precision of flagging random words at the same rate (the share of words that are
inside an error). Also: a precision/recall curve over the threshold (docs/ml001_curve.svg) and
sentences per second on one CPU thread. ``--write`` puts the tables into docs/ML.md.

    python -m benchmarks.ml_eval [--data DIR] [--limit N] [--write]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.engines.ml.detector import WEIGHTS_DIR, MANIFEST_FILE, FlaggedSpan, flagged_spans, load_detector
from benchmarks.datasets import CONLL, MLQE, MQM_SETS, ONESTOP, ROOT, data_dir, records
from benchmarks.metrics import per_thousand, spans_overlap
from training.detector_data import fold_of, target_error_spans

DOC = ROOT / "docs" / "ML.md"
CURVE = ROOT / "docs" / "ml001_curve.svg"
CURVE_THRESHOLDS = [round(0.5 + 0.02 * i, 2) for i in range(25)]
Words = list[tuple[int, int, float]]


@dataclass
class Item:
    """One text with its gold error spans (character offsets)."""

    text: str
    gold: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Score:
    findings: int
    right: int
    gold_spans: int
    gold_found: int
    words: int
    bad_words: int

    @property
    def precision(self) -> float:
        return self.right / self.findings if self.findings else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_spans if self.gold_spans else 0.0

    @property
    def rate(self) -> float:
        return per_thousand(self.findings, self.words)

    @property
    def chance(self) -> float:
        return self.bad_words / self.words if self.words else 0.0


def score(items: Sequence[Item], probabilities: Sequence[Words], threshold: float) -> Score:
    findings = right = gold_found = bad_words = words = 0
    gold_spans = sum(len(item.gold) for item in items)
    for item, word_probs in zip(items, probabilities):
        spans: list[FlaggedSpan] = flagged_spans(word_probs, threshold)
        findings += len(spans)
        right += sum(any(spans_overlap(s.start, s.end, a, b) for a, b in item.gold) for s in spans)
        gold_found += sum(any(spans_overlap(s.start, s.end, a, b) for s in spans) for a, b in item.gold)
        words += len(word_probs)
        bad_words += sum(any(spans_overlap(s, e, a, b) for a, b in item.gold) for s, e, _ in word_probs)
    return Score(findings, right, gold_spans, gold_found, words, bad_words)


def load_sets(data: Path, limit: int | None) -> dict[str, list[Item]]:
    sets: dict[str, list[Item]] = {}
    for name in MQM_SETS:
        sets[f"MQM {name}"] = [Item(r["text"], [tuple(s) for s in target_error_spans(r)])  # type: ignore[misc]
                               for r in records(data, name)
                               if not r["is_human_reference"] and fold_of(r["split_key"]) == "valid"]
    for record in records(data, MLQE):
        if fold_of(record["split_key"]) == "valid":
            words = record["text"].split()
            offsets, position = [], 0
            for word in words:
                start = record["text"].index(word, position)
                offsets.append((start, start + len(word)))
                position = start + len(word)
            bad = [offsets[i] for i, bit in enumerate(record["word_bad"]) if bit == "1"]
            sets.setdefault(f"MLQE-PE {record['lp']}", []).append(Item(record["text"], bad))
    sets["CoNLL-2014"] = [Item(r["text"], [(e["start"], e["end"]) for e in r["errors"]]) for r in records(data, CONLL)]
    sets["OneStopEnglish"] = [Item(r["text"]) for r in records(data, ONESTOP)]
    return {name: items[:limit] if limit else items for name, items in sets.items()}


def cpu_throughput(detector: Any, texts: Sequence[str]) -> float:
    """Texts per second at batch 32 on the detector's device (one thread on CPU), after a warm-up."""
    detector.word_probabilities(texts[:32])
    started = time.perf_counter()
    detector.word_probabilities(texts)
    return len(texts) / (time.perf_counter() - started)


def svg_curve(points: Sequence[tuple[float, Score]], chance: float, chosen: float) -> str:
    """Precision (y) against recall of annotated spans (x) over the threshold, as an SVG line chart."""
    width, height, margin = 560, 380, 50
    xs = [s.recall for _, s in points]
    x_max = max(0.05, max(xs) * 1.1)

    def at(x: float, y: float) -> tuple[float, float]:
        return margin + (width - 2 * margin) * x / x_max, height - margin - (height - 2 * margin) * y

    line = " ".join("{:.1f},{:.1f}".format(*at(s.recall, s.precision)) for _, s in points if s.findings)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="13">ML001 on MQM zh-en validation outputs: precision / recall over the threshold</text>']
    for tick in range(0, 11, 2):
        _, y = at(0, tick / 10)
        parts.append(f'<line x1="{margin}" y1="{y:.1f}" x2="{width - margin}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{margin - 6}" y="{y + 4:.1f}" text-anchor="end">{tick / 10:.1f}</text>')
    for step in range(5):
        value = x_max * step / 4
        x, _ = at(value, 0)
        parts.append(f'<text x="{x:.1f}" y="{height - margin + 16}" text-anchor="middle">{value:.2f}</text>')
    x0, y_chance = at(0, chance)
    parts.append(f'<line x1="{x0}" y1="{y_chance:.1f}" x2="{width - margin}" y2="{y_chance:.1f}" stroke="#c33" stroke-dasharray="5,4"/>'
                 f'<text x="{width - margin}" y="{y_chance - 5:.1f}" text-anchor="end" fill="#c33">chance (random words) {chance:.2f}</text>')
    parts.append(f'<polyline points="{line}" fill="none" stroke="#236" stroke-width="2"/>')
    for threshold, s in points:
        if s.findings:
            x, y = at(s.recall, s.precision)
            colour = "#e80" if threshold == chosen else "#236"
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{5 if threshold == chosen else 2.5}" fill="{colour}"><title>threshold {threshold}: '
                         f'precision {s.precision:.2f}, recall {s.recall:.3f}, {s.rate:.1f}/1,000 words</title></circle>')
    x, y = at(next(s.recall for t, s in points if t == chosen), next(s.precision for t, s in points if t == chosen))
    parts.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" fill="#e80">threshold {chosen}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle">recall (annotated target error spans found)</text>')
    parts.append(f'<text x="14" y="{height / 2}" transform="rotate(-90 14 {height / 2})" text-anchor="middle">precision</text></svg>')
    return "\n".join(parts) + "\n"


def row(name: str, s: Score) -> str:
    return (f"| {name} | {s.words:,} | {s.findings:,} | {s.rate:.1f} | {s.precision:.2f} | {s.chance:.2f} | "
            f"{s.recall:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ml_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="evaluation data folder (default ../shared/eval)")
    parser.add_argument("--limit", type=int, help="at most this many texts per set (quick runs)")
    parser.add_argument("--write", action="store_true", help="write docs/ML.md and docs/ml001_curve.svg")
    args = parser.parse_args(argv)
    sets = load_sets(data_dir(args.data), args.limit)
    detector = load_detector()
    manifest = json.loads((WEIGHTS_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    threshold = detector.threshold
    started = time.perf_counter()
    probabilities = {name: detector.word_probabilities([item.text for item in items]) for name, items in sets.items()}
    seconds = time.perf_counter() - started
    mqm_items = [item for name in sets if name.startswith("MQM") for item in sets[name]]
    mqm_probs = [p for name in sets if name.startswith("MQM") for p in probabilities[name]]
    onestop = sets["OneStopEnglish"]
    thresholds = sorted({*CURVE_THRESHOLDS, threshold})
    curve = [(t, score(mqm_items, mqm_probs, t)) for t in thresholds]
    onestop_curve = {t: score(onestop, probabilities["OneStopEnglish"], t).rate for t in thresholds}
    throughput = cpu_throughput(detector, [item.text for item in mqm_items[:500]])

    header = "| set | words | findings | per 1,000 words | precision | chance | recall |\n|---|---:|---:|---:|---:|---:|---:|"
    lines = [f"Threshold {threshold} (from the manifest). Device: {detector.device}, {seconds:.0f} s for all sets.", "", header,
             row("MQM both sets (validation fold)", score(mqm_items, mqm_probs, threshold))]
    lines += [row(name, score(sets[name], probabilities[name], threshold)) for name in sets]
    lines += ["", "Over the threshold, MQM both sets (validation fold) and OneStopEnglish false alarms:", "",
              "| threshold | MQM findings / 1,000 words | precision | chance | recall | OneStopEnglish findings / 1,000 words |",
              "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {t} | {s.rate:.1f} | {s.precision:.2f} | {s.chance:.2f} | {s.recall:.3f} | {onestop_curve[t]:.2f} |"
              for t, s in curve if t >= 0.7]
    lines += ["", f"Speed: {throughput:.0f} texts/s (MQM segments, batch 32) on CPU with "
              f"{detector.model.encoder.config.num_hidden_layers}-layer MiniLM, one thread, here; "
              f"{manifest['throughput']['texts_per_second']:.0f} texts/s at batch 64 on the {manifest['device']} (training run)."]
    report = "\n".join(lines)
    print(report)
    if args.write:
        chance = curve[0][1].chance
        CURVE.write_text(svg_curve(curve, chance, threshold), encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
        begin, end = "<!-- ml_eval:begin -->", "<!-- ml_eval:end -->"
        if begin not in text:
            raise SystemExit(f"{DOC}: no {begin} marker to write the figures after")
        DOC.write_text(text[: text.index(begin) + len(begin)] + "\n" + report + "\n" + text[text.index(end):], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
