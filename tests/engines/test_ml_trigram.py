"""The trigram fallback engine on pocketsphinx's real English model."""

from __future__ import annotations

import pytest

from auditor.engines.ml.lm import Thresholds, confusable_words, score_text, unlikely_words

pytest.importorskip("pocketsphinx", reason="the trigram LM needs pocketsphinx")

from auditor.engines.ml.trigram import TrigramLM  # noqa: E402


@pytest.fixture(scope="module")
def trigram() -> TrigramLM:
    return TrigramLM()


def test_a_misspelled_term_is_flagged_with_its_spelling(trigram: TrigramLM) -> None:
    text = "The accounts published misleading information about Hong Kong and the Coruna virus."
    [sentence] = score_text(trigram, text)
    flagged = unlikely_words([sentence], Thresholds.calibrated("trigram"))
    assert [word.text for word in flagged] == ["Coruna"]
    assert confusable_words([sentence], Thresholds.calibrated("trigram")) == flagged
    assert "corona" in flagged[0].alternatives
    assert text[flagged[0].start : flagged[0].end] == "Coruna"


def test_word_salad_reads_less_fluently_than_its_sentence(trigram: TrigramLM) -> None:
    plain, salad = trigram.score_sentences(
        ["the government said on monday that it would open the schools", "schools the on said would it government monday open"]
    )
    assert sum(w.surprisal for w in salad) / len(salad) > 1.5 * sum(w.surprisal for w in plain) / len(plain)


def test_numbers_are_not_scored_and_offsets_index_the_text(trigram: TrigramLM) -> None:
    text = "It removed 170,000 accounts.\nThey’re gone."
    words = [word for sentence in score_text(trigram, text) for word in sentence.words]
    assert [word.text for word in words] == ["It", "removed", "accounts", "They’re", "gone"]
    assert all(text[w.start : w.end] == w.text for w in words)
