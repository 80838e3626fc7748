"""Every example of every built-in rule holds (the generic test STYLE.md asks for)."""

from __future__ import annotations

import pytest

from auditor.api import load_ruleset
from auditor.examples import engine_missing, example_problems, parse_marked
from auditor.model import Span
from auditor.packs.load import RuleSet

RULESET = load_ruleset()


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: f"{rule.id}-{rule.name}")
def test_rule_examples_hold(rule, ruleset: RuleSet) -> None:
    missing = engine_missing(rule)
    if missing is not None:
        pytest.skip(missing)
    problems = [f"line {example.line}: {problem}" for example, problem in example_problems(rule, ruleset)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda rule: f"{rule.id}-{rule.name}")
def test_rule_has_bad_and_good_examples_and_docs(rule) -> None:
    assert any(e.bad for e in rule.examples), f"{rule.id} has no bad example"
    assert any(e.good for e in rule.examples), f"{rule.id} has no good example"
    assert rule.docs.strip(), f"{rule.id} has no docs"


def test_marker_parsing_keeps_escaped_brackets() -> None:
    text, span = parse_marked(r"a \[note\] and [this] here")
    assert text == "a [note] and this here"
    assert span == Span(13, 17)
