"""Clean news prose full of correct foreign names stays (almost) silent: precision over volume."""

from __future__ import annotations

from pathlib import Path

from auditor.api import audit_text
from auditor.model import Severity
from auditor.packs.load import RuleSet

CLEAN_NEWS = Path(__file__).parent.parent / "data" / "clean_news.txt"


def _describe(findings: list) -> str:  # type: ignore[type-arg]
    return "\n".join(f"{f.severity.label} {f.rule_id} {f.rule_name}: {f.message}" for f in findings)


def test_clean_news_reports_no_error_and_no_warning(ruleset: RuleSet) -> None:
    text = CLEAN_NEWS.read_text(encoding="utf-8")
    findings = audit_text(text, path=str(CLEAN_NEWS), ruleset=ruleset).findings
    errors = [f for f in findings if f.severity == Severity.ERROR]
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    assert not errors, _describe(errors)
    assert not warnings, _describe(warnings)


def test_clean_news_has_forty_paragraphs_of_foreign_names() -> None:
    # With distinct people of near-identical names (Lee Jae-myung and Lee Jae-yong, the
    # Klitschko and Sharif brothers) and rare correct words (hydrazine, faience, chars).
    paragraphs = [p for p in CLEAN_NEWS.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert len(paragraphs) >= 40
