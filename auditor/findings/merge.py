"""One problem, one finding: findings of several rules that propose the same correction at the same place become one.

Two findings are the same problem when their spans overlap (or are the same insertion
point) and applying the first suggestion of each to the text yields the same text over
both spans, or when neither proposes anything and both cover exactly the same span with
the same fix. The finding kept is the most specific one's (`specificity`); it lists the
others' rule ids in `also`, takes the highest severity of the group and the others' related
locations (the other file's spelling), and keeps a fix when only another one had it. Any producer fits: an engine's finding (LanguageTool, a model)
that agrees with a rule's is folded into the rule's, and the engine is named in `also`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from auditor.kinds.base import Rule
from auditor.model import Finding, Span


def specificity(finding: Finding, rules: Mapping[str, Rule]) -> tuple[int, int, int, int]:
    """Rank a finding: a pack rule over an engine, a rule that knows the right form over one
    that infers it from the text's majority (`Rule.DEFERS`), then severity, then fix safety."""
    rule = rules.get(finding.rule_id)
    listed = rule is not None and finding.engine == "rules"
    knows = listed and not (rule is not None and rule.DEFERS)
    safety = int(finding.fix.applicability) if finding.fix is not None else -1
    return (int(listed), int(knows), int(finding.severity), safety)


def _meets(a: Span, b: Span) -> bool:
    return a.overlaps(b) or a == b


def _corrected(text: str, finding: Finding, union: Span) -> str | None:
    if not finding.suggestions:
        return None
    return text[union.start : finding.span.start] + finding.suggestions[0] + text[finding.span.end : union.end]


def same_problem(text: str, a: Finding, b: Finding) -> bool:
    """Whether `a` and `b` report one problem: the same correction at overlapping spans."""
    if not _meets(a.span, b.span):
        return False
    if not a.suggestions and not b.suggestions:
        return a.span == b.span and a.fix is not None and a.fix == b.fix
    union = Span(min(a.span.start, b.span.start), max(a.span.end, b.span.end))
    corrected = _corrected(text, a, union)
    return corrected is not None and corrected == _corrected(text, b, union)


def _fold(kept: Finding, others: Sequence[Finding]) -> Finding:
    also = dict.fromkeys(rule_id for f in (kept, *others) for rule_id in (f.rule_id, *f.also) if rule_id != kept.rule_id)
    fix = kept.fix if kept.fix is not None else next((f.fix for f in others if f.fix is not None), None)
    severity = max((kept, *others), key=lambda f: f.severity).severity
    related = tuple(dict.fromkeys(r for f in (kept, *others) for r in f.related))
    return dataclasses.replace(kept, also=tuple(also), fix=fix, severity=severity, related=related)


@dataclasses.dataclass(slots=True)
class _Group:
    end: int  # where its last-ending finding ends
    findings: list[Finding]


def merge_duplicates(text: str, findings: Sequence[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """Return `findings` (in their order) with each group reporting one problem folded into its most specific finding."""
    by_id = {rule.id: rule for rule in rules}
    groups: list[_Group] = []
    open_groups: list[_Group] = []  # the groups a later span may still meet
    for finding in sorted(findings, key=lambda f: (f.span.start, f.span.end)):
        open_groups = [g for g in open_groups if g.end >= finding.span.start]
        group = next((g for g in open_groups if any(same_problem(text, finding, other) for other in g.findings)), None)
        if group is None:
            group = _Group(finding.span.end, [finding])
            groups.append(group)
            open_groups.append(group)
        else:
            group.findings.append(finding)
            group.end = max(group.end, finding.span.end)
    kept: dict[int, Finding] = {}
    for group in groups:
        if len(group.findings) == 1:
            kept[id(group.findings[0])] = group.findings[0]
            continue
        ranked = sorted(group.findings, key=lambda f: specificity(f, by_id), reverse=True)
        kept[id(ranked[0])] = _fold(ranked[0], ranked[1:])
    return [kept[id(f)] for f in findings if id(f) in kept]
