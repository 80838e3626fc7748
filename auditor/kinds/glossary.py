"""`glossary`: a source term of the project's term base whose required translation is absent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, check_message_template
from auditor.kinds.helpers.aligned import target_segments
from auditor.model import Finding

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

GLOSSARY_OPTION = "glossary"  # the context option with the run's term base: (source term, target term) pairs


@dataclass(frozen=True, kw_only=True)
class Glossary(Rule):
    """Flag a segment whose source holds a term of the term base while its target lacks the
    required translation (compared case-insensitively).

    The terms are the pack's `terms` plus the run's glossary files (`glossary` in the
    config, or `--glossary FILE`; CSV with `source` and `target` columns), which reach the
    rule as the context option `glossary`. Message names: `match` (the source term), `expected`.
    """

    terms: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_message_template(self.message)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        terms = [*self.terms.items(), *context.options.get(GLOSSARY_OPTION, ())]
        if not terms:
            return
        for segment, target in target_segments(document):
            folded_source, folded_target = segment.source.casefold(), target.casefold()
            for term, required in terms:
                if term.casefold() in folded_source and required.casefold() not in folded_target:
                    yield self.finding(segment.target, suggestions=(required,), match=term, expected=required)
