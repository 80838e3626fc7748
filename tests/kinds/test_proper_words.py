"""ST005 lower-case-proper-word: weekdays, months and national adjectives in lower case."""

from __future__ import annotations

import pytest

from auditor.packs.load import RuleSet
from tests.helpers import findings_of, flagged_texts


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("The strike began on a saturday morning.", "Saturday"),
        ("Results are due by late february at the earliest.", "February"),
        ("A group of ethiopian farmers sued the firm.", "Ethiopian"),
        ("Officials spoke in urdu to the crowd.", "Urdu"),
        ("The ukrainian grain deal expired.", "Ukrainian"),
    ],
)
def test_a_proper_word_in_lower_case_is_capitalised(ruleset: RuleSet, text: str, fixed: str) -> None:
    (finding,) = findings_of(ruleset, text, "lower-case-proper-word")
    flagged = text[finding.span.start : finding.span.end]
    # The span takes in the neighbouring lower-case words; only the proper word changes.
    assert fixed in finding.suggestions[0].split() and finding.suggestions[0].casefold() == flagged.casefold()


COMMON_WORDS_TOO = (
    "Prices may rise as troops march into the town in an august ceremony.",
    "Workers polish the fine china before the turkey is served.",
    "The Ethiopian envoy arrived on Saturday in February.",
)


def test_words_that_are_also_common_words_are_left_alone(ruleset: RuleSet) -> None:
    assert flagged_texts(ruleset, COMMON_WORDS_TOO, "lower-case-proper-word") == []
