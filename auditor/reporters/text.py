"""`text`: one line per finding, `path:line:col: severity [RULE] message -> suggestion`."""

from __future__ import annotations

from auditor.run import RunResult


def render(run: RunResult) -> str:
    lines = []
    for result, finding in run.findings():
        line, column = result.document.source.position(finding.span.start)
        suggestion = f" -> {finding.suggestions[0]!r}" if finding.suggestions else ""
        lines.append(f"{result.path}:{line}:{column}: {finding.severity.label} [{finding.rule_id}] {finding.message}{suggestion}")
    counts = run.count_by_severity()
    total = sum(counts.values())
    breakdown = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
    lines.append(f"{len(run.results)} files audited, {total} findings" + (f" ({breakdown})" if breakdown else ""))
    return "\n".join(lines) + "\n"
