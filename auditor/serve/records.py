"""The JSON the page and API clients read: findings with their corrections, and the readability panel.

Offsets are given twice: in code points (`start`, `end`, what the API takes back in edits) and
in UTF-16 code units (`utf16`), which is how a browser indexes a string.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from auditor.check.document import Result
from auditor.fix.apply import splice
from auditor.model import Applicability, Edit, Finding, Span
from auditor.report.formats.json_report import finding_record
from auditor.serve.vocabulary import is_entry
from auditor.text.source import SourceText

CONTEXT_CHARS = 40
KEY_CHARS = 60  # the start of a flagged text that names a finding across edits
LABEL_CHARS = 30  # a deletion's label quotes at most this much of the deleted text
# The families whose findings are about a word or name an editor may declare correct.
VOCABULARY_FAMILIES = frozenset({"names", "consistency", "terms", "style", "ml"})
# Hemingway's two levels when the readability profile sets no sentence targets.
DEFAULT_HARD_WORDS, DEFAULT_VERY_HARD_WORDS = 40, 60


def utf16_span(source: SourceText, span: Span) -> dict[str, int]:
    return {"start": source.utf16_offset(span.start), "end": source.utf16_offset(span.end)}


def finding_key(rule_id: str, text: str, occurrence: int) -> str:
    """A name for one occurrence of a problem that survives edits elsewhere (for the page's Ignore).

    Only the start of a long flagged text counts: a finding about a whole paragraph or text
    keeps its key when a word inside it is corrected.
    """
    return f"{rule_id}\u241f{text[:KEY_CHARS]}\u241f{occurrence}"


def corrections(finding: Finding, text: str) -> list[dict[str, Any]]:
    """The corrections an editor may accept, each a label and the code-point edits that apply it.

    The rule's fix comes first; each suggestion replaces the finding's span. A correction
    that changes nothing, or reads the same as one before it, is left out.
    """
    options: list[tuple[tuple[Edit, ...], str]] = []
    if finding.fix is not None:
        options.append((finding.fix.edits, finding.fix.applicability.label))
    options += [((Edit(finding.span, suggestion),), Applicability.DISPLAY_ONLY.label) for suggestion in finding.suggestions]
    out: list[dict[str, Any]] = []
    labels: set[str] = set()
    for edits, applicability in options:
        start, end = min(e.span.start for e in edits), max(e.span.end for e in edits)
        shifted = [Edit(e.span.shifted(-start), e.replacement) for e in edits]
        label = _label(edits, text)
        if splice(text[start:end], shifted) == text[start:end] or label in labels:
            continue
        labels.add(label)
        out.append(
            {
                "label": label,
                "applicability": applicability,
                "edits": [{"start": e.span.start, "end": e.span.end, "replacement": e.replacement} for e in edits],
            }
        )
    return out


def _label(edits: tuple[Edit, ...], text: str) -> str:
    if len(edits) > 1:
        return f"apply {len(edits)} edits"
    [edit] = edits
    if edit.replacement:
        return edit.replacement
    removed = " ".join(text[edit.span.start : edit.span.end].split())
    return f"delete “{removed[:LABEL_CHARS] + '…' if len(removed) > LABEL_CHARS else removed}”"


def vocabulary_kind(finding: Finding, matched: str) -> str | None:
    """Whether the finding's text may be marked correct: "name", "word", or None."""
    if finding.family not in VOCABULARY_FAMILIES or not is_entry(matched):
        return None
    words = matched.split()
    return "name" if all(word[0].isupper() for word in words) else "word"


def finding_records(result: Result) -> list[dict[str, Any]]:
    """The findings of one checked text, in text order, as the page shows them."""
    source = result.document.source
    text = source.text
    occurrences: Counter[tuple[str, str]] = Counter()
    records = []
    for index, finding in enumerate(result.findings):
        record = finding_record(result, finding)
        matched = record["text"]
        occurrences[finding.rule_id, matched[:KEY_CHARS]] += 1
        record.update(
            id=index,
            key=finding_key(finding.rule_id, matched, occurrences[finding.rule_id, matched[:KEY_CHARS]]),
            utf16=utf16_span(source, finding.span),
            before=text[max(0, finding.span.start - CONTEXT_CHARS) : finding.span.start],
            after=text[finding.span.end : finding.span.end + CONTEXT_CHARS],
            corrections=corrections(finding, text),
            safe=finding.fix is not None and finding.fix.applicability is Applicability.SAFE,
            vocabulary=vocabulary_kind(finding, matched),
        )
        records.append(record)
    return records


def readability_record(result: Result) -> dict[str, Any] | None:
    """The readability panel: grade, reading ease, counts, each paragraph's grade, and hard sentences at two levels."""
    measured = result.readability
    if measured is None:
        return None
    source = result.document.source
    targets = measured.get("targets") or {}
    hard = targets.get("max_sentence_words", DEFAULT_HARD_WORDS)
    very_hard = targets.get("very_hard_sentence_words", DEFAULT_VERY_HARD_WORDS)
    document = measured["document"]
    sentences = []
    for sentence in measured.get("sentences", ()):
        if sentence["words"] > hard:
            span = Span(sentence["start"], sentence["end"])
            level = "very-hard" if sentence["words"] > very_hard else "hard"
            sentences.append({"start": span.start, "end": span.end, "utf16": utf16_span(source, span), "words": sentence["words"], "grade": sentence["grade"], "level": level})
    return {
        "profile": measured.get("profile"),
        "targets": targets,
        "grade": document["grade"],
        "flesch_reading_ease": document["flesch_reading_ease"],
        "words": document["words"],
        "sentences": document["sentences"],
        "hard_sentence_words": hard,
        "very_hard_sentence_words": very_hard,
        "paragraphs": [
            {"start": p["start"], "end": p["end"], "utf16": utf16_span(source, Span(p["start"], p["end"])), "grade": p["grade"], "words": p["words"]}
            for p in measured["paragraphs"]
        ],
        "hard_sentences": sentences,
    }


def counts(result: Result) -> dict[str, dict[str, int]]:
    """Findings per severity and per family."""
    return {
        "by_severity": dict(Counter(finding.severity.label for finding in result.findings)),
        "by_family": dict(sorted(Counter(finding.family or "general" for finding in result.findings).items())),
    }
