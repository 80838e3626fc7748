"""The cap on findings per rule and document (`max-findings-per-rule`, 1,000 by default).

A text made of quotation marks gives a finding per character; a report of 750,000 of them
helps nobody and takes minutes to render. This filter runs last in `findings.pipeline.FILTERS`,
so it counts what the other filters left: the first `limit` findings of each rule in text
order are kept, and the rest become one info finding per rule (AU002, "N more findings of
RULE not shown") placed where the first finding left out starts, which every report format
shows like any finding. While reports are capped, the check stage stops a rule at ten times
the cap in plain text without suppression comments, in runs without a baseline
(`check.ceiling`): the note then says "N or more". `fix` and `baseline create` audit without the
cap (`audit_documents(capped=False)`): they act on every finding, and a baseline records them
all, so the cap never makes recorded findings look new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from auditor.check.ceiling import Overflow, note
from auditor.model import Finding, Span

DEFAULT_MAX_FINDINGS_PER_RULE = 1000


def cap(findings: Sequence[Finding], limit: int) -> tuple[list[Finding], bool]:
    """Return the first `limit` findings of each rule in order, with a note per rule for the rest; and whether any were left out."""
    seen: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    stopped: set[str] = set()  # rules the check stage stopped at its ceiling
    first_hidden: dict[str, Span] = {}
    kept: list[Finding] = []
    for finding in findings:
        rule_id = finding.capped_rule if isinstance(finding, Overflow) else finding.rule_id
        if isinstance(finding, Overflow):
            stopped.add(rule_id)
        else:
            seen[rule_id] += 1
            if seen[rule_id] <= limit:
                kept.append(finding)
                continue
        hidden[rule_id] += 1
        first_hidden[rule_id] = min(first_hidden.get(rule_id, finding.span), finding.span)
    if not first_hidden:
        return kept, False
    kept += [note(span, rule_id, hidden[rule_id], limit, or_more=rule_id in stopped) for rule_id, span in first_hidden.items()]
    return sorted(kept, key=lambda f: (f.span.start, f.span.end, f.rule_id)), True
