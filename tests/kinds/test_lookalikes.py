"""TY022 lookalike-letter: Cyrillic and Greek look-alikes inside Latin words, fixed letter by letter."""

from __future__ import annotations

import pytest

from auditor.api import fix_text
from auditor.kinds.lookalikes import LookalikeLetters
from auditor.model import RuleDataError
from auditor.packs.load import RuleSet
from tests.helpers import findings_of


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Ministers met in Вrussels on Friday.", "Brussels"),  # Cyrillic capital Ve
        ("The tеаm won again.", "team"),  # two Cyrillic letters side by side
        ("NΑTO leaders gathered.", "NATO"),  # Greek capital Alpha
        ("A sharp rise in prісes.", "prices"),
    ],
)
def test_a_latin_word_with_lookalike_letters_gets_the_latin_spelling(ruleset: RuleSet, text: str, fixed: str) -> None:
    (finding,) = findings_of(ruleset, text, "lookalike-letter")
    assert finding.suggestions == (fixed,)
    assert all(len(edit.replacement) == 1 for edit in finding.fix.edits)  # only the look-alikes change
    assert fixed in fix_text(text, ruleset=ruleset.select(lambda r: r.name == "lookalike-letter")).text


@pytest.mark.parametrize(
    "text",
    [
        "Crowds gathered in Санкт-Петербург and Αθήνα.",  # whole words in their own script
        "The Ukrжine spelling has a letter with no Latin twin.",
        "The ω-3 fatty acids and the γ rays.",
    ],
)
def test_words_of_another_script_are_not_lookalikes(ruleset: RuleSet, text: str) -> None:
    assert findings_of(ruleset, text, "lookalike-letter") == []


def test_a_lookalike_table_must_map_foreign_letters_to_latin_ones() -> None:
    with pytest.raises(RuleDataError, match="lookalikes"):
        LookalikeLetters(id="X1", name="x", kind="lookalike-letters", message="m", lookalikes={"a": "a"})
