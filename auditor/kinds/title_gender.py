"""`title-gender`: a gendered title beside a known person of the other gender ("spokesman Hua Chunying")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.patterns import match_case
from auditor.model import Applicability, Finding, RelatedLocation, Span
from auditor.resources.gazetteer import Entity, EntityType, Gender, index_for
from auditor.resources.mentions import mentions, references

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

# An apposition after a name: ", the ministry's spokeswoman," / ", chairman of the ...".
_AFTER_RE = re.compile(r",\s+((?:[^\W\d_]+(?:['’]s)?\s+){0,5}?)([^\W\d_]+)(?=\s*[,.;:)]|\s+(?:of|for|at|to|in)\b)")
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "its", "their"})


@dataclass(frozen=True, kw_only=True)
class TitleGender(Rule):
    """Flag a gendered title next to a gazetteer person whose gender is on record.

    `for_women` maps a title used for a man to the one for a woman ("spokesman": "spokeswoman");
    `for_men` the other way ("spokeswoman": "spokesman"). The title must stand right before the
    name (or a later short reference such as "Hua") or open an apposition after it ("Hua
    Chunying, the ministry's spokesman,"). A title with no named person is never checked.
    Message names: `match`, `replacement`, `person`, `role`, `gender`, `pack`.
    """

    for_women: dict[str, str]
    for_men: dict[str, str]
    _titles: dict[str, tuple[Gender, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.for_women or not self.for_men:
            raise RuleDataError("for_women", "'for_women' and 'for_men' must both list titles")
        titles: dict[str, tuple[Gender, str]] = {}
        # A title written for a man is wrong for a woman, and the other way round.
        for male, female in self.for_women.items():
            titles[male.lower()] = (Gender.MALE, female)
        for female, male in self.for_men.items():
            titles[female.lower()] = (Gender.FEMALE, male)
        object.__setattr__(self, "_titles", titles)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        index = index_for(context.resources)
        if index is None:
            return
        people: list[tuple[Span, Entity, Span | None, bool]] = [
            (m.span, m.entity, None, m.accepted)
            for m in mentions(document, index, context.accepted_words)
            if m.entity.type is EntityType.PERSON and m.entity.gender is not None
        ]
        people += [
            (r.span, r.entity, r.first.span, r.first.accepted)
            for r in references(document, index, context.accepted_words)
            if not r.given and r.entity.gender is not None
        ]
        seen: set[Span] = set()
        for span, entity, first, exact in sorted(people, key=lambda p: p[0].start):
            for title in self._titles_beside(document.text, span):
                if title in seen:
                    continue
                seen.add(title)
                finding = self._finding(document, title, entity, first, exact)
                if finding is not None:
                    yield finding

    def _titles_beside(self, text: str, span: Span) -> Iterator[Span]:
        before = _word_before(text, span.start)
        if before is not None and text[before.start : before.end].lower() in self._titles:
            yield before
        after = _AFTER_RE.match(text, span.end, min(len(text), span.end + 120))
        if after is not None and after.group(2).lower() in self._titles:
            lead = after.group(1).split()
            if not lead or lead[0].lower() in _APPOSITION_OPENERS or lead[0].endswith(("'s", "’s")):
                yield Span(after.start(2), after.end(2))

    def _finding(self, document: "Document", title: Span, entity: Entity, first: Span | None, exact: bool) -> Finding | None:
        written = document.slice(title)
        gender, replacement = self._titles[written.lower()]
        if gender is entity.gender:
            return None
        replacement = match_case(written, replacement)
        related = [RelatedLocation(first, f"first named here as {entity.name}")] if first is not None else []
        return self.finding(
            title,
            replacement,
            related=related,
            applicability=None if exact else Applicability.UNSAFE,
            match=written,
            replacement=replacement,
            person=entity.name,
            role=entity.role or "a person in the gazetteer",
            gender="woman" if entity.gender is Gender.FEMALE else "man",
            pack=entity.pack,
        )


def _word_before(text: str, position: int) -> Span | None:
    """Return the word right before `position`, across white space, a comma or an "Mr." full stop."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == position:
        return None
    if end > 0 and text[end - 1] == ",":
        end -= 1
    if end > 0 and text[end - 1] == ".":
        end -= 1
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return Span(start, end) if start < end else None
