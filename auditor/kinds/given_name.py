"""`given-name-reference`: a given name used as the surname ("Chunying claimed" for "Hua claimed")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.model import Applicability, Finding, RelatedLocation, Span
from auditor.resources.gazetteer import index_for
from auditor.resources.mentions import TITLE_WORDS, references
from auditor.resources.wordfreqs import zipf
from auditor.text.names import fold

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

# One Mandarin syllable in pinyin (tone marks folded away): an optional initial and a final.
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|ue|uo|ui|ve|er|a|o|e|i|u|v)"
)
_PINYIN_GIVEN_RE = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}")
# A hyphenated given name of two romanised syllables: Korean "Jae-in", Taiwanese "Ing-wen".
_HYPHENATED_GIVEN_RE = re.compile(r"[a-z]{1,6}-[a-z]{1,6}")


@dataclass(frozen=True, kw_only=True)
class GivenNameReference(Rule):
    """Flag a later reference to a family-name-first person by the given name alone.

    Chinese and Korean names put the family name first, so "Hua Chunying" is "Hua" on second
    reference; a translation that treats the last word as the surname writes "Chunying". A
    person is known to put the family name first when the gazetteer says so (`order:
    family-first`), or when the name has that shape: one of `family_names` followed by a
    romanised given name (one or two pinyin syllables, or two hyphenated syllables) that is
    no English word. Only a given name written alone after the full name is flagged; the fix
    writes the second-reference form (the gazetteer's `short`, else the family name).
    Message names: `match`, `replacement`, `person`, `role`, `pack`.
    """

    family_names: tuple[str, ...] = ()
    _family_names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if any(not name.strip() or " " in name.strip() for name in self.family_names):
            raise RuleDataError("family_names", "'family_names' must list single words")
        object.__setattr__(self, "_family_names", frozenset(fold(name) for name in self.family_names))

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        index = index_for(context.resources)
        flagged: set[Span] = set()
        for reference in references(document, index, context.accepted_words) if index is not None else ():
            if not reference.given:
                continue
            entity = reference.entity
            flagged.add(reference.span)
            yield self._finding(
                document,
                reference.span,
                entity.second_reference,
                reference.first.span,
                exact=reference.first.accepted,
                person=entity.name,
                role=entity.role or "a person in the gazetteer",
                pack=entity.pack,
            )
        for span, family, first, person in self._shaped_references(document, context):
            if span not in flagged:
                yield self._finding(
                    document, span, family, first, exact=True, person=person, role="a name written family name first", pack=self.pack
                )

    def _shaped_references(self, document: "Document", context: "CheckContext") -> Iterator[tuple[Span, str, Span, str]]:
        """Yield given names used alone after a full name shaped like a Chinese or Korean name."""
        if not self._family_names:
            return
        given_names: dict[str, tuple[str, Span, str]] = {}  # folded given name -> (family name, full name span, full name)
        family_names: set[str] = set()
        for run in document.names:
            words = run.words
            last = len(words) - 1
            if last >= 1 and self._family_first(words[last - 1], words[last], context):
                family = words[last - 1]
                given_names[fold(words[last])] = (family, Span(run.tokens[last - 1].start, run.tokens[last].end), f"{family} {words[last]}")
                family_names.add(fold(family))
                continue
            first = 0
            while first < last and fold(words[first]) in TITLE_WORDS:
                first += 1
            if first != last:
                continue
            written = fold(words[last])
            if written in given_names and written not in family_names:
                family, full_span, person = given_names[written]
                yield run.tokens[last], family, full_span, person

    def _family_first(self, family: str, given: str, context: "CheckContext") -> bool:
        folded = fold(given)
        if fold(family) not in self._family_names or folded in context.accepted_words or zipf(folded) >= 3.0:
            return False
        return _PINYIN_GIVEN_RE.fullmatch(folded) is not None or _HYPHENATED_GIVEN_RE.fullmatch(folded) is not None

    def _finding(
        self, document: "Document", span: Span, replacement: str, first: Span, *, exact: bool, person: str, role: str, pack: str
    ) -> Finding:
        return self.finding(
            span,
            replacement,
            related=[RelatedLocation(first, f"full name: {person}")],
            applicability=None if exact else Applicability.UNSAFE,
            match=document.slice(span),
            replacement=replacement,
            person=person,
            role=role,
            pack=pack,
        )
