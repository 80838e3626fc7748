"""One problem, one finding: rules that propose the same correction at the same place are folded into one finding."""

from __future__ import annotations

import json

from auditor.api import audit_text
from auditor.findings.merge import merge_duplicates, same_problem
from auditor.model import Applicability, Edit, Finding, Fix, Severity, Span
from auditor.packs.load import RuleSet

SPLIT_TERM = "The cyberattack hit the port. Engineers traced the cyberattack abroad. A second cyber attack followed in May.\n"


def finding(rule_id: str, start: int, end: int, suggestion: str | None, *, severity: Severity = Severity.WARNING, engine: str = "rules") -> Finding:
    fix = Fix((Edit(Span(start, end), suggestion),), Applicability.UNSAFE) if suggestion is not None else None
    return Finding(rule_id, rule_id.lower(), severity, "m", Span(start, end), fix, (suggestion,) if suggestion is not None else (), engine=engine)


def test_a_split_term_reported_by_the_term_and_the_consistency_rule_is_one_finding(ruleset: RuleSet) -> None:
    found = [f for f in audit_text(SPLIT_TERM, ruleset=ruleset).findings if "cyber attack" == SPLIT_TERM[f.span.start : f.span.end]]
    assert [(f.rule_id, f.also, f.suggestions) for f in found] == [("TM001", ("CS001",), ("cyberattack",))]


def test_different_corrections_of_one_span_stay_two_findings() -> None:
    text = "the Coruna virus spread"
    found = merge_duplicates(text, [finding("AA001", 4, 16, "coronavirus"), finding("BB001", 4, 16, "Corona virus")], [])
    assert [f.rule_id for f in found] == ["AA001", "BB001"] and all(not f.also for f in found)


def test_overlapping_spans_that_correct_to_the_same_text_are_one_problem() -> None:
    text = "the Coruna virus spread"
    # One rule replaces the two words, another only the first word's letter: the same result.
    a, b = finding("AA001", 4, 16, "Corona virus"), finding("BB001", 4, 10, "Corona")
    assert same_problem(text, a, b)
    assert not same_problem(text, a, finding("CC001", 11, 16, "germ"))


def test_between_rules_the_run_does_not_know_severity_decides() -> None:
    text = "a teh cat"
    (kept,) = merge_duplicates(text, [finding("XX001", 2, 5, "the"), finding("YY001", 2, 5, "the", severity=Severity.ERROR)], [])
    assert (kept.rule_id, kept.also) == ("YY001", ("XX001",))


def test_a_pack_rule_is_kept_over_an_engine(ruleset: RuleSet) -> None:
    text = "a teh cat"
    engine = finding("LT:TYPO", 2, 5, "the", severity=Severity.ERROR, engine="languagetool")
    rule = finding("TM001", 2, 5, "the")
    (kept,) = merge_duplicates(text, [engine, rule], ruleset.rules)
    assert (kept.rule_id, kept.also, kept.severity) == ("TM001", ("LT:TYPO",), Severity.ERROR)


def test_findings_without_a_correction_merge_only_on_the_same_span_and_fix() -> None:
    text = "one two"
    plain = [finding("AA001", 0, 3, None), finding("BB001", 0, 3, None)]
    assert len(merge_duplicates(text, plain, [])) == 2


def test_also_reaches_json_sarif_and_text(cli, tmp_path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(SPLIT_TERM, encoding="utf-8")
    records = [f for f in cli("check", "--format", "json", "--fail-on", "never", str(path)).json()["files"][0]["findings"] if f["rule"] == "TM001"]
    assert records[0]["also"] == ["CS001"]
    sarif = json.loads(cli("check", "--format", "sarif", "--fail-on", "never", str(path)).stdout)
    properties = [r["properties"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "TM001"]
    assert properties[0]["also"] == ["CS001"]
    assert "also reported by CS001" in cli("check", "--format", "concise", "--fail-on", "never", str(path)).stdout
