"""duplicated-line and repeated-sentence on texts no example uses."""

from __future__ import annotations

import time

from auditor.fix.apply import apply_fixes
from auditor.model import Applicability, Severity
from auditor.packs.load import RuleSet
from tests.helpers import findings_of


def test_duplicated_title_is_dropped_and_the_paragraph_break_kept(ruleset: RuleSet) -> None:
    text = "Flooding forces thousands from homes in Bangladesh\nFlooding forces thousands from homes in Bangladesh \n\nHeavy rain fell."
    (finding,) = findings_of(ruleset, text, "duplicated-line", "repeated-sentence")
    assert finding.rule_name == "duplicated-line" and finding.severity == Severity.ERROR
    assert "line 1" in finding.message
    assert apply_fixes(text, [finding]) == "Flooding forces thousands from homes in Bangladesh\n\nHeavy rain fell."


def test_line_repeated_after_a_blank_line_in_other_case_is_a_duplicate(ruleset: RuleSet) -> None:
    text = "Heavy rain fell across the delta.\n\nHEAVY RAIN FELL ACROSS THE DELTA.\n"
    (finding,) = findings_of(ruleset, text, "duplicated-line")
    assert apply_fixes(text, [finding]) == "Heavy rain fell across the delta.\n"


def test_sentence_repeated_later_in_the_text_is_a_warning_pointing_at_the_first(ruleset: RuleSet) -> None:
    text = (
        "Heavy rain fell across the delta on Sunday.\n\nRescue teams reached three villages. "
        "Heavy rain fell across the delta on Sunday. More rain is expected."
    )
    (finding,) = findings_of(ruleset, text, "duplicated-line", "repeated-sentence")
    assert finding.rule_name == "repeated-sentence" and finding.severity == Severity.WARNING
    assert "line 1" in finding.message
    assert text[finding.span.start : finding.span.end] == "Heavy rain fell across the delta on Sunday."


def test_short_repeated_lines_and_sentences_are_not_duplicates(ruleset: RuleSet) -> None:
    text = "* * *\n* * *\nHe said no. He said no.\n\nThe talks resumed."
    assert findings_of(ruleset, text, "duplicated-line", "repeated-sentence") == []


def test_repeated_word_is_flagged_but_names_and_grammatical_doublings_are_not(ruleset: RuleSet) -> None:
    text = "Officials said that that the the vote was rigged. Fang Fang had had enough; that that plan failed."
    found = findings_of(ruleset, text, "repeated-word")
    assert [text[f.span.start : f.span.end] for f in found] == ["that that", "the the"]
    fixed = apply_fixes(text, found, Applicability.UNSAFE)
    assert fixed == "Officials said that the vote was rigged. Fang Fang had had enough; that that plan failed."


def test_repeated_sentences_on_one_long_line_cost_linear_time(ruleset: RuleSet) -> None:
    """Reproducer of issue 11 item 3: each repeat read its whole line (5 MB on one line: 87 s)."""
    sentences = [f"The minister said talks number {n} would resume on Monday." for n in range(500)]
    text = " ".join(sentences * 200)  # 3 MB, one line
    start = time.process_time()
    found = findings_of(ruleset, text, "duplicated-line", "repeated-sentence")
    assert time.process_time() - start < 10
    assert len(found) == 500 * 199 and {finding.rule_name for finding in found} == {"repeated-sentence"}


def test_repeated_sentence_that_fills_its_line_between_blanks_is_found_once(ruleset: RuleSet) -> None:
    text = "The minister said the talks would resume.\n\t \nThe minister said the talks would resume. \n"
    found = findings_of(ruleset, text, "duplicated-line", "repeated-sentence")
    assert [(finding.rule_name, finding.span.start) for finding in found] == [("duplicated-line", 45)]
