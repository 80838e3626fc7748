"""The result of one run over many files: what every reporter is fed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
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
    stream: Iterator[Result] | None = None  # results still to come (a streamed run): read them with `each_result`
    streamed: Counter[Severity] = field(default_factory=Counter)  # the findings of the results streamed so far
    streamed_files: int = 0
    interrupted: int | None = None  # Ctrl-C stopped the run: the number of documents checked, whose results these are

    def each_result(self) -> Iterator[Result]:
        """Yield every result once: those held, then those streamed (counted, not held), for reporters that write as they go."""
        yield from self.results
        stream, self.stream = self.stream, None
        for result in stream or ():
            self.streamed.update(finding.severity for finding in result.findings)
            self.streamed_files += 1
            yield result

    def findings(self) -> list[tuple[Result, Finding]]:
        return [(result, finding) for result in self.results for finding in result.findings]

    def files(self) -> int:
        """How many files were audited (held and streamed)."""
        return len(self.results) + self.streamed_files

    def count_by_severity(self) -> dict[str, int]:
        counts = Counter(finding.severity for _, finding in self.findings()) + self.streamed
        return {severity.label: counts.get(severity, 0) for severity in sorted(Severity, reverse=True)}

    def at_or_above(self, level: Severity) -> int:
        return sum(count for label, count in self.count_by_severity().items() if Severity.parse(label) >= level)
