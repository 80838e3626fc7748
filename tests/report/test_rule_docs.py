"""Rule docs in Ruff's shape, and the generated docs/rules/ pages that show them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.kinds.base import Rule
from auditor.packs.load import RuleSet
from auditor.report.rule_docs import all_pages, rule_page
from tests.conftest import ROOT, CliRun
from tests.packs.test_packs import GOOD_RULE, load_error

PAGES = ROOT / "docs" / "rules"


def test_the_generated_rule_pages_are_current(ruleset: RuleSet) -> None:
    expected = all_pages(ruleset.rules)
    found = {path.name: path.read_text(encoding="utf-8") for path in PAGES.glob("*.md")}
    stale = sorted(name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name))
    assert not stale, f"docs/rules/ is stale ({', '.join(stale[:5])}): run `auditor rules --docs --out docs/rules`"


def test_every_built_in_rule_says_what_it_flags_and_why_it_matters(ruleset: RuleSet) -> None:
    undocumented = [rule.id for rule in ruleset.rules if not all(rule.doc_sections()[:2])]
    assert undocumented == []


def test_a_page_shows_the_sections_and_the_rules_own_examples(ruleset: RuleSet) -> None:
    rule: Rule = next(rule for rule in ruleset.rules if rule.id == "CQ001")
    page = rule_page(rule)
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## What it flags", "## Why it matters", "## Fix safety", "## Examples"]
    assert "Unsafe: the fix drops" in page
    assert all(example.bad in page for example in rule.examples if example.bad)


def test_the_docs_command_prints_every_page(cli: Callable[..., CliRun], ruleset: RuleSet) -> None:
    run = cli("rules", "--docs")
    assert run.code == 0
    assert run.stdout.count("\n## What it flags\n") == len(ruleset.rules)


def test_the_docs_command_writes_the_pages(cli: Callable[..., CliRun], tmp_path: Path, ruleset: RuleSet) -> None:
    (tmp_path / "XX999.md").write_text("a rule that is gone", encoding="utf-8")
    run = cli("rules", "--docs", "--out", str(tmp_path))
    assert run.code == 0
    assert sorted(p.name for p in tmp_path.glob("*.md")) == sorted(all_pages(ruleset.rules))


@pytest.mark.parametrize("heading", ["## Example", "# What it does"])
def test_a_docs_heading_outside_the_shape_stops_loading(tmp_path: Path, heading: str) -> None:
    text = GOOD_RULE.replace("    docs: Plain words.\n", f"    docs: |\n      Plain words.\n      {heading}\n      More.\n")
    error = load_error(tmp_path, text)
    assert "unknown docs heading" in str(error) and ":7:5:" in str(error)  # the docs key
