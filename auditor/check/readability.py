"""The `readability` object of each file: the profile's targets and the scores of the document and its parts."""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, Any

from auditor.resources.profiles import profile_for
from auditor.text.readability import COUNT_NAMES, SCORE_NAMES, Segment, reading_time

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


_scores_of = operator.attrgetter(*SCORE_NAMES)
_counts_of = operator.attrgetter(*COUNT_NAMES)
_ONE_DECIMAL = itertools.repeat(1)


def segment_record(segment: Segment, *, span: bool = True) -> dict[str, Any]:
    """Return the JSON object of one segment: its span, consensus grade, every score and count."""
    counts, result = segment.counts, segment.scores
    record: dict[str, Any] = {"start": segment.span.start, "end": segment.span.end} if span else {}
    # A report carries one record per paragraph: each step below runs in C, not per name in Python.
    record.update(zip(SCORE_NAMES, map(round, _scores_of(result), _ONE_DECIMAL)))
    record.update(zip(COUNT_NAMES, _counts_of(counts)))
    record["reading_time_s"] = round(reading_time(counts), 1)
    return record


def summary(document: "Document", context: "CheckContext") -> dict[str, Any]:
    """Return the `readability` object of one file: profile, targets, document and paragraphs.

    Sentence records are added with `context.options["sentence_scores"]`.
    """
    profile = profile_for(context)
    analysis = document.readability
    record: dict[str, Any] = {
        "profile": profile.name if profile else None,
        "targets": profile.targets() if profile else None,
        "document": segment_record(analysis, span=False),
        "paragraphs": [segment_record(paragraph) for paragraph in analysis.parts],
    }
    if context.options.get("sentence_scores"):
        record["sentences"] = sentence_records(document)
    return record


def sentence_records(document: "Document") -> list[dict[str, Any]]:
    """Return the JSON object of every sentence (the `sentences` list of `--sentence-scores`)."""
    return [segment_record(sentence) for paragraph in document.readability.parts for sentence in paragraph.parts]


def summary_text(record: dict[str, Any]) -> str:
    """Return the one-line summary of a file's `readability` object, for human-readable reports."""
    document = record["document"]
    targets = record.get("targets")
    target = f" ({record['profile']} target {targets['max_grade']:g})" if targets else ""
    counts = [_plural(document["words"], "word"), _plural(document["sentences"], "sentence"), _plural(len(record["paragraphs"]), "paragraph")]
    return (
        f"readability grade {document['grade']:.1f}{target}, Flesch reading ease {document['flesch_reading_ease']:.1f}, "
        f"{counts[0]} in {counts[1]} and {counts[2]}"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
