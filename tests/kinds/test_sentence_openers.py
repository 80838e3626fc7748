"""TM001 on the first word of a sentence: a capital there does not make a misspelt common word a name."""

from __future__ import annotations

import pytest

from auditor.packs.load import RuleSet
from tests.helpers import findings_of, flagged_texts


@pytest.mark.parametrize(
    ("text", "flagged", "fixed"),
    [
        ("The dam held overnight. Beacuse of the rain, roads closed.", "Beacuse", "Because"),
        ("Prices rose. Sevral shops shut their doors.", "Sevral", "Several"),
        ("\"Definitly not,\" she said.", "Definitly", "Definitely"),  # opening a quotation
        ("Voting ended at six. Althuogh turnout was low, the result stood.", "Althuogh", "Although"),
    ],
)
def test_a_misspelt_common_word_opening_a_sentence_is_flagged(ruleset: RuleSet, text: str, flagged: str, fixed: str) -> None:
    found = [f for f in findings_of(ruleset, text, "mangled-term") if text[f.span.start : f.span.end] == flagged]
    assert found and found[0].suggestions[0] == fixed


# A name the text uses again, a rare correct word, a foreign name near a common word ("urban").
LEFT_ALONE = (
    "Talks resumed. Tradd said the offer was fair, and Tradd left at noon.",
    "The plant was shut. Boric acid had leaked into the river.",
    "Negotiators met again. Orban said the plan was fair.",
)


def test_names_and_rare_words_opening_a_sentence_are_left_alone(ruleset: RuleSet) -> None:
    assert flagged_texts(ruleset, LEFT_ALONE, "mangled-term") == []
