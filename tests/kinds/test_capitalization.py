"""capitalization on texts no example uses: style-set capitals of terms and institutions."""

from __future__ import annotations

import pytest

from auditor.fix.apply import apply_fixes
from auditor.packs.load import RuleSet
from tests.helpers import findings_of


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Brazil reported a new Pandemic record.", "new pandemic record"),
        ("Officials said the Coronavirus outbreak slowed.", "the coronavirus outbreak"),
        ("Hospitals struggled under the Epidemic.", "the epidemic"),
    ],
)
def test_lower_case_term_capitalised_mid_sentence_is_flagged_in_context(ruleset: RuleSet, text: str, suggestion: str) -> None:
    (finding,) = findings_of(ruleset, text, "lower-case-term-capitalised")
    assert finding.suggestions == (suggestion,)
    assert apply_fixes(text, [finding]) == text.replace(text[finding.span.start : finding.span.end], suggestion)


def test_capital_at_a_sentence_or_quotation_start_in_a_name_and_in_a_headline_is_accepted(ruleset: RuleSet) -> None:
    text = (
        "Coronavirus Deaths Climb Across Southern Europe\n\nCoronavirus deaths rose. \"Lockdown is over,\" she said."
        " The World Bank's Pandemic Fund paid for the Coronavirus Aid Act campaign."
    )
    assert findings_of(ruleset, text, "lower-case-term-capitalised") == []


@pytest.mark.parametrize(
    ("written", "corrected"),
    [
        ("Russian foreign ministry", "Russian Foreign Ministry"),
        ("Vietnamese communist party", "Vietnamese Communist Party"),
        ("Japanese defence ministry", "Japanese Defence Ministry"),
        ("South Korean constitutional court", "South Korean Constitutional Court"),
    ],
)
def test_institution_after_a_country_adjective_takes_capitals(ruleset: RuleSet, written: str, corrected: str) -> None:
    text = f"A statement by the {written} was read on television."
    (finding,) = findings_of(ruleset, text, "proper-noun-after-country")
    assert text[finding.span.start : finding.span.end] == written
    assert finding.suggestions == (corrected,)


def test_institution_without_a_country_adjective_or_already_capitalised_is_left_alone(ruleset: RuleSet) -> None:
    text = "India's foreign ministry said the Chinese Foreign Ministry and the party's communist roots were discussed."
    assert findings_of(ruleset, text, "proper-noun-after-country") == []
