"""TM001 on closed compounds and brand names written as two words."""

from __future__ import annotations

from auditor.packs.load import RuleSet
from tests.helpers import findings_of, flagged_texts

SPLIT = {
    "Activists spread the call on We Chat overnight.": ("We Chat", "WeChat"),
    "She announced her new job on Linked In.": ("Linked In", "LinkedIn"),
    "A land slide buried the road to the village.": ("land slide", "landslide"),
    "Police seized his smart phone at the airport.": ("smart phone", "smartphone"),
    "The firm moved its head quarters to Lagos.": ("head quarters", "headquarters"),
}
# A person whose two names join into a brand, and a phrase English writes in two words.
KEPT = ("Hua Wei spoke to reporters.", "He searched the world wide web for hours.", "She read the news in the paper.")


def test_a_compound_or_brand_split_in_two_is_joined(ruleset: RuleSet) -> None:
    for text, (flagged, joined) in SPLIT.items():
        found = [(text[f.span.start : f.span.end], f.suggestions[0]) for f in findings_of(ruleset, text, "mangled-term")]
        assert found == [(flagged, joined)], text


def test_names_and_phrases_that_are_two_words_stay_silent(ruleset: RuleSet) -> None:
    assert flagged_texts(ruleset, KEPT, "mangled-term") == []
