"""`segment-consistency`: one source segment translated two ways, or two source segments translated alike."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, check_message_template
from auditor.kinds.helpers.aligned import target_segments
from auditor.model import Finding, RelatedLocation, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


def _key(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, kw_only=True)
class SegmentConsistency(Rule):
    """Within one translation file, flag a segment whose source was translated differently
    before, and (`same_target_message`) one whose target repeats the translation of a
    different source. Segments shorter than `min_letters` letters are left alone ("Yes").
    The finding points at the later segment; the earlier one is its related location.
    Message names: `match` (the target), `earlier` (the other translation), `source`.
    """

    same_target_message: str
    min_letters: int = 3

    def __post_init__(self) -> None:
        check_message_template(self.message)
        check_message_template(self.same_target_message)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        by_source: dict[str, tuple[str, Span]] = {}
        by_target: dict[str, tuple[str, Span]] = {}
        for segment, target in target_segments(document):
            source, translation = _key(segment.source), _key(target)
            if sum(char.isalpha() for char in source) < self.min_letters or sum(char.isalpha() for char in translation) < self.min_letters:
                continue
            earlier = by_source.setdefault(source, (translation, segment.target))
            other = by_target.setdefault(translation, (source, segment.target))
            if earlier[0] != translation:
                yield self.finding(
                    segment.target,
                    related=(RelatedLocation(earlier[1], "the earlier translation"),),
                    match=translation,
                    earlier=earlier[0],
                    source=source,
                )
            elif other[0] != source:
                yield self.finding(
                    segment.target,
                    template=self.same_target_message,
                    related=(RelatedLocation(other[1], "the same translation of another source"),),
                    match=translation,
                    earlier=other[0],
                    source=source,
                )
