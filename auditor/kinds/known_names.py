"""`known-name`: a near miss of a gazetteer name ("Hua Chuning" for "Hua Chunying")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.model import Applicability, Finding, Severity
from auditor.resources.gazetteer import EntityType, index_for
from auditor.resources.mentions import Mention, mentions
from auditor.resources.world_places import is_known_place

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class KnownName(Rule):
    """Flag a name-like span that is a near miss (or a listed misspelling) of a gazetteer entry.

    Only entries of `types` (person, place, organisation) are considered. A listed misspelling
    is fixed at the rule's `fix` level and severity; a fuzzy near miss is at most `unsafe`, and a
    weak one (two edits, or a single word) is at most a warning. A span that is itself a listed
    form of any entry is never flagged. Message names: `match`, `canonical`, `type`, `role`,
    `pack`, `how` ("a listed misspelling" or "one edit away" ...).
    """

    types: tuple[str, ...]
    _types: frozenset[EntityType] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        allowed = {t.value for t in EntityType}
        unknown = [t for t in self.types if t not in allowed]
        if not self.types or unknown:
            raise RuleDataError("types", f"'types' must list some of {', '.join(sorted(allowed))}")
        object.__setattr__(self, "_types", frozenset(EntityType(t) for t in self.types))

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        index = index_for(context.resources)
        if index is None:
            return
        for mention in mentions(document, index, context.accepted_words):
            if mention.accepted or mention.entity.type not in self._types:
                continue
            if mention.entity.type is EntityType.PLACE and not mention.form.misspelling:
                if is_known_place(mention.written):  # loaded only for a text with a near miss of a place
                    continue  # a real place of the world's data near a listed one ("Pyeongyang" is listed wrong)
            yield self._finding(document, mention)

    def _finding(self, document: "Document", mention: Mention) -> Finding:
        entity = mention.entity
        canonical = entity.name.upper() if mention.written.isupper() else entity.name
        suggestions = [canonical]
        if not mention.form.misspelling and mention.form.text != entity.name:
            suggestions.append(mention.form.text)
        listed = mention.form.misspelling
        sure = listed or (mention.distance == 1 and len(mention.form.words) > 1)
        how = "a listed misspelling" if listed else f"{mention.distance} edit{'s' if mention.distance > 1 else ''} away"
        return self.finding(
            mention.span,
            canonical,
            suggestions=suggestions,
            severity=None if sure else min(self.severity, Severity.WARNING),
            applicability=None if listed else Applicability.UNSAFE,
            match=document.slice(mention.span),
            canonical=entity.name,
            type=entity.type.label,
            role=entity.role or ("an organisation" if entity.type is EntityType.ORGANISATION else f"a {entity.type.label}"),
            pack=entity.pack,
            how=how,
        )
