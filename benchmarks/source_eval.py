"""The source-aware rules (rules/source.yaml) against MQM zh-en annotations (development splits only).

Run as `python -m benchmarks.source_eval [--data DIR] [--no-write] [--fit] [--examples N]`.
Each system's segments of one source document become one translation aligned line by line with
its Chinese sources (`read.bitext`), audited with the SA rules alone (no gazetteer, no monolingual
rule). A finding is a hit when an annotation of an accuracy or locale category overlaps it in the
target; a finding on a whole segment (a missing number, a length ratio, a token not carried over)
is also a hit when a rater marked an omission in that segment's source. Chance is the precision
of a span of the same length at a random place in the same segment (for whole-segment findings:
the share of segments with such an annotation). Writes the eval section of docs/source-aware.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.datasets import MQM_SETS, ROOT, data_dir, records
from benchmarks.metrics import Tally, chance_of_overlap, per_thousand, spans_overlap
from benchmarks.report import machine_line, replace_section, table

SOURCE_AWARE_MD = ROOT / "docs" / "source-aware.md"
# The categories a source-aware check can find: what the source says, wrongly carried over.
JUDGED_PREFIXES = ("Accuracy/", "Locale convention/", "Non-translation")
RECALL_CATEGORIES = (
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Accuracy/Untranslated text",
    "Accuracy/Source language fragment",
    "Non-translation",
    "Locale convention/Date format",
    "Locale convention/Currency format",
    "Locale convention/Name format",
)
NUMBER_RULE, PRECISION_TARGET, ALL_TARGET = "SA001", 0.8, 0.6


@dataclass
class CheckScore:
    """One rule's findings judged against the annotations."""

    precision: Tally = field(default_factory=Tally)
    chance: float = 0.0
    examples: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    words: int = 0
    segments: int = 0
    by_rule: dict[str, CheckScore] = field(default_factory=dict)
    recall: dict[str, Tally] = field(default_factory=dict)
    ratios_clean: list[float] = field(default_factory=list)

    def together(self, rule_ids: Sequence[str]) -> CheckScore:
        """The findings of several rules judged together (chance: their mean, weighted by findings)."""
        total = CheckScore()
        for rule_id in rule_ids:
            score = self.by_rule[rule_id]
            total.precision.hits += score.precision.hits
            total.precision.total += score.precision.total
            total.chance += score.chance * score.precision.total
        total.chance /= max(1, total.precision.total)
        return total


def _judged(error: dict[str, Any]) -> bool:
    return any(error["category"].startswith(prefix) for prefix in JUDGED_PREFIXES)


def _segment_findings(result: Any, offsets: list[int], lengths: list[int]) -> list[list[Any]]:
    placed: list[list[Any]] = [[] for _ in offsets]
    for finding in result.findings:
        for index, (offset, length) in enumerate(zip(offsets, lengths)):
            if offset <= finding.span.start <= offset + length:
                placed[index].append((finding, finding.span.start - offset, min(finding.span.end - offset, length)))
                break
    return placed


def evaluate(data: Path, examples: int = 0) -> Outcome:
    """Audit every MQM zh-en dev output with its source and judge the SA rules' findings."""
    from auditor.api import audit_text, load_ruleset
    from auditor.check.document import context_for
    from auditor.findings.config import Config

    ruleset = load_ruleset()
    only = ruleset.select(lambda rule: rule.id.startswith("SA"))
    context, config = context_for(only), Config(max_findings_per_rule=0)
    outcome = Outcome()
    segment_wide_hits = Tally()  # segments with a judged annotation: the chance of a whole-segment finding
    judged_findings: list[tuple[str, bool, float, str]] = []
    for name in MQM_SETS:
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for record in records(data, name):
            if record.get("is_human_reference"):
                continue
            groups.setdefault((record["system"], record["doc"]), []).append(record)
        for segments in groups.values():
            segments.sort(key=lambda r: (int(r["seg_id"]) if str(r["seg_id"]).isdigit() else 0, str(r["seg_id"])))
            # One segment per line: line breaks inside a segment become spaces (offsets unchanged).
            targets = [" ".join(r["text"].split("\n")) for r in segments]
            sources = [" ".join(r["source"].split("\n")) for r in segments]
            if any(not t.strip() for t in targets) or any(not s.strip() for s in sources):
                continue
            result = audit_text("\n".join(targets), source="\n".join(sources), ruleset=only, context=context, config=config)
            offsets, position = [], 0
            for target in targets:
                offsets.append(position)
                position += len(target) + 1
            for record, found in zip(segments, _segment_findings(result, offsets, [len(t) for t in targets])):
                _score(outcome, record, found, segment_wide_hits, judged_findings)
    for rule_id, hit, chance, excerpt in judged_findings:
        score = outcome.by_rule.setdefault(rule_id, CheckScore())
        score.precision.add(hit)
        score.chance += chance if chance >= 0 else (segment_wide_hits.ratio or 0.0)
        if len(score.examples) < examples and (not hit or len(score.examples) < examples // 4):
            score.examples.append(("HIT  " if hit else "miss ") + excerpt)
    for score in outcome.by_rule.values():
        score.chance /= max(1, score.precision.total)
    return outcome


def _score(outcome: Outcome, record: dict[str, Any], found: list[Any], segment_wide: Tally, judged: list[tuple[str, bool, float, str]]) -> None:
    text = record["text"]
    errors = [e for e in record["errors"] if _judged(e)]
    target_spans = [(e["start"], e["end"]) for e in errors if e.get("side") == "target"]
    source_omission = any(e.get("side") == "source" for e in errors)
    outcome.words += len(text.split())
    outcome.segments += 1
    segment_wide.add(bool(errors))
    han = sum(1 for char in record["source"] if char.isalpha())
    if han >= 10 and not any(e["category"] in ("Accuracy/Omission", "Accuracy/Addition") for e in record["errors"]):
        outcome.ratios_clean.append(sum(1 for char in text if char.isalpha()) / han)
    claims = []
    for finding, start, end in found:
        whole = start == 0 and end >= len(text.rstrip())
        hit = any(spans_overlap(start, end, s, e) for s, e in target_spans) or (whole and source_omission)
        chance = -1.0 if whole else chance_of_overlap(end - start, len(text), target_spans)
        judged.append((finding.rule_id, hit, chance, f"{finding.rule_id} {finding.message[:90]!r} in {text[:80]!r}"))
        claims.append((start, end, whole))
    for error in record["errors"]:
        if error["category"] not in RECALL_CATEGORIES:
            continue
        if error.get("side") == "source":
            covered = any(whole for _, _, whole in claims)
        else:
            covered = any(spans_overlap(start, end, error["start"], error["end"]) for start, end, _ in claims)
        outcome.recall.setdefault(error["category"], Tally()).add(covered)


def _pct(tally: Tally) -> str:
    return "-" if tally.ratio is None else f"{tally.ratio:.3f} ({tally.hits:,}/{tally.total:,})"


def render(outcome: Outcome, seconds: float) -> str:
    """The eval section of docs/source-aware.md."""
    from auditor.api import load_ruleset
    from auditor.model import Severity

    rules = load_ruleset().rules
    names = {rule.id: rule.name for rule in rules}
    hints = {rule.id for rule in rules if rule.severity == Severity.INFO}
    rows = [
        [rule_id, names.get(rule_id, ""), score.precision.total, _pct(score.precision), f"{score.chance:.3f}", f"{per_thousand(score.precision.total, outcome.words):.2f}"]
        for rule_id, score in sorted(outcome.by_rule.items())
    ]
    claims = [rule_id for rule_id in outcome.by_rule if rule_id not in hints]
    for label, rule_ids in (("all", list(outcome.by_rule)), ("all but info", claims)):
        group = outcome.together(rule_ids)
        rows.append([label, "", group.precision.total, _pct(group.precision), f"{group.chance:.3f}", f"{per_thousand(group.precision.total, outcome.words):.2f}"])
    together = outcome.together(claims)
    recall_rows = [[category, _pct(outcome.recall.get(category, Tally()))] for category in RECALL_CATEGORIES if category in outcome.recall]
    number = outcome.by_rule.get(NUMBER_RULE, CheckScore()).precision
    lines = [
        f"{machine_line()}; {seconds:.0f} s. MQM zh-en dev ({', '.join(MQM_SETS)}), machine outputs only: "
        f"{outcome.segments:,} segments, {outcome.words:,} words.",
        "",
        table(["rule", "name", "findings", "precision", "chance", "per 1,000 words"], rows),
        "",
        f"Targets: {NUMBER_RULE} precision >= {PRECISION_TARGET} (reached: {_pct(number)}); all rules together >= {ALL_TARGET} "
        f"(reached, errors and warnings: {_pct(together.precision)}). Chance: the precision of spans of the same "
        "lengths placed at random in the same segments.",
        "",
        "Recall of the annotations of each category by any SA finding (source-side omissions count when a whole-segment finding is in their segment):",
        "",
        table(["category", "recall"], recall_rows),
    ]
    return "\n".join(lines)


def fitted_ratio_bounds(ratios: Sequence[float], low: float = 0.005, high: float = 0.995) -> tuple[float, float]:
    """The quantiles of target letters per source character on segments without omission or addition."""
    ordered = sorted(ratios)
    return ordered[int(low * (len(ordered) - 1))], ordered[int(high * (len(ordered) - 1))]


def main(argv: Sequence[str] | None = None) -> int:
    import time

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--data", help="folder with the evaluation sets (default ../shared/eval or $AUDITOR_EVAL_DATA)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/source-aware.md alone")
    parser.add_argument("--fit", action="store_true", help="print the length-ratio bounds fitted on the dev data (rule SA004)")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="print N judged findings of each rule")
    args, _ = parser.parse_known_args(argv)  # `make eval` passes benchmarks.eval's EVAL_ARGS (--sets) too
    started = time.time()
    outcome = evaluate(data_dir(args.data), args.examples)
    body = render(outcome, time.time() - started)
    print(body)
    if args.fit:
        low, high = fitted_ratio_bounds(outcome.ratios_clean)
        print(f"\nSA004 bounds (0.5th / 99.5th percentile of {len(outcome.ratios_clean):,} segments): low {low:.2f}, high {high:.2f}")
    for rule_id, score in sorted(outcome.by_rule.items()):
        for line in score.examples:
            print(f"  {line}")
    if not args.no_write:
        replace_section(SOURCE_AWARE_MD, "source-eval", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
