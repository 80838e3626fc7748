"""Small helpers shared by the rule tests."""

from __future__ import annotations

from typing import Any

from auditor.api import audit_text
from auditor.check.document import context_for
from auditor.findings.config import Config
from auditor.model import Finding
from auditor.packs.load import RuleSet


def findings_of(ruleset: RuleSet, text: str, *names: str, **options: Any) -> list[Finding]:
    """Audit `text` with only the rules named `names` (and user `options`) and return every finding (no cap)."""
    only = ruleset.select(lambda rule: rule.name in names)
    return audit_text(text, ruleset=only, context=context_for(only, **options), config=Config(max_findings_per_rule=0)).findings


def flagged_texts(ruleset: RuleSet, texts: tuple[str, ...], *names: str) -> list[str]:
    """Return the texts in which the rules named `names` report anything (for lists of texts that must stay silent)."""
    return [text for text in texts if findings_of(ruleset, text, *names)]
