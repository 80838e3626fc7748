"""Suppression comments silence the rules they name where they stand; unused ones are reported."""

from __future__ import annotations

import shutil
import time

import pytest

from auditor.api import audit_text, load_ruleset
from auditor.fix.apply import apply_fixes
from auditor.packs.load import RuleSet
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    """ST001 (protestors -> protesters) and AU001 only, so that each test sees just these two."""
    folder = tmp_path_factory.mktemp("packs")
    for name in ("style.yaml", "suppression.yaml"):
        shutil.copy(ROOT / "rules" / name, folder / name)
    return load_ruleset([folder], include_builtin=False)


def flagged(text: str, path: str, rules: RuleSet) -> list[tuple[str, int]]:
    """Return (rule, 1-based line) of each finding."""
    result = audit_text(text, path=path, ruleset=rules)
    return [(f.rule_id, result.document.source.position(f.span.start)[0]) for f in result.findings]


@pytest.mark.parametrize(
    ("path", "directive"),
    [
        ("a.md", "<!-- auditor-disable-next-line ST001 -->"),
        ("a.html", "<!-- auditor-disable-next-line ST001 -->"),
        ("a.txt", "# auditor-disable-next-line ST001"),
        ("a.txt", "<!-- auditor-disable-next-line ST001 -->"),
    ],
)
def test_disable_next_line_silences_only_the_next_line(path: str, directive: str, rules: RuleSet) -> None:
    text = f"{directive}\nThe protestors met.\nThe protestors left.\n"
    assert flagged(text, path, rules) == [("ST001", 3)]


@pytest.mark.parametrize(
    ("path", "disable", "enable"),
    [
        ("a.md", "<!-- auditor-disable ST001 -->", "<!-- auditor-enable ST001 -->"),
        ("a.html", "<!-- auditor-disable ST001 -->", "<!-- auditor-enable ST001 -->"),
        ("a.txt", "# auditor-disable ST001", "# auditor-enable ST001"),
    ],
)
def test_disable_and_enable_silence_the_region_between_them(path: str, disable: str, enable: str, rules: RuleSet) -> None:
    text = f"The protestors came.\n\n{disable}\n\nThe protestors met.\n\nMore protestors.\n\n{enable}\n\nThe protestors left.\n"
    assert flagged(text, path, rules) == [("ST001", 1), ("ST001", 11)]


def test_disable_without_enable_runs_to_the_end(rules: RuleSet) -> None:
    assert flagged("The protestors came.\n<!-- auditor-disable -->\nThe protestors met.\n", "a.md", rules) == [("ST001", 1)]


@pytest.mark.parametrize("rule_list", ["", " ST001", " ST", " protestors-spelling", " style", " TY001, ST001", " TY001 ST001"])
def test_rule_list_takes_ids_prefixes_names_families_or_none(rule_list: str, rules: RuleSet) -> None:
    text = f"<!-- auditor-disable-next-line{rule_list} -->\nThe protestors met.\n"
    assert flagged(text, "a.md", rules) == []


@pytest.mark.parametrize(
    ("path", "directive"),
    [
        ("a.md", "<!-- auditor-disable-next-line ST001 the stray quotation mark is intentional here. -->"),
        ("a.txt", "# auditor-disable-next-line ST001 because the speaker said so."),
        ("a.txt", "# auditor-disable-next-line ST001, style -- quoted verbatim from the ruling."),
        ("a.md", "<!-- auditor-disable-next-line -- quoted verbatim from the ruling. -->"),
        ("a.txt", "# auditor-disable-next-line because the speaker said so."),
    ],
)
def test_a_reason_may_follow_the_rule_list(path: str, directive: str, rules: RuleSet) -> None:
    text = f"{directive}\nThe protestors met.\nThe protestors left.\n"
    assert flagged(text, path, rules) == [("ST001", 3)]


def test_reason_words_are_not_read_as_selectors(rules: RuleSet) -> None:
    text = "# auditor-disable-next-line TY001 the style is quoted verbatim.\nThe protestors met.\n"
    assert [rule for rule, _ in flagged(text, "a.txt", rules)] == ["ST001"]


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- auditor-disable-next-line TY001 the stray quotation mark is intentional here. -->",
        "# auditor-disable-next-line TY002 because the speaker said so.",
        "# auditor-disable-next-line TY002 " + "a" * 5000 + ".",
    ],
)
def test_a_long_reason_is_read_in_linear_time(directive: str) -> None:
    """Reproducer of issue 11 item 1: the rule-list pattern backtracked exponentially on a reason."""
    start = time.process_time()
    audit_text(f"{directive}\nThe protestors met.\n", path="a.md")
    assert time.process_time() - start < 30


def test_directive_for_another_rule_does_not_silence(rules: RuleSet) -> None:
    text = "<!-- auditor-disable-next-line AU -->\nThe protestors met.\n"
    assert flagged(text, "a.md", rules) == [("AU001", 1), ("ST001", 2)]


def test_unused_suppression_is_reported_and_its_fix_deletes_its_line(rules: RuleSet) -> None:
    text = "Intro.\n<!-- auditor-disable-next-line ST001 -->\nThe protesters met.\n"
    result = audit_text(text, path="a.md", ruleset=rules)
    [finding] = result.findings
    assert (finding.rule_id, finding.rule_name) == ("AU001", "unused-suppression")
    assert text[finding.span.start : finding.span.end] == "<!-- auditor-disable-next-line ST001 -->"
    assert "suppresses no finding" in finding.message
    assert apply_fixes(text, result.findings) == "Intro.\nThe protesters met.\n"


def test_enable_that_closes_nothing_is_reported(rules: RuleSet) -> None:
    result = audit_text("Calm text.\n# auditor-enable ST001\n", ruleset=rules)
    assert [f.message for f in result.findings] == ["'# auditor-enable ST001' closes no auditor-disable"]


def test_misspelt_directive_is_reported_without_a_fix(rules: RuleSet) -> None:
    result = audit_text("<!-- auditor-disable-nextline ST001 -->\nThe protestors met.\n", path="a.md", ruleset=rules)
    assert [(f.rule_id, f.fix is None) for f in result.findings] == [("AU001", True), ("ST001", False)]
    assert "is not a suppression directive" in result.findings[0].message


def test_directive_naming_only_rules_that_did_not_run_is_not_reported(rules: RuleSet) -> None:
    only_au = rules.select(lambda rule: rule.id == "AU001")
    assert flagged("<!-- auditor-disable-next-line ST001 -->\nThe protestors met.\n", "a.md", only_au) == []


def test_directive_shown_in_a_code_block_is_not_a_directive(rules: RuleSet) -> None:
    text = "```\n<!-- auditor-disable-next-line -->\n```\nThe protestors met.\n"
    assert flagged(text, "a.md", rules) == [("ST001", 4)]


def test_hash_line_mid_sentence_is_prose_not_a_directive(rules: RuleSet) -> None:
    assert flagged("Officials said # auditor-disable-next-line\nThe protestors met.\n", "a.txt", rules) == [("ST001", 2)]


@pytest.mark.parametrize("path", ["a.md", "a.html", "a.txt"])
def test_suppression_comments_produce_no_finding_of_any_rule(path: str, ruleset: RuleSet) -> None:
    comments = ["auditor-disable-next-line ST001", "auditor-disable TY001, ST001", "auditor-enable"]
    comments = [f"# {c}" if path == "a.txt" else f"<!-- {c} -->" for c in comments]
    text = f"{comments[0]}\nThe protestors met on Sunday.\n\n{comments[1]}\n\nProtestors again.\n\n{comments[2]}\n\nCalm text.\n"
    result = audit_text(text, path=path, ruleset=ruleset)
    starts = [text.index(comment) for comment in comments]
    assert not [f for f in result.findings if any(s <= f.span.start < s + len(c) for s, c in zip(starts, comments))]
    assert not [f for f in result.findings if f.rule_id in ("ST001", "AU001")]
