"""`unused-suppression`: a suppression comment that does nothing (Ruff's RUF100).

Whether a directive silenced anything is known only after every other rule has run, so
`findings.suppress.apply` reports through `unused` and `check` finds nothing on its own. That covers
comments that start `auditor-` but are no directive (a misspelt action) too: they sit in
blanked markup, which the markup stage would otherwise take for a view artefact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, check_message_template
from auditor.model import Edit, Finding, Span
from auditor.read.directives import Directive

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class UnusedSuppression(Rule):
    """Flag suppression comments that silence nothing; the fix deletes them. Message names: `match`, `problem`."""

    def __post_init__(self) -> None:
        check_message_template(self.message)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        return iter(())

    def unused(self, document: "Document", directive: Directive, problem: str, *, fixable: bool = True) -> Finding:
        """Return the finding for a directive that silenced nothing; the fix deletes it."""
        span = directive.span
        edits = (Edit(_deletion(document, span), ""),) if fixable else None
        return self.finding(span, edits=edits, match=_text(document, span), problem=problem)


def _text(document: "Document", span: Span) -> str:
    return document.original[span.start : span.end]


def _deletion(document: "Document", span: Span) -> Span:
    """Return the span to delete: the directive's whole line when nothing else is on it."""
    source = document.source
    line = source.line_index(span.start)
    start = source.line_starts[line]
    end = source.line_starts[line + 1] if line + 1 < source.line_count else len(document.original)
    if document.original[start : span.start].strip() or document.original[span.end : end].strip():
        return span
    return Span(start, end)
