"""Typography and encoding debris on texts that no example of the pack uses."""

from __future__ import annotations

import time

import pytest

from auditor.fix.apply import apply_fixes
from auditor.model import Severity
from auditor.packs.load import RuleSet
from tests.helpers import findings_of


def test_stray_curly_quote_is_removed_and_the_paragraph_balances(ruleset: RuleSet) -> None:
    text = "“We acted within the law,” the ministry said. ”\n\nThe next paragraph."
    (finding,) = findings_of(ruleset, text, "stray-quote-mark", "unbalanced-quotes")
    assert finding.rule_name == "stray-quote-mark" and finding.severity == Severity.ERROR
    assert apply_fixes(text, [finding]) == "“We acted within the law,” the ministry said.\n\nThe next paragraph."


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ('Rescuers worked through the night." Three more survivors were found.', "Rescuers worked through the night. Three more survivors were found."),
        ('Is the bridge safe?" Engineers will inspect it.\n\nNext.', "Is the bridge safe? Engineers will inspect it.\n\nNext."),
        ('"We will rebuild," she said. Donations poured in!" The fund closed.', '"We will rebuild," she said. Donations poured in! The fund closed.'),
        ("“We acted within the law,” the ministry said. Prices rose.” The council met.", "“We acted within the law,” the ministry said. Prices rose. The council met."),
    ],
)
def test_quote_closing_a_sentence_while_no_quotation_is_open_is_a_stray_mark(ruleset: RuleSet, text: str, fixed: str) -> None:
    (finding,) = findings_of(ruleset, text, "stray-quote-mark", "unbalanced-quotes")
    assert finding.rule_name == "stray-quote-mark" and finding.severity == Severity.ERROR
    assert apply_fixes(text, [finding]) == fixed


@pytest.mark.parametrize(
    "text",
    [
        'He said the plan was “fair." The council will vote.',  # the straight quote closes the curly one
        "“The first part of the speech runs on.\n\nAnd it ends here.” The crowd cheered.",  # closes the paragraph before
        # several closers that close nothing: the text lost its opening marks
        "Tigers are recovering, the survey showed.” Numbers rose.\n\nPoachers remain a threat.” The trade is lucrative.",
    ],
)
def test_quote_that_may_close_a_quotation_opened_elsewhere_is_not_deleted(ruleset: RuleSet, text: str) -> None:
    assert {f.rule_name for f in findings_of(ruleset, text, "stray-quote-mark", "unbalanced-quotes")} == {"unbalanced-quotes"}


def test_quotation_running_on_into_the_next_paragraph_is_balanced(ruleset: RuleSet) -> None:
    text = '"We acted within the law.\n\n"We will act again," the minister said.'
    assert findings_of(ruleset, text, "stray-quote-mark", "unbalanced-quotes") == []


def test_stray_mark_after_a_closing_quote_is_removed(ruleset: RuleSet) -> None:
    text = 'The envoy said: "The talks are over!" ; then he left.'
    (finding,) = findings_of(ruleset, text, "stray-punctuation-after-quote")
    assert apply_fixes(text, [finding]) == 'The envoy said: "The talks are over!" then he left.'


def test_every_run_of_special_spaces_becomes_one_plain_space(ruleset: RuleSet) -> None:
    text = "Prime\u202fMinister Kishida\u00a0 \u2009met reporters.\u00a0\u00a0\nNext line."
    found = findings_of(ruleset, text, "non-breaking-space", "trailing-whitespace")
    assert {f.rule_name for f in found} == {"non-breaking-space", "trailing-whitespace"}
    assert apply_fixes(text, found) == "Prime Minister Kishida met reporters.\nNext line."


def test_missing_space_after_a_sentence_spares_abbreviations_addresses_and_decimals(ruleset: RuleSet) -> None:
    text = "The vote was held in the U.S. on Monday.Turnout was 61.5 percent, see www.Elections.gov or results.Final.csv."
    (finding,) = findings_of(ruleset, text, "missing-space-after-sentence")
    assert apply_fixes(text, [finding]).startswith("The vote was held in the U.S. on Monday. Turnout")


def test_mojibake_and_entities_are_decoded(ruleset: RuleSet) -> None:
    text = "The premierâ€™s office said Ã‰cole staff &amp; students left &quot;calmly&quot;."
    found = findings_of(ruleset, text, "mojibake", "html-entity")
    assert apply_fixes(text, found) == 'The premier’s office said École staff & students left "calmly".'


def test_untranslated_cyrillic_sentence_is_one_warning(ruleset: RuleSet) -> None:
    text = "The spokeswoman added: Мы не будем комментировать это решение. Then she left."
    (finding,) = findings_of(ruleset, text, "untranslated-text")
    assert text[finding.span.start : finding.span.end] == "Мы не будем комментировать это решение"
    assert "Cyrillic" in finding.message


@pytest.mark.parametrize(("text", "fixed"), [("He said so，and left。", "He said so, and left."), ("Why now؟", "Why now?")])
def test_full_width_and_arabic_punctuation_become_ascii(ruleset: RuleSet, text: str, fixed: str) -> None:
    assert apply_fixes(text, findings_of(ruleset, text, "foreign-punctuation")) == fixed


def test_straight_quote_among_curly_ones_is_curled(ruleset: RuleSet) -> None:
    text = "“Enough,” he said. \"We will go.” “Now.”"
    (finding,) = findings_of(ruleset, text, "mixed-quote-styles")
    assert apply_fixes(text, [finding]) == "“Enough,” he said. “We will go.” “Now.”"


def test_translation_spacing_and_guillemets_are_normalised(ruleset: RuleSet) -> None:
    text = "Moscow called the plan «a threat», and the ministry ( MID ) said so,too. It was “a provocation” , he said."
    names = ("foreign-quotation-marks", "space-before-punctuation", "space-inside-brackets", "missing-space-after-sentence")
    fixed = apply_fixes(text, findings_of(ruleset, text, *names))
    assert fixed == "Moscow called the plan “a threat”, and the ministry (MID) said so, too. It was “a provocation”, he said."


@pytest.mark.parametrize("run", ["\u00a0" * 200_000, " \u00a0\t" * 100_000, "\u2009" * 200_000])
def test_long_runs_of_special_spaces_cost_linear_time(ruleset: RuleSet, run: str) -> None:
    """Reproducer of issue 11 item 4: the pattern backtracked cubically (2,809 NBSPs: 5.4 s)."""
    start = time.process_time()
    at_line_end = findings_of(ruleset, f"x{run}\nx", "non-breaking-space")
    between_words = findings_of(ruleset, f"x{run}x", "non-breaking-space")
    assert time.process_time() - start < 10
    assert at_line_end == [] and [(f.span.start, f.span.end) for f in between_words] == [(1, 1 + len(run))]
