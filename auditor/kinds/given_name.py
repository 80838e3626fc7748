"""`given-name-reference`: a given name used as the surname ("Chunying claimed" for "Hua claimed")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.gazetteer import index_for
from auditor.kinds.base import Rule, check_message_template
from auditor.mentions import references
from auditor.model import Applicability, Finding, RelatedLocation

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.document import Document


@dataclass(frozen=True, kw_only=True)
class GivenNameReference(Rule):
    """Flag a later reference to a family-name-first person by the given name alone.

    Chinese and Korean names put the family name first, so "Hua Chunying" is "Hua" on second
    reference; a translation that treats the last word as the surname writes "Chunying". Only
    people in the gazetteer marked `order: family-first` whose full name appeared earlier in
    the text are checked; the fix writes the person's second-reference form (`short`, else the
    family name). Message names: `match`, `replacement`, `person`, `role`, `pack`.
    """

    def __post_init__(self) -> None:
        check_message_template(self.message)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        index = index_for(context.resources)
        if index is None:
            return
        for reference in references(document, index, context.accepted_words):
            if not reference.given:
                continue
            entity = reference.entity
            written = document.slice(reference.span)
            replacement = entity.second_reference
            yield self.finding(
                reference.span,
                replacement,
                related=[RelatedLocation(reference.first.span, f"full name: {entity.name}")],
                applicability=None if reference.first.accepted else Applicability.UNSAFE,
                match=written,
                replacement=replacement,
                person=entity.name,
                role=entity.role or "a person in the gazetteer",
                pack=entity.pack,
            )
