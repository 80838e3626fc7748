"""Frozen values shared by every stage: spans, edits, fixes and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How sure and how serious a finding is; ordered so that `>=` compares levels."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


class Applicability(enum.IntEnum):
    """Whether `auditor fix` may apply a fix: display-only < unsafe < safe (Ruff's model)."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, value: str) -> "Applicability":
        try:
            return cls[value.strip().upper().replace("-", "_")]
        except KeyError:
            raise ValueError(f"unknown fix applicability {value!r} (expected safe, unsafe or display-only)") from None


class PickledByFields:
    """Pickle a frozen dataclass as its class and field values (a mixin for slots dataclasses).

    A slots dataclass pickles through `dataclasses.fields()` per object, some 40 µs: a run spools
    each document's findings and batch summaries (`check.spool`) and workers send them back, by
    the hundred thousand.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, name) for name in getattr(type(self), "__match_args__"))


@dataclass(frozen=True, slots=True, order=True)
class Span(PickledByFields):
    """Half-open code-point range `[start, end)` into a document's decoded text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def shifted(self, delta: int) -> "Span":
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True, slots=True)
class Edit(PickledByFields):
    """Replace the text under `span` with `replacement` (empty replacement deletes)."""

    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix(PickledByFields):
    """A set of non-overlapping edits applied together, with the safety of applying them."""

    edits: tuple[Edit, ...]
    applicability: Applicability

    @property
    def span(self) -> Span:
        return Span(min(e.span.start for e in self.edits), max(e.span.end for e in self.edits))


@dataclass(frozen=True, slots=True)
class RelatedLocation(PickledByFields):
    """Another place that explains a finding (the dominant spelling, the first full name)."""

    span: Span
    message: str
    path: str | None = None  # None: the same document as the finding


@dataclass(frozen=True, slots=True)
class Finding(PickledByFields):
    """One problem at one place, with why it is one and what to do about it."""

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    suggestions: tuple[str, ...] = ()
    engine: str = "rules"
    family: str = ""
    related: tuple[RelatedLocation, ...] = field(default=())
    also: tuple[str, ...] = ()  # ids of other rules (or engines) that reported the same problem here


class RuleDataError(ValueError):
    """Raised by a kind's (or a pack resource's) validation; `key` names the offending field for the pack loader."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
