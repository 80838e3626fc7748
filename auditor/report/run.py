"""The result of one run over many files: what every reporter is fed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from auditor.check.document import Result
from auditor.findings.config import Config
from auditor.model import Finding, Severity
from auditor.packs.load import RuleSet
from auditor.read.inputs import InputError, SourceFile


@dataclass
class RunResult:
    """All results of a run in input order, plus the inputs that could not be audited."""

    results: list[Result] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)  # by path: encoding, BOM, bytes read
    ruleset: RuleSet | None = None  # the rules that ran: rule docs for reporters, re-audits for fixes
    config: Config | None = None  # the project config that shaped the findings: fail-on, re-audits for fixes

    def findings(self) -> list[tuple[Result, Finding]]:
        return [(result, finding) for result in self.results for finding in result.findings]

    def count_by_severity(self) -> dict[str, int]:
        counts = Counter(finding.severity for _, finding in self.findings())
        return {severity.label: counts.get(severity, 0) for severity in sorted(Severity, reverse=True)}

    def at_or_above(self, level: Severity) -> int:
        return sum(1 for _, finding in self.findings() if finding.severity >= level)
