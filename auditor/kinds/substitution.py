"""`substitution`: a phrase or pattern that should be written another way (Vale's kind)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.literals import required_literals
from auditor.kinds.helpers.patterns import (
    compile_alternation,
    compile_exceptions,
    entry_group_offset,
    entry_index,
    match_case,
    shift_group_references,
)
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class Substitution(Rule):
    """Flag each key of `swap` and propose its value.

    Keys are literal phrases (white space matches any white space) unless `regex` is set,
    in which case values may use `\\1`-style group references. With `preserve_case` the
    replacement takes the capitalisation of the match ("Since" -> "For" at a sentence start).
    With `whole_words: false` a key may match inside or between words (punctuation debris).
    Message names: `match`, `replacement`.
    """

    swap: dict[str, str]
    ignorecase: bool = False
    regex: bool = False
    preserve_case: bool = True
    whole_words: bool = True
    exceptions: tuple[str, ...] = ()
    _templates: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _exceptions: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _literals: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.swap:
            raise RuleDataError("swap", "'swap' must not be empty")
        pattern = compile_alternation(
            tuple(self.swap), key="swap", regex=self.regex, ignorecase=self.ignorecase, whole_words=self.whole_words
        )
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_exceptions", compile_exceptions(self.exceptions))
        object.__setattr__(self, "_literals", required_literals(pattern))
        templates = tuple(self.swap.values())
        if self.regex:
            # A key's `\1` is a later group of the whole pattern, after the groups of the keys before it.
            templates = tuple(
                shift_group_references(template, entry_group_offset(pattern, index)) for index, template in enumerate(templates)
            )
        object.__setattr__(self, "_templates", templates)

    def required_literals(self) -> frozenset[str] | None:
        return self._literals

    def match_patterns(self) -> tuple[re.Pattern[str], ...]:
        return (self._pattern,)  # every finding starts from a match of it

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        for match in self._pattern.finditer(document.text):
            matched = match.group()
            if self._exceptions is not None and self._exceptions.fullmatch(matched):
                continue
            if matched.lower() in context.accepted_words:
                continue
            template = self._templates[entry_index(match)]
            replacement = match.expand(template) if self.regex else template
            if self.preserve_case:
                replacement = match_case(matched, replacement)
            if replacement == matched:
                continue
            yield self.finding(Span(match.start(), match.end()), replacement, match=matched, replacement=replacement)
