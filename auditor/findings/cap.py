"""The cap on findings per rule and document (`max-findings-per-rule`, 1,000 by default).

A text made of quotation marks gives a finding per character; a report of 750,000 of them
helps nobody and takes minutes to render. This filter runs last in `findings.pipeline.FILTERS`,
so it counts exactly what the other filters left: the first `limit` findings of each rule in
text order are kept, and the rest become one info finding per rule (AU002, "N more findings of
RULE not shown") placed where the first finding left out starts, which every report format
shows like any finding. `fix` and `baseline create` audit without the cap
(`audit_documents(capped=False)`): they act on every finding, and a baseline records them
all, so the cap never makes recorded findings look new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from auditor.model import Finding, Severity, Span

DEFAULT_MAX_FINDINGS_PER_RULE = 1000
NOTE_ID = "AU002"
NOTE_NAME = "findings-capped"


def note(first_hidden: Span, rule_id: str, count: int, limit: int) -> Finding:
    """Return the note that `count` findings of `rule_id` past `limit` were left out."""
    return Finding(
        rule_id=NOTE_ID,
        rule_name=NOTE_NAME,
        severity=Severity.INFO,
        message=f"{count:,} more findings of {rule_id} not shown (max-findings-per-rule = {limit:,}; `auditor fix` fixes them all)",
        span=Span(first_hidden.start, first_hidden.start),
        family="suppression",
    )


def cap(findings: Sequence[Finding], limit: int) -> tuple[list[Finding], bool]:
    """Return the first `limit` findings of each rule in order, with a note per rule for the rest; and whether any were left out."""
    seen: Counter[str] = Counter()
    first_hidden: dict[str, Span] = {}
    kept: list[Finding] = []
    for finding in findings:
        seen[finding.rule_id] += 1
        if seen[finding.rule_id] <= limit:
            kept.append(finding)
        else:
            first_hidden.setdefault(finding.rule_id, finding.span)
    if not first_hidden:
        return kept, False
    kept += [note(span, rule_id, seen[rule_id] - limit, limit) for rule_id, span in first_hidden.items()]
    return sorted(kept, key=lambda f: (f.span.start, f.span.end, f.rule_id)), True
