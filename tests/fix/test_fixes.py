"""Fix application: overlaps, convergence across rules, the pass limit, and the Python API."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from auditor import apply_fixes, audit_text, fix_text
from auditor.api import load_ruleset
from auditor.fix.apply import FixOutcome, applicable_edits, converge, fix_texts, rule_filter, unified_diff
from auditor.model import Applicability, Edit, Finding, Fix, Severity, Span
from auditor.packs.load import RuleSet


def write_pack(folder: Path, rules: str, name: str = "test") -> Path:
    """Write a small user rule pack into `folder` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(f"pack: {name}\nrules:\n" + textwrap.indent(textwrap.dedent(rules), "  "), encoding="utf-8")
    return folder


def swap_rule(rule_id: str, old: str, new: str, fix: str = "safe") -> str:
    """Return the YAML of a substitution rule swapping `old` for `new`."""
    return f"""
    - id: {rule_id}
      name: {rule_id.lower()}-swap
      kind: substitution
      fix: {fix}
      message: "'{{match}}' should be '{{replacement}}'"
      docs: Test rule; its fix is {fix}.
      preserve_case: false
      swap: {{"{old}": "{new}"}}
      examples:
        - bad: "as [{old}] said"
          fix: "as {new} said"
        - good: "nothing to see"
    """


def pack_of(tmp_path: Path, *rules: str) -> RuleSet:
    return load_ruleset([write_pack(tmp_path / "rules", "".join(rules))], include_builtin=False)


def finding(rule_id: str, start: int, end: int, replacement: str, applicability: Applicability = Applicability.SAFE) -> Finding:
    span = Span(start, end)
    return Finding(rule_id, rule_id.lower(), Severity.WARNING, "test", span, Fix((Edit(span, replacement),), applicability))


def test_overlapping_fixes_apply_the_first_and_skip_the_other() -> None:
    text = "New York City"
    whole = finding("A001", 0, 13, "NYC")
    inner = finding("B001", 4, 8, "Jork")
    assert apply_fixes(text, [inner, whole]) == "NYC"
    assert [f.rule_id for f, _ in applicable_edits([inner, whole])] == ["A001"]


def test_adjacent_fixes_both_apply() -> None:
    text = "ab"
    assert apply_fixes(text, [finding("A001", 0, 1, "x"), finding("B001", 1, 2, "y")]) == "xy"


def test_two_insertions_at_one_point_do_not_both_apply() -> None:
    first = finding("A001", 3, 3, "!")
    second = finding("B001", 3, 3, "?")
    assert apply_fixes("Hey there", [first, second]) == "Hey! there"


def test_unsafe_and_display_only_fixes_need_a_lower_minimum() -> None:
    text = "one two three"
    unsafe = finding("A001", 0, 3, "1", Applicability.UNSAFE)
    display = finding("B001", 4, 7, "2", Applicability.DISPLAY_ONLY)
    assert apply_fixes(text, [unsafe, display]) == text
    assert apply_fixes(text, [unsafe, display], Applicability.UNSAFE) == "1 two three"
    assert apply_fixes(text, [unsafe, display], Applicability.DISPLAY_ONLY) == "1 2 three"


def test_selection_by_rule_prefix_with_unfixable_winning() -> None:
    st1, st2, mt1 = finding("ST001", 0, 1, "x"), finding("ST002", 1, 2, "y"), finding("MT001", 2, 3, "z")
    select = rule_filter(["ST"], ["ST002"])
    assert select(st1) and not select(st2) and not select(mt1)
    assert rule_filter(None, ["MT"])(st1) and not rule_filter(None, ["MT"])(mt1)
    assert rule_filter(["ALL"])(mt1)
    assert apply_fixes("abc", [st1, st2, mt1], select=select) == "xbc"


def test_fix_whose_result_triggers_another_rule_converges_in_later_passes(tmp_path: Path) -> None:
    rules = pack_of(tmp_path, swap_rule("T001", "Coruna virus", "corona virus"), swap_rule("T002", "corona virus", "coronavirus"))
    outcome = fix_text("News about the Coruna virus spread.", ruleset=rules)
    assert outcome.text == "News about the coronavirus spread."
    assert outcome.applied == {"T001": 1, "T002": 1}
    assert outcome.passes == 2
    assert outcome.converged and outcome.findings == ()


def test_overlapped_fix_is_picked_up_by_the_next_pass(tmp_path: Path) -> None:
    rules = pack_of(tmp_path, swap_rule("T001", "protestors", "protesters"), swap_rule("T002", "The protestors", "Some protestors"))
    outcome = fix_text("The protestors gathered.", ruleset=rules)
    assert outcome.text == "Some protesters gathered."
    assert outcome.applied == {"T001": 1, "T002": 1}


def test_rules_that_undo_each_other_fail_to_converge_at_the_pass_limit(tmp_path: Path) -> None:
    rules = pack_of(tmp_path, swap_rule("T001", "colour", "color"), swap_rule("T002", "color", "colour"))
    outcome = fix_text("A colour.", ruleset=rules, max_passes=4)
    assert not outcome.converged
    assert outcome.passes == 4
    assert set(outcome.unconverged) <= {"T001", "T002"} and outcome.unconverged


def test_unsafe_fixes_apply_only_when_asked(tmp_path: Path) -> None:
    rules = pack_of(tmp_path, swap_rule("T001", "Hua Chuning", "Hua Chunying", fix="unsafe"))
    text = "said Hua Chuning."
    assert fix_text(text, ruleset=rules).text == text
    assert fix_text(text, ruleset=rules, unsafe=True).text == "said Hua Chunying."


def test_fix_that_changes_nothing_is_neither_applied_nor_counted() -> None:
    text = "Fergus Hanson said."
    no_op = finding("T001", 7, 13, "Hanson")
    outcomes = converge(["a.txt"], [text], lambda texts: [[no_op]])
    assert outcomes == [FixOutcome("a.txt", text, text, findings=(no_op,))]


def test_batch_fix_keeps_each_text_apart(tmp_path: Path) -> None:
    rules = pack_of(tmp_path, swap_rule("T001", "protestors", "protesters"))
    first, second = fix_texts([("a.txt", "Many protestors here."), ("b.txt", "Nothing here.")], ruleset=rules)
    assert (first.path, first.text, first.changed) == ("a.txt", "Many protesters here.", True)
    assert (second.path, second.text, second.changed, second.applied) == ("b.txt", "Nothing here.", False, {})


def test_builtin_fix_leaves_nothing_fixable_behind() -> None:
    outcome = fix_text("Thousands of protestors and more protestors.")
    assert outcome.text == "Thousands of protesters and more protesters."
    assert outcome.applied == {"ST001": 2}
    again = audit_text(outcome.text)
    assert not [f for f in again.findings if f.fix is not None and f.fix.applicability == Applicability.SAFE]


def test_unified_diff_marks_a_missing_final_newline_and_keeps_unicode_line_separators() -> None:
    diff = unified_diff("a.txt", "one\u2028two\nprotestors", "one\u2028two\nprotesters")
    assert diff.split("\n") == [
        "--- a.txt",
        "+++ a.txt",
        "@@ -1,2 +1,2 @@",
        " one\u2028two",
        "-protestors",
        "\\ No newline at end of file",
        "+protesters",
        "\\ No newline at end of file",
        "",
    ]
    assert unified_diff("a.txt", "same\n", "same\n") == ""


@pytest.mark.parametrize("rule", load_ruleset().rules, ids=lambda rule: rule.id)
def test_every_fixable_rule_says_in_its_docs_why_its_fix_is_safe_or_unsafe(rule) -> None:
    if rule.fix == Applicability.DISPLAY_ONLY:
        return
    assert re.search(r"\b(un)?safe\b", rule.docs, re.IGNORECASE), f"{rule.id} is fix: {rule.fix.label}; its docs must say why"
