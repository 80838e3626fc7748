"""The evaluation's metric code on tiny hand-made samples, so the harness does not rot."""

from __future__ import annotations

import pytest

from benchmarks.eval import Score, _place, _score_mqm_segment
from benchmarks.metrics import OffsetMap, chance_of_overlap, detokenize, pairwise_order_accuracy, spans_overlap, token_spans, tokens_touched
from auditor.model import Finding, Severity, Span


def finding(rule_id: str = "T001") -> Finding:
    return Finding(rule_id, "test-rule", Severity.WARNING, "message", Span(0, 0), family="grammar")


def test_spans_overlap_when_sharing_a_character_only() -> None:
    assert spans_overlap(0, 5, 4, 8)
    assert not spans_overlap(0, 5, 5, 8)


def test_an_empty_span_overlaps_what_it_touches() -> None:
    assert spans_overlap(5, 5, 0, 5)
    assert spans_overlap(3, 3, 3, 3)
    assert not spans_overlap(6, 6, 0, 5)


def test_detokenize_glues_punctuation_quotes_and_clitics() -> None:
    tokens = 'He said " it is n\'t over " ( really ) , then left .'.split()
    assert detokenize(tokens) == 'He said "it isn\'t over" (really), then left.'


def test_offset_map_carries_spans_from_prose_to_tokens() -> None:
    tokenised = 'It is " fine " , he said .'
    prose = detokenize(tokenised.split())
    mapping = OffsetMap(prose, tokenised)
    start = prose.index("fine")
    assert mapping.span(start, start + 4) == (tokenised.index("fine"), tokenised.index("fine") + 4)
    comma = prose.index(",")
    assert mapping.span(comma, comma + 1) == (tokenised.index(","), tokenised.index(",") + 1)
    space = prose.index(" he")
    point = mapping.span(space, space + 1)
    assert point == (tokenised.index("he"), tokenised.index("he"))


def test_offset_map_refuses_texts_that_differ_in_more_than_space() -> None:
    with pytest.raises(ValueError):
        OffsetMap('"quoted"', 'quoted')


def test_chance_of_overlap_is_the_share_of_positions_that_would_overlap() -> None:
    assert chance_of_overlap(1, 10, [(2, 4)]) == 0.2
    assert chance_of_overlap(3, 10, [(2, 4)]) == 0.5
    assert chance_of_overlap(2, 10, [(0, 1), (1, 3)]) == 3 / 9
    assert chance_of_overlap(0, 10, [(2, 4)]) == 3 / 11
    assert chance_of_overlap(20, 10, [(2, 4)]) == 1.0


def test_tokens_touched_by_span_and_by_point() -> None:
    tokens = token_spans("a bb ccc")
    assert tokens == [(0, 1), (2, 4), (5, 8)]
    assert tokens_touched(tokens, 3, 6) == [1, 2]
    assert tokens_touched(tokens, 4, 4) == [1]


def test_pairwise_order_accuracy_counts_ties_as_wrong() -> None:
    scored = [("a", 0, 3.0), ("a", 1, 5.0), ("a", 2, 9.0), ("b", 0, 4.0), ("b", 1, 4.0), ("b", 2, 2.0)]
    tally, ties = pairwise_order_accuracy(scored)
    assert (tally.hits, tally.total, ties) == (3, 6, 1)


def test_mqm_findings_land_in_their_segment_and_score_against_its_spans() -> None:
    segments = [
        {"text": "The the cat sat.", "errors": [{"side": "target", "start": 0, "end": 7, "category": "Fluency/Grammar"}]},
        {"text": "All fine here.", "errors": [{"side": "source", "start": 0, "end": 3, "category": "Accuracy/Omission"}]},
    ]
    offsets = [0, len("The the cat sat.") + 2]
    assert _place(4, 7, segments, offsets) == (0, 4, 7)
    assert _place(16, 17, segments, offsets) == (1, 0, 0)
    assert _place(offsets[1] + 4, offsets[1] + 8, segments, offsets) == (1, 4, 8)
    score = Score()
    _score_mqm_segment(score, segments[0], [(finding(), 4, 7)])
    _score_mqm_segment(score, segments[1], [(finding("T002"), 4, 8)])
    assert (score.words, score.annotated_words, score.units) == (7, 2, 2)
    assert [j.hit for j in score.judged] == [True, False]
    assert score.judged[0].excerpt == "The [the] cat sat."
    assert score.recall["Fluency/Grammar"].hits == 1
    assert score.by("rule_id")["T002"].precision.ratio == 0.0
    assert score.judged[1].chance == 0.0


def test_consensus_grade_reads_the_document_grade_of_the_readability_record() -> None:
    from benchmarks.eval import consensus_grade

    class Reported:
        readability = {"document": {"grade": 9.4, "words": 120}, "paragraphs": []}

    class Silent:
        readability = None

    assert consensus_grade(Reported()) == 9.4
    assert consensus_grade(Silent()) is None
