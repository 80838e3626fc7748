"""`length-ratio`: a translation far shorter or longer than its source: text left out or added."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.aligned import han_share, target_segments
from auditor.model import Finding

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class LengthRatio(Rule):
    """Compare each target's letters with its Chinese source's characters.

    `low` and `high` bound the ratio (target letters per source Han character) of
    translations without omissions or additions; fit them on annotated data
    (benchmarks/source_eval.py prints the quantiles). Sources shorter than `min_source`
    characters, or less than half Han, are skipped: their ratio says little.
    Message names: `ratio`, `direction` ("shorter" or "longer"), `expected` (the usual range).
    """

    low: float
    high: float
    min_source: int = 10

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not 0 < self.low < self.high:
            raise RuleDataError("low", "'low' must be above 0 and below 'high'")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        for segment, target in target_segments(document):
            han = sum(1 for char in segment.source if char.isalpha())
            if han < self.min_source or han_share(segment.source) < 0.5:
                continue
            ratio = sum(1 for char in target if char.isalpha()) / han
            if self.low <= ratio <= self.high:
                continue
            yield self.finding(
                segment.target,
                ratio=f"{ratio:.2f}",
                direction="shorter" if ratio < self.low else "longer",
                expected=f"{self.low:g} to {self.high:g}",
            )
