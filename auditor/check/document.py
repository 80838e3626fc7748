"""Check one document on its own: every single-document rule, its readability, its batch summaries."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.check import readability
from auditor.check.ceiling import bounded, may_stop_early
from auditor.context import CheckContext, Engine, EngineRule
from auditor.kinds.base import BatchRule
from auditor.model import Finding
from auditor.packs.load import RuleSet
from auditor.text.document import Document
from auditor.text.source import SourceText


@dataclass
class Result:
    """The audit of one document: its findings in text order plus per-file measurements."""

    document: Document
    findings: list[Finding] = field(default_factory=list)
    readability: dict[str, Any] | None = None
    capped: bool = False  # findings past `max-findings-per-rule` were left out (`findings.cap`)
    engine_rules: dict[str, EngineRule] = field(default_factory=dict)
    """the rules of optional engines (LanguageTool) that the findings name: no pack defines them"""
    related_sources: dict[str, SourceText] = field(default_factory=dict)
    """the other documents that related locations point into (by path), for reports that give their lines"""

    @property
    def path(self) -> str:
        return self.document.path


def add_sentence_scores(results: Iterable["Result"]) -> None:
    """Add the sentence records to the readability object of each result."""
    for result in results:
        if result.readability is not None:
            result.readability["sentences"] = readability.sentence_records(result.document)


def context_for(
    ruleset: RuleSet,
    engines: Mapping[str, Engine] | None = None,
    *,
    on_engine_failure: Callable[[str], None] | None = None,
    **options: Any,
) -> CheckContext:
    """Return the check context for a rule set with user options and the enabled engines
    (`on_engine_failure`: see `CheckContext`)."""
    accepted = frozenset(word.lower() for word in options.pop("accepted_words", ()))
    return CheckContext(
        resources=ruleset.resources,
        accepted_words=accepted,
        options=options,
        engines=dict(engines or {}),
        on_engine_failure=on_engine_failure,
    )


def check_document(document: Document, ruleset: RuleSet, context: CheckContext) -> list[Finding]:
    """Return the findings of every single-document rule in `document` (a rule of an engine
    that is not enabled does not run)."""
    findings: list[Finding] = []
    ceiling = context.ceiling if may_stop_early(document) else None
    cannot_match = ruleset.prefilter.rules_to_skip(document.text)
    for rule in ruleset.rules:
        if not isinstance(rule, BatchRule) and context.runs(rule.engine) and rule.id not in cannot_match:
            found = rule.check(document, context)
            findings.extend(found if ceiling is None else bounded(iter(found), ceiling))
    return findings


# What checking one document on its own yields: findings, readability, pickled summary per batch rule id.
Checked = tuple[list[Finding], dict[str, Any] | None, dict[str, bytes]]


def check_one(document: Document, ruleset: RuleSet, context: CheckContext) -> Checked:
    """Check one document on its own, then drop its segments (`Document.release`).

    Returns its findings, its readability summary and the summary of each batch rule, pickled:
    plain values that a worker process or a cluster sends back (`auditor.check.parallel`) and
    that wait in the run's spool until the merge (a summary pickles several times smaller than
    it sits in memory: the spellings of a megabyte of text, 2.4 MB against 16 MB).
    """
    findings = check_document(document, ruleset, context)
    measured = readability.summary(document, context)
    summaries = {
        rule.id: pickle.dumps(rule.summarize(document, context), pickle.HIGHEST_PROTOCOL) for rule in ruleset.rules if isinstance(rule, BatchRule)
    }
    document.release()
    return findings, measured, summaries
