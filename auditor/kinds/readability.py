"""`readability`: a sentence, paragraph or whole text that misses its audience's targets (Vale's `metric`)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.model import Finding
from auditor.resources.profiles import TARGET_NAMES, Profile, profile_for
from auditor.text.readability import MEASURES, SCORE_NAMES, Segment

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


class Scope(enum.Enum):
    """Which segments a readability rule measures."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    DOCUMENT = "document"

    @classmethod
    def parse(cls, value: str) -> "Scope":
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown scope {value!r} (expected sentence, paragraph or document)") from None


@dataclass(frozen=True, kw_only=True)
class Readability(Rule):
    """Flag each segment of `scope` whose measures exceed the run's profile targets.

    `limits` maps a measure (a count such as `words` or `sentences`, or a score such as
    `grade`, the consensus grade) to the profile target it may not exceed; the first one
    exceeded is reported. A segment exceeding any of `unless` is left to a stronger rule
    (a very hard sentence is not also a hard one). The span is the whole segment.
    Message names: `measure`, `value`, `target`, `profile`, `match` (the segment's opening words).
    """

    scope: Scope
    limits: dict[str, str]
    unless: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.limits:
            raise RuleDataError("limits", "'limits' must not be empty")
        for key in ("limits", "unless"):
            for measure, target in getattr(self, key).items():
                if measure not in MEASURES:
                    raise RuleDataError(key, f"unknown measure {measure!r} (known: {', '.join(sorted(MEASURES))})")
                if target not in TARGET_NAMES:
                    raise RuleDataError(key, f"unknown profile target {target!r} (known: {', '.join(TARGET_NAMES)})")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        profile = profile_for(context)
        if profile is None:
            return
        for segment in self._segments(document.readability):
            if not segment.count("words") or _exceeded(segment, self.unless, profile):
                continue
            exceeded = _exceeded(segment, self.limits, profile)
            if exceeded:
                measure, value, target = exceeded
                yield self.finding(
                    segment.span,
                    measure=measure.replace("_", " "),
                    value=_format(value),
                    target=_format(target),
                    profile=profile.name,
                    match=" ".join(document.slice(segment.span).split()[:6]),
                )

    def _segments(self, analysis: Segment) -> Iterator[Segment]:
        if self.scope is Scope.DOCUMENT:
            yield analysis
        elif self.scope is Scope.PARAGRAPH:
            yield from analysis.parts
        else:
            for paragraph in analysis.parts:
                yield from paragraph.parts


def _exceeded(segment: Segment, limits: dict[str, str], profile: Profile) -> tuple[str, float, float] | None:
    for measure, target_name in limits.items():
        value = getattr(segment.scores, measure) if measure in SCORE_NAMES else segment.count(measure)
        target = getattr(profile, target_name)
        if value > target:
            return measure, value, target
    return None


def _format(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.1f}"
