"""Calque patterns on variants that no example of the pack uses."""

from __future__ import annotations

import pytest

from auditor.api import audit_text
from auditor.packs.load import RuleSet


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("The court termed the verdict as unjust.", "termed the verdict as", "termed the verdict"),
        ("Since the past two decades, the port has grown.", "Since the past two decades", "For the past two decades"),
        ("Exports have fallen since 18 months.", "since 18 months", "for 18 months"),
        ("Critics accuse that the vote was rigged.", "accuse that", "allege that"),
        ("The embassy informs that visas are suspended.", "informs that", "says that"),
        ("The plane deviated its course to Cairo.", "deviated", "diverted"),
        ("They feared to loose their homes.", "loose", "lose"),
        ('"We will not bow," he said. Whereas, the opposition called a strike.', "Whereas,", "Meanwhile,"),
        ("The refugees returned back to Aleppo.", "returned back", "returned"),
        ("The cabinet discussed about the budget.", "discussed about", "discussed"),
        ("The protests made them to resign.", "made them to resign", "made them resign"),
        ("Troops were sent to protect. And rebuild the bridge in the east.", "to protect. And", "to protect and"),
        ("The fund was set up to help. And train young farmers in the valley.", "to help. And", "to help and"),
    ],
)
def test_calque_variant_is_flagged_with_its_correction(ruleset: RuleSet, text: str, flagged: str, suggestion: str) -> None:
    only = ruleset.select(lambda rule: rule.pack == "calques")
    (finding,) = audit_text(text, ruleset=only).findings
    assert text[finding.span.start : finding.span.end] == flagged
    assert finding.suggestions == (suggestion,)


def test_native_constructions_are_left_alone(ruleset: RuleSet) -> None:
    text = (
        "He called the meeting as planned and was informed that it would go ahead. Since last year the "
        "party, whereas its rivals, has discussed about 30 proposals. The ship deviated from its route; "
        "the accused that stood trial was released; the talks made it to the final stage. The bank decided to "
        "act. And inflation fell sharply. Nobody wanted to wait. And prices rose. It had to happen. And it did."
    )
    only = ruleset.select(lambda rule: rule.pack == "calques")
    assert audit_text(text, ruleset=only).findings == []
