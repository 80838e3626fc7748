"""The LanguageTool engine as the check stage sees it (`auditor.context.ReportingEngine`).

Loading probes the server (`/v2/languages`) once, so a missing server is one line before the
audit starts. `report` sends every document's text (the prose view of Markdown and HTML, so
offsets point into the file) in one `check_texts` call and turns the matches into ordinary
findings (`LT:<id>`, engine `languagetool`); a match with the same span and correction as one
of auditor's findings is not reported again but named in that finding's `also`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from auditor.context import EngineReport, EngineRule, Signal
from auditor.engines.languagetool.client import LanguageToolClient
from auditor.engines.languagetool.dedup import agreements
from auditor.engines.languagetool.engine import Match, check_texts
from auditor.engines.languagetool.settings import LanguageToolSettings
from auditor.model import Applicability, Edit, Finding, Fix, Severity, Span

ENGINE_NAME = "languagetool"
MAX_SUGGESTIONS = 5  # the speller offers dozens; the first few are the likely ones
_SUGGESTION_MARKUP = re.compile(r"<suggestion>(.*?)</suggestion>")


def load_engine(settings: LanguageToolSettings) -> "LanguageToolEngine":
    """The engine, once its server answers and offers the language (raises EngineUnavailable)."""
    client = LanguageToolClient(settings)
    client.ensure_available()
    return LanguageToolEngine(settings, client)


class LanguageToolEngine:
    name = ENGINE_NAME

    def __init__(self, settings: LanguageToolSettings, client: LanguageToolClient) -> None:
        self.settings = settings
        self.client = client

    def signals(self, text: str, signal: str) -> Sequence[Signal]:
        return ()  # no pack rule reads LanguageTool: its findings come from `report`

    def stories(self, texts: Mapping[str, str]) -> list[list[str]] | None:
        return None

    def report(self, texts: Sequence[str], findings: Sequence[Sequence[Finding]]) -> list[EngineReport]:
        matches = check_texts(texts, self.settings, client=self.client)
        return [merged(own, found) for own, found in zip(findings, matches)]


def merged(own: Sequence[Finding], matches: Sequence[Match]) -> EngineReport:
    """auditor's findings (those LanguageTool agreed with name it in `also`) plus the other matches."""
    agreement = agreements([(f.span.start, f.span.end, correction(f)) for f in own], matches)
    findings = [
        replace(finding, also=finding.also + tuple(i for i in agreement.also[index] if i not in finding.also))
        if index in agreement.also
        else finding
        for index, finding in enumerate(own)
    ]
    findings += [as_finding(match) for index, match in enumerate(matches) if index not in agreement.dropped]
    rules = {match.auditor_rule_id: engine_rule(match) for match in matches}
    return EngineReport(findings, rules)


def correction(finding: Finding) -> str | None:
    """What a finding proposes for its own span: its fix's one edit there, else its first suggestion."""
    if finding.fix is not None and len(finding.fix.edits) == 1 and finding.fix.edits[0].span == finding.span:
        return finding.fix.edits[0].replacement
    return finding.suggestions[0] if finding.suggestions else None


def as_finding(match: Match) -> Finding:
    """A match as a finding: one replacement is an unsafe fix, several a display-only one."""
    span = Span(match.start, match.end)
    suggestions = match.replacements[:MAX_SUGGESTIONS]
    fix = None
    if suggestions:
        applicability = Applicability.UNSAFE if len(match.replacements) == 1 else Applicability.DISPLAY_ONLY
        fix = Fix((Edit(span, suggestions[0]),), applicability)
    return Finding(
        rule_id=match.auditor_rule_id,
        rule_name=match.description or match.rule_id,
        severity=Severity.parse(match.severity),
        message=_SUGGESTION_MARKUP.sub(r"“\1”", match.message),
        span=span,
        fix=fix,
        suggestions=suggestions,
        engine=ENGINE_NAME,
        family=match.family,
    )


def engine_rule(match: Match) -> EngineRule:
    return EngineRule(
        id=match.auditor_rule_id,
        engine=ENGINE_NAME,
        description=match.description or match.rule_id,
        category=match.category,
        family=match.family,
        severity=Severity.parse(match.severity),
    )
