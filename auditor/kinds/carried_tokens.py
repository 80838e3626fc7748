"""`carried-tokens`: URLs, e-mail addresses, hashtags, placeholders and tags of the source missing from the translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.aligned import target_segments
from auditor.kinds.helpers.patterns import reject_catastrophic
from auditor.model import Finding

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class CarriedTokens(Rule):
    """Flag a target that lacks a token its source has: each of `tokens` (what -> regex)
    matched in the source must stand in the target verbatim, as often.

    The finding covers the target segment (the token is not there to point at).
    Message names: `match` (the token), `what` (its kind: url, email, ...), `source`.
    """

    tokens: dict[str, str]
    _compiled: dict[str, re.Pattern[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        compiled = {}
        for what, pattern in self.tokens.items():
            try:
                compiled[what] = re.compile(pattern)
            except re.error as error:
                raise RuleDataError("tokens", f"bad regex for {what!r}: {error}") from None
            reject_catastrophic(pattern, "tokens", 0)
        object.__setattr__(self, "_compiled", compiled)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        for segment, target in target_segments(document):
            reported = set()
            for what, pattern in self._compiled.items():
                for match in pattern.finditer(segment.source):
                    token = match.group()
                    if token in reported or segment.source.count(token) <= target.count(token):
                        continue
                    reported.add(token)
                    yield self.finding(segment.target, match=token, what=what, source=segment.source)
