"""`existence`: a phrase or pattern that should not appear at all (Vale's kind)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, check_message_template
from auditor.kinds.helpers.literals import required_literals
from auditor.kinds.helpers.patterns import compile_alternation, compile_exceptions
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class Existence(Rule):
    """Flag each occurrence of `tokens` (literal phrases, or regexes with `regex`).

    With `replacement` set, the fix replaces the match (an empty string deletes it);
    otherwise the finding has no fix. Message names: `match`.
    """

    tokens: tuple[str, ...]
    ignorecase: bool = True
    regex: bool = False
    whole_words: bool = True
    replacement: str | None = None
    exceptions: tuple[str, ...] = ()
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _exceptions: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _literals: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        pattern = compile_alternation(
            self.tokens, key="tokens", regex=self.regex, ignorecase=self.ignorecase, whole_words=self.whole_words
        )
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_exceptions", compile_exceptions(self.exceptions))
        object.__setattr__(self, "_literals", required_literals(pattern))

    def required_literals(self) -> frozenset[str] | None:
        return self._literals

    def match_patterns(self) -> tuple[re.Pattern[str], ...]:
        return (self._pattern,)  # every finding starts from a match of it

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        for match in self._pattern.finditer(document.text):
            if match.end() == match.start():
                continue
            matched = match.group()
            if self._exceptions is not None and self._exceptions.fullmatch(matched):
                continue
            yield self.finding(Span(match.start(), match.end()), self.replacement, match=matched)
