"""`make eval`: measure auditor's findings against human error annotations (development splits only).

Run as `python -m benchmarks.eval [--data DIR] [--sets NAME ...] [--examples N] [--no-write]`.
Prints the report and rewrites the eval section of docs/EVALUATION.md and the README table.
With `--engine ml` it audits the MQM dev sets with the engine on as well and writes the eval-ml
sections instead (the whole audit's figures, and ML001's validation-fold figures from its manifest).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.datasets import ALL_SETS, CONLL, MLQE, MQM_SETS, ONESTOP, data_dir, records
from benchmarks.eval_languagetool import languagetool_section
from benchmarks.metrics import OffsetMap, Tally, chance_of_overlap, detokenize, pairwise_order_accuracy, per_thousand, spans_overlap, token_spans, tokens_touched
from benchmarks.report import EVALUATION_MD, README_MD, machine_line, replace_section, table

FLUENCY_CATEGORIES = ("Fluency/Spelling", "Fluency/Punctuation", "Fluency/Grammar")
# Rule families that address grammar, usage, spelling and punctuation: the ones CoNLL-2014 can judge
# (calques: confused words and constructions; terms: misspelled words; duplicates: repeated words).
GRAMMAR_FAMILIES = frozenset({"grammar", "fluency", "spelling", "punctuation", "calques", "duplicates", "terms", "typography"})
# Families whose findings judge difficulty, not errors: left out of the MQM target and of recall.
NON_ERROR_FAMILIES = frozenset({"readability"})
PRECISION_TARGET, RATE_TARGET = 0.70, 5.0
SEGMENT_SEPARATOR = "\n\n"  # MQM segments become paragraphs of one document per system and source document


@dataclass(frozen=True)
class Judged:
    """One finding and whether a human annotation covers it."""

    rule_id: str
    rule_name: str
    family: str
    hit: bool
    excerpt: str
    chance: float  # the precision of a span of the same length placed at random in the same text


@dataclass
class Score:
    """Findings judged against one set's annotations, with the word counts behind the rates."""

    words: int = 0
    annotated_words: int = 0  # words inside an annotated error: the precision of flagging words at random
    units: int = 0
    judged: list[Judged] = field(default_factory=list)
    recall: dict[str, Tally] = field(default_factory=dict)
    skipped: int = 0

    @property
    def precision(self) -> Tally:
        tally = Tally()
        for item in self.judged:
            tally.add(item.hit)
        return tally

    @property
    def chance(self) -> float | None:
        return sum(j.chance for j in self.judged) / len(self.judged) if self.judged else None

    def only(self, keep: Callable[[Judged], bool]) -> "Score":
        """Return this score restricted to the findings `keep` accepts."""
        return dataclasses.replace(self, judged=[j for j in self.judged if keep(j)])

    @property
    def rate(self) -> float:
        return per_thousand(len(self.judged), self.words)

    @property
    def base_rate(self) -> float | None:
        return self.annotated_words / self.words if self.words else None

    def by(self, key: str) -> dict[str, "Score"]:
        """Return the score of each value of a Judged attribute (rule, family), most findings first."""
        groups: dict[str, list[Judged]] = {}
        for item in self.judged:
            groups.setdefault(getattr(item, key), []).append(item)
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return {value: dataclasses.replace(self, judged=items) for value, items in ordered}

    def merge(self, other: "Score") -> "Score":
        recall = {k: Tally(v.hits, v.total) for k, v in self.recall.items()}
        for key, tally in other.recall.items():
            mine = recall.setdefault(key, Tally())
            mine.hits += tally.hits
            mine.total += tally.total
        return Score(
            self.words + other.words,
            self.annotated_words + other.annotated_words,
            self.units + other.units,
            self.judged + other.judged,
            recall,
            self.skipped + other.skipped,
        )


class Auditor:
    """auditor's default rule set behind its Python API, with the optional `engines` on."""

    def __init__(self, engines: Sequence[str] = ()) -> None:
        from auditor.api import load_ruleset
        from auditor.check.document import context_for
        from auditor.engines import load_engines

        self.ruleset = load_ruleset()
        self.context = context_for(self.ruleset, load_engines(engines, {}))
        self.rule_names = {rule.id: rule.name for rule in self.ruleset.rules}

    def audit(self, texts: Sequence[tuple[str, str]]) -> list[Any]:
        """Audit (path, text) pairs together, as one batch run would; return their Results."""
        from auditor.findings.pipeline import audit_documents
        from auditor.text.document import Document

        return audit_documents([Document(text, path) for path, text in texts], self.ruleset, self.context)


def _judge(finding: Any, text: str, start: int, end: int, hit: bool, chance: float) -> Judged:
    excerpt = f"{text[max(0, start - 30):start]}[{text[start:end]}]{text[end:end + 30]}".replace("\n", " ")
    return Judged(finding.rule_id, finding.rule_name, finding.family or "general", hit, excerpt, chance)


def _count_words(text: str, spans: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Return (words, words overlapping any of `spans`)."""
    spans = list(spans)
    tokens = token_spans(text)
    covered = sum(1 for t in tokens if any(spans_overlap(t[0], t[1], s, e) for s, e in spans))
    return len(tokens), covered


# --------------------------------------------------------------------------- MQM


def _segment_order(record: dict[str, Any]) -> tuple[int, str]:
    seg = str(record["seg_id"])
    return (int(seg), seg) if seg.isdigit() else (sys.maxsize, seg)


def _is_reference(record: dict[str, Any]) -> bool:
    return bool(record.get("is_human_reference")) or str(record["system"]).startswith("ref")


def evaluate_mqm(data: Path, name: str, auditor: Auditor) -> tuple[Score, Score]:
    """Return the scores of machine outputs and of human references of one MQM set.

    Each system's segments of one source document form one document (segments as
    paragraphs, in order), and each system's documents are audited together as a batch.
    """
    by_system: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for record in records(data, name):
        by_system.setdefault(record["system"], {}).setdefault(record["doc"], []).append(record)
    machine, human = Score(), Score()
    for system, documents in sorted(by_system.items()):
        layouts: list[tuple[list[dict[str, Any]], list[int]]] = []
        texts: list[tuple[str, str]] = []
        for doc, segments in sorted(documents.items()):
            segments.sort(key=_segment_order)
            offsets, position = [], 0
            for segment in segments:
                offsets.append(position)
                position += len(segment["text"]) + len(SEGMENT_SEPARATOR)
            layouts.append((segments, offsets))
            texts.append((f"{system}/{doc}", SEGMENT_SEPARATOR.join(s["text"] for s in segments)))
        for (segments, offsets), result in zip(layouts, auditor.audit(texts)):
            score = human if _is_reference(segments[0]) else machine
            placed: list[list[tuple[Any, int, int]]] = [[] for _ in segments]
            for finding in result.findings:
                index, start, end = _place(finding.span.start, finding.span.end, segments, offsets)
                if index is not None:
                    placed[index].append((finding, start, end))
            for segment, findings in zip(segments, placed):
                _score_mqm_segment(score, segment, findings)
    return machine, human


def _place(start: int, end: int, segments: list[dict[str, Any]], offsets: list[int]) -> tuple[int | None, int, int]:
    """Return the segment a document span starts in and the span clipped to it (segment offsets)."""
    index = bisect.bisect_right(offsets, start) - 1
    length = len(segments[index]["text"])
    if start - offsets[index] >= length and start > offsets[index]:
        # Starts in the blank lines between segments: it belongs to the next one.
        index += 1
        if index >= len(segments):
            return None, 0, 0
        start = offsets[index]
        length = len(segments[index]["text"])
    local_start = start - offsets[index]
    local_end = max(local_start, min(end - offsets[index], length))
    return index, local_start, local_end


def _score_mqm_segment(score: Score, segment: dict[str, Any], findings: list[tuple[Any, int, int]]) -> None:
    text = segment["text"]
    errors = [e for e in segment["errors"] if e.get("side") == "target"]
    spans = [(e["start"], e["end"]) for e in errors]
    words, covered = _count_words(text, spans)
    score.words += words
    score.annotated_words += covered
    score.units += 1
    for finding, start, end in findings:
        hit = any(spans_overlap(start, end, s, e) for s, e in spans)
        score.judged.append(_judge(finding, text, start, end, hit, chance_of_overlap(end - start, len(text), spans)))
    claims = [(start, end) for finding, start, end in findings if (finding.family or "general") not in NON_ERROR_FAMILIES]
    for category in FLUENCY_CATEGORIES:
        tally = score.recall.setdefault(category, Tally())
        for s, e in sorted({(e["start"], e["end"]) for e in errors if e["category"] == category}):
            tally.add(any(spans_overlap(start, end, s, e) for start, end in claims))


# --------------------------------------------------------------------------- MLQE-PE


def evaluate_mlqe(data: Path, auditor: Auditor) -> dict[str, Score]:
    """Return a score per language pair: findings judged against BAD word tags.

    auditor reads the detokenised MT (`mt_detok`); finding offsets are mapped through the
    non-space characters onto the tokenised text, whose tokens carry the tags.
    """
    scores: dict[str, Score] = {}
    for record in records(data, MLQE):
        score = scores.setdefault(record["lp"], Score())
        tokenised, prose = record["text"], record["mt_detok"]
        try:
            mapping = OffsetMap(prose, tokenised)
        except ValueError:
            score.skipped += 1  # a few detokenised lines carry spreadsheet quoting the tokens lack
            continue
        tokens = token_spans(tokenised)
        bad = record["word_bad"]
        bad_spans = [span for span, tag in zip(tokens, bad) if tag == "1"]
        score.words += len(tokens)
        score.annotated_words += bad.count("1")
        score.units += 1
        result = auditor.audit([(record["id"], prose)])[0]
        for finding in result.findings:
            start, end = mapping.span(finding.span.start, finding.span.end)
            hit = any(bad[i] == "1" for i in tokens_touched(tokens, start, end) if i < len(bad))
            chance = chance_of_overlap(end - start, len(tokenised), bad_spans)
            score.judged.append(_judge(finding, prose, finding.span.start, finding.span.end, hit, chance))
    return dict(sorted(scores.items()))


# --------------------------------------------------------------------------- CoNLL-2014


def evaluate_conll(data: Path, auditor: Auditor) -> Score:
    """Return findings judged against the edits of either annotator, with recall by error type.

    The tokenised sentences are detokenised for auditing; offsets map back through the
    non-space characters. Recall counts each distinct edited span once.
    """
    score = Score()
    for record in records(data, CONLL):
        tokenised = record["text"]
        prose = detokenize(tokenised.split())
        mapping = OffsetMap(prose, tokenised)
        edits = [(e["start"], e["end"], e["category"]) for e in record["errors"]]
        words, covered = _count_words(tokenised, [(s, e) for s, e, _ in edits])
        score.words += words
        score.annotated_words += covered
        score.units += 1
        mapped = []
        for finding in auditor.audit([(record["id"], prose)])[0].findings:
            start, end = mapping.span(finding.span.start, finding.span.end)
            mapped.append((finding, start, end))
            hit = any(spans_overlap(start, end, s, e) for s, e, _ in edits)
            chance = chance_of_overlap(end - start, len(tokenised), [(s, e) for s, e, _ in edits])
            score.judged.append(_judge(finding, prose, finding.span.start, finding.span.end, hit, chance))
        grammar = [(start, end) for finding, start, end in mapped if (finding.family or "general") in GRAMMAR_FAMILIES]
        for span in sorted({(s, e) for s, e, _ in edits}):
            categories = sorted({c for s, e, c in edits if (s, e) == span})
            detected = any(spans_overlap(start, end, *span) for start, end in grammar)
            for category in ["all", *categories]:
                score.recall.setdefault(category, Tally()).add(detected)
    return score


# --------------------------------------------------------------------------- OneStopEnglish


def consensus_grade(result: Any) -> float | None:
    """Return the consensus grade auditor reports for a whole text (`readability.document.grade`), or None."""
    readability = getattr(result, "readability", None)
    document = readability.get("document") if isinstance(readability, dict) else None
    grade = document.get("grade") if isinstance(document, dict) else None
    return float(grade) if isinstance(grade, (int, float)) else None


def evaluate_onestop(data: Path, auditor: Auditor) -> tuple[tuple[Tally, int, int] | None, Score]:
    """Return the pairwise ordering accuracy of the consensus grade (accuracy, ties, articles), or None
    when auditor reports no grade, and the findings on this professionally edited news, all counted wrong.
    """
    scored = []
    edited = Score()
    for record in records(data, ONESTOP):
        text = record["text"]
        result = auditor.audit([(record["id"], text)])[0]
        edited.words += len(text.split())
        edited.units += 1
        edited.judged += [_judge(f, text, f.span.start, f.span.end, False, 0.0) for f in result.findings]
        grade = consensus_grade(result)
        if grade is not None:
            scored.append((record["article"], int(record["level_num"]), grade))
    if not scored:
        return None, edited
    tally, ties = pairwise_order_accuracy(scored)
    return (tally, ties, len({article for article, _, _ in scored})), edited


# --------------------------------------------------------------------------- report


def _pct(tally: Tally) -> str:
    return "n/a" if tally.ratio is None else f"{tally.ratio:.3f} ({tally.hits:,}/{tally.total:,})"


RULE_HEADER = ["rule", "name", "findings", "per 1,000 words", "precision", "chance"]


def _rule_rows(score: Score, names: dict[str, str]) -> list[list[object]]:
    return [[rule, names.get(rule, ""), len(s.judged), s.rate, _pct(s.precision), s.chance] for rule, s in score.by("rule_id").items()]


def _family_rows(score: Score) -> list[list[object]]:
    return [[family, len(s.judged), _pct(s.precision), s.chance] for family, s in score.by("family").items()]


def _is_error_claim(judged: Judged) -> bool:
    return judged.family not in NON_ERROR_FAMILIES


def _merged(scores: Iterable[Score]) -> Score:
    total = Score()
    for score in scores:
        total = total.merge(score)
    return total


def render_mqm(results: dict[str, Any], names: dict[str, str], readme: list[list[object]]) -> list[str]:
    """Return the MQM part of the report and add its headline rows to `readme`."""
    sets = [n for n in MQM_SETS if n in results]
    combined = _merged(results[n][0] for n in sets)
    errors = combined.only(_is_error_claim)
    met = (errors.precision.ratio or 0) >= PRECISION_TARGET and errors.rate >= RATE_TARGET
    rows = [[n, results[n][0].units, results[n][0].words, len(results[n][0].judged), results[n][0].rate, _pct(results[n][0].precision), results[n][0].chance, results[n][0].base_rate] for n in sets]
    rows.append(["both, all findings", combined.units, combined.words, len(combined.judged), combined.rate, _pct(combined.precision), combined.chance, combined.base_rate])
    rows.append(["both, error findings", combined.units, combined.words, len(errors.judged), errors.rate, _pct(errors.precision), errors.chance, combined.base_rate])
    out = [
        "### MQM (WMT21 TED and WMT23 general MT, Chinese to English)",
        "",
        "Machine outputs only (human references below). *Chance* is the precision the same findings would "
        "reach if each were placed at random in its segment: a finding that covers a whole sentence overlaps "
        "some error span almost surely, so precision means something only well above chance. *Random* is the "
        "share of words inside an annotated error. *Error findings* leave out the families that judge difficulty "
        f"rather than errors ({', '.join(sorted(NON_ERROR_FAMILIES))}: hard sentences, long paragraphs), whose "
        "findings cover whole sentences and texts.",
        "",
        table(["set", "outputs", "words", "findings", "per 1,000 words", "precision", "chance", "random"], rows),
        "",
        f"**Target** (precision >= {PRECISION_TARGET:.2f} at >= {RATE_TARGET:g} findings per 1,000 words, error findings, "
        f"machine outputs of both sets): **{'met' if met else 'missed'}**: precision {_pct(errors.precision)} at "
        f"{errors.rate:.2f} findings per 1,000 words (chance {errors.chance or 0:.3f}). For scale: a widely used "
        "open-source grammar checker scores about 0.33 at 10 per 1,000 words on this data.",
        "",
        "Recall of the fluency error spans by error findings (distinct spans, any rater):",
        "",
        table(["category", *sets, "both"], [
            [c, *[_pct(results[n][0].recall.get(c, Tally())) for n in sets], _pct(combined.recall.get(c, Tally()))] for c in FLUENCY_CATEGORIES
        ]),
        "",
        "By rule family (machine outputs of both sets):",
        "",
        table(["family", "findings", "precision", "chance"], _family_rows(combined)),
        "",
        "By rule (machine outputs of both sets), so that weak rules stand out:",
        "",
        table(RULE_HEADER, _rule_rows(combined, names)),
        "",
    ]
    readme.append(["MQM zh-en precision (error findings)", _pct(errors.precision), f">= {PRECISION_TARGET:.2f}"])
    readme.append(["MQM error findings per 1,000 words", f"{errors.rate:.2f}", f">= {RATE_TARGET:g}"])
    for name in sets:
        reference = results[name][1]
        if reference.units:
            out += [
                f"Human reference translations in {name} (raters annotated them too): {reference.units:,} segments, "
                f"{reference.words:,} words, {len(reference.judged):,} findings ({reference.rate:.2f} per 1,000 words), "
                f"precision {_pct(reference.precision)}, chance {reference.chance or 0:.3f}, random {reference.base_rate or 0:.3f}.",
                "",
            ]
            if reference.judged:
                out += [table(RULE_HEADER, _rule_rows(reference, names)), ""]
    return out


def render_mlqe(scores: dict[str, Score], names: dict[str, str], readme: list[list[object]]) -> list[str]:
    """Return the MLQE-PE part of the report."""
    total = _merged(scores.values())
    errors = total.only(_is_error_claim)
    rows = []
    for lp, score in [*scores.items(), ("all pairs", total)]:
        claims = score.only(_is_error_claim)
        rows.append([lp, score.units, score.skipped, score.words, len(claims.judged), claims.rate, _pct(claims.precision), claims.chance, score.base_rate])
    rows.append(["all pairs, all findings", total.units, total.skipped, total.words, len(total.judged), total.rate, _pct(total.precision), total.chance, total.base_rate])
    out = [
        "### MLQE-PE (Wikipedia and Reddit sentences machine-translated into English)",
        "",
        "A finding is correct when it covers a token tagged BAD (the post-editor changed it). Rows count error "
        "findings (without the readability family, whose whole-sentence findings overlap some BAD token almost "
        "surely) except the last. *Random* is the share of BAD tokens; *skipped* sentences carry spreadsheet "
        "quoting in the detokenised MT that the tokens lack.",
        "",
        table(["pair", "sentences", "skipped", "words", "findings", "per 1,000 words", "precision", "chance", "random"], rows),
        "",
    ]
    if total.judged:
        out += ["By rule (all pairs):", "", table(RULE_HEADER, _rule_rows(total, names)), ""]
    readme.append(["MLQE-PE precision (BAD tokens, error findings)", _pct(errors.precision), "-"])
    return out


def render_onestop(outcome: tuple[tuple[Tally, int, int] | None, Score], names: dict[str, str], readme: list[list[object]]) -> list[str]:
    """Return the OneStopEnglish part of the report."""
    ordering, edited = outcome
    out = ["### OneStopEnglish (one Guardian article at three reading levels, edited by teachers)", ""]
    if ordering is None:
        out += ["Ordering not measured: auditor reports no consensus grade (Result.readability).", ""]
    else:
        tally, ties, articles = ordering
        out += [
            f"Pairwise ordering accuracy of the consensus grade over {articles} articles: {_pct(tally)} "
            f"({ties} ties, counted wrong). A pair is right when the easier version gets the lower grade.",
            "",
        ]
        readme.append(["OneStopEnglish grade ordering accuracy", _pct(tally), "-"])
    errors = edited.only(_is_error_claim)
    out += [
        "Findings on this professionally edited news (no annotations: most are false alarms, some real slips): "
        f"{len(edited.judged):,} in {edited.words:,} words ({edited.rate:.2f} per 1,000 words; error findings {errors.rate:.2f}).",
        "",
    ]
    if edited.judged:
        out += [table(RULE_HEADER[:4], [row[:4] for row in _rule_rows(edited, names)]), ""]
    readme.append(["error findings per 1,000 words on edited news (OneStopEnglish)", f"{errors.rate:.2f}", "low"])
    return out


def render_conll(score: Score, names: dict[str, str], readme: list[list[object]]) -> list[str]:
    """Return the CoNLL-2014 part of the report."""
    grammar = score.only(lambda j: j.family in GRAMMAR_FAMILIES)
    recall = score.recall.get("all", Tally())
    by_type = sorted(((c, t) for c, t in score.recall.items() if c != "all"), key=lambda kv: -kv[1].total)[:10]
    out = [
        "### CoNLL-2014 (learner essays, grammatical-error edits by two annotators)",
        "",
        f"Rules that address grammar: families {', '.join(sorted(GRAMMAR_FAMILIES))}. A finding is correct when it "
        "overlaps an edit of either annotator (an insertion counts when the finding touches it); recall counts "
        "each distinct edited span once.",
        "",
        table(["rules", "findings", "per 1,000 words", "precision", "chance"], [
            ["grammar rules", len(grammar.judged), grammar.rate, _pct(grammar.precision), grammar.chance],
            ["all rules", len(score.judged), score.rate, _pct(score.precision), score.chance],
        ]),
        "",
        f"Detection recall of the grammar rules: {_pct(recall)}; by NUCLE type (ten most frequent):",
        "",
        table(["type", "recall"], [[c, _pct(t)] for c, t in by_type]),
        "",
    ]
    if score.judged:
        out += ["By rule (all rules):", "", table(RULE_HEADER, _rule_rows(score, names)), ""]
    readme.append(["CoNLL-2014 grammar rules precision / recall", f"{_pct(grammar.precision)} / {_pct(recall)}", "-"])
    return out


def render(results: dict[str, Any], auditor: Auditor, seconds: float) -> tuple[str, str]:
    """Return the EVALUATION.md section and the README table."""
    out = ["## Detection against human annotations (`make eval`)", "", machine_line(), f"Evaluation took {seconds:.0f} s.", ""]
    readme: list[list[object]] = []
    names = auditor.rule_names
    if any(n in results for n in MQM_SETS):
        out += render_mqm(results, names, readme)
    if MLQE in results:
        out += render_mlqe(results[MLQE], names, readme)
    if ONESTOP in results:
        out += render_onestop(results[ONESTOP], names, readme)
    if CONLL in results:
        out += render_conll(results[CONLL], names, readme)
    return "\n".join(out), table(["evaluation (dev splits)", "measured", "target"], readme)


def render_engine(results: dict[str, Any], engines: Sequence[str], seconds: float) -> tuple[str, str]:
    """The eval-ml sections: the whole audit with `engines` on over MQM dev, and ML001's own figures."""
    import json

    from auditor.engines.ml.detector import MANIFEST_FILE, WEIGHTS_DIR

    combined = _merged(results[n][0] for n in MQM_SETS if n in results)
    engine_rules = combined.only(lambda j: j.rule_id.startswith("ML"))
    rows = [[label, len(score.judged), score.rate, _pct(score.precision), score.chance]
            for label, score in (("all findings", combined), ("error findings", combined.only(_is_error_claim)), ("ML rules", engine_rules))]
    rows += [[rule, len(score.judged), score.rate, _pct(score.precision), score.chance] for rule, score in engine_rules.by("rule_id").items()]
    flag = " ".join(f"--engine {name}" for name in engines)
    out = [
        f"## The whole audit with `{flag}` (`make eval` with the ml extra)", "", machine_line(), f"Took {seconds:.0f} s.", "",
        f"MQM zh-en dev, both sets, machine outputs ({combined.words:,} words), judged as in the MQM section above. "
        "ML001 was trained on these segments except its validation fold (a quarter), so its figures here are optimistic; "
        "its held-out figures are in docs/ML.md.", "",
        table(["findings", "count", "per 1,000 words", "precision", "chance"], rows),
        "",
        "Chance is the precision of a span of the same length placed at random, so whole-sentence (ML003) and "
        "whole-paragraph (ML004) findings have a high one: at this level they are no better than chance on MQM, "
        "where most segments hold some error.",
    ]
    manifest = json.loads((WEIGHTS_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    validation = manifest["validation"]
    [chosen] = [point for point in validation["curve"] if point["threshold"] == manifest["threshold"]]
    readme = table(["evaluation with the ml engine (dev splits)", "measured", "target"], [
        ["ML001 precision, MQM validation fold (docs/ML.md)",
         f"{chosen['precision']:.2f} at {chosen['per_1000_words']:.1f} per 1,000 words (chance {validation['chance_precision']:.2f})", ">= 0.70 at >= 5"],
        [f"whole audit `{flag}`, MQM dev: findings per 1,000 words", f"{combined.rate:.2f}", "-"],
        [f"whole audit `{flag}`, MQM dev: precision", f"{_pct(combined.precision)} (chance {combined.chance or 0:.3f})", "-"],
    ])
    return "\n".join(out), readme


def print_examples(results: dict[str, Any], limit: int) -> None:
    """Print up to `limit` missed and hit findings per rule: material for tuning rules on dev data."""
    for name, outcome in results.items():
        scores = list(outcome.values()) if isinstance(outcome, dict) else list(outcome) if isinstance(outcome, tuple) else [outcome]
        judged = [j for s in scores if isinstance(s, Score) for j in s.judged]
        for rule in sorted({j.rule_id for j in judged}):
            items = [j for j in judged if j.rule_id == rule]
            print(f"\n== {name} {rule} {items[0].rule_name}: {sum(j.hit for j in items)}/{len(items)} hit")
            for label, hit in (("miss", False), ("hit", True)):
                for item in [j for j in items if j.hit == hit][:limit]:
                    print(f"  {label}: {item.excerpt}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default: $AUDITOR_EVAL_DATA or ../shared/eval)")
    parser.add_argument("--sets", nargs="+", choices=ALL_SETS, default=list(ALL_SETS), help="sets to evaluate (default: all)")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="also print N missed and N hit findings per rule")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/EVALUATION.md and README.md alone")
    parser.add_argument("--engine", action="append", default=[], metavar="NAME", help="audit with an optional engine on (MQM sets; writes the eval-ml sections)")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    started = time.perf_counter()
    auditor = Auditor(args.engine)
    if args.engine:
        args.sets = [name for name in args.sets if name in MQM_SETS]
    results: dict[str, Any] = {}
    for name in args.sets:
        print(f"evaluating {name} ...", file=sys.stderr)
        if name in MQM_SETS:
            results[name] = evaluate_mqm(data, name, auditor)
        elif name == MLQE:
            results[name] = evaluate_mlqe(data, auditor)
        elif name == CONLL:
            results[name] = evaluate_conll(data, auditor)
        elif name == ONESTOP:
            results[name] = evaluate_onestop(data, auditor)
    if args.engine:
        section, readme = render_engine(results, args.engine, time.perf_counter() - started)
    else:
        section, readme = render(results, auditor, time.perf_counter() - started)
        section += "\n" + languagetool_section(data, args.sets)  # rows only with AUDITOR_LT_URL
    print(section)
    if args.examples:
        print_examples(results, args.examples)
    if args.engine and not args.no_write:
        replace_section(EVALUATION_MD, "eval-ml", section)
        replace_section(README_MD, "eval-ml", readme)
    elif not args.no_write:
        if set(args.sets) != set(ALL_SETS):
            print("not writing the documents: only part of the sets was evaluated", file=sys.stderr)
        else:
            replace_section(EVALUATION_MD, "eval", section)
            replace_section(README_MD, "eval", readme)
            print(f"wrote {EVALUATION_MD.relative_to(EVALUATION_MD.parent.parent)} and README.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
