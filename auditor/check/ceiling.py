"""A ceiling on the findings one rule keeps for one document while reports are capped (`findings.cap`).

A text of quotation marks gives a finding per character: 750,000 findings of a 1 MB text
take half a gigabyte and seconds in every later step. At the ceiling (`CEILING_FACTOR`
times `max-findings-per-rule`, so that suppression comments and a baseline, which drop
findings later, still leave the cap's worth) the check stage stops asking the rule for
more; one `Overflow` says there are more, and `findings.cap` folds it into its note ("N or
more findings ... not shown"). Only where no later filter can drop findings by the thousand:
plain text without suppression comments, in a run without a baseline (`may_stop_early`,
`findings.pipeline.audit_documents`); `fix` and `baseline create` run without a ceiling.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from auditor.model import Finding, Severity, Span
from auditor.text.document import Document

CEILING_FACTOR = 10
NOTE_ID = "AU002"
NOTE_NAME = "findings-capped"


@dataclass(frozen=True, slots=True)
class Overflow(Finding):
    """Findings of `capped_rule` past the ceiling, the first at `span`, not asked for."""

    capped_rule: str = ""


def note(first_hidden: Span, rule_id: str, hidden: int, limit: int, *, or_more: bool = False) -> Finding:
    """Return the note that `hidden` findings of `rule_id` past `limit` (`or_more`: at least so many) are not shown."""
    count = f"{hidden:,} or more" if or_more else f"{hidden:,} more"
    return Finding(
        rule_id=NOTE_ID,
        rule_name=NOTE_NAME,
        severity=Severity.INFO,
        message=f"{count} findings of {rule_id} not shown (max-findings-per-rule = {limit:,}; `auditor fix` fixes them all)",
        span=Span(first_hidden.start, first_hidden.start),
        family="suppression",
    )


def may_stop_early(document: Document) -> bool:
    """Whether no filter after the check stage can drop a rule's findings by the thousand.

    The markup filter drops findings in blanked markup, suppression comments (which all
    contain `auditor-`) drop what they cover: stopped early, the note could count findings
    that would never have been reported.
    """
    return document.text is document.original and "auditor-" not in document.original


def bounded(findings: Iterator[Finding], ceiling: int) -> list[Finding]:
    """Return the first `ceiling` findings, and an `Overflow` when there is one more (the rest is never made)."""
    kept = list(islice(findings, ceiling))
    first = next(findings, None)
    if first is None:
        return kept
    start = Span(first.span.start, first.span.start)
    base = note(start, first.rule_id, 1, ceiling, or_more=True)
    kept.append(Overflow(base.rule_id, base.rule_name, base.severity, base.message, start, family=base.family, capped_rule=first.rule_id))
    return kept
