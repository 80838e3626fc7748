"""What rules may consult besides the document: the rule set's shared data, user settings and engines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Signal:
    """One thing an optional engine found in a text: ``text[start:end]``, values for the rule's
    message template and replacement suggestions (best first)."""

    start: int
    end: int
    values: Mapping[str, Any] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()


class Engine(Protocol):
    """An optional engine (``auditor.engines``) as rules see it, loaded once per process."""

    name: str

    def signals(self, text: str, signal: str) -> Sequence[Signal]:
        """What the engine finds of kind ``signal`` in ``text`` (offsets into ``text``)."""
        ...

    def stories(self, texts: Mapping[str, str]) -> list[list[str]] | None:
        """Groups of paths whose texts report the same story, or None when the engine cannot tell."""
        ...


@dataclass(frozen=True)
class CheckContext:
    """Shared, read-only inputs of one audit run.

    `resources` holds data that packs contribute beside rules (a gazetteer, a vocabulary);
    kinds look them up by name. `accepted_words` is the project vocabulary: words and names
    the user declared correct, never flagged as misspellings. `engines` are the optional engines
    enabled for the run (name -> engine): a rule of an engine runs only when it is there.
    `stories` are the groups of paths that report one story (set by the check stage when an
    engine links stories): cross-document rules judge each group on its own.
    """

    resources: dict[str, Any] = field(default_factory=dict)
    accepted_words: frozenset[str] = frozenset()
    options: dict[str, Any] = field(default_factory=dict)
    ceiling: int | None = None  # findings per rule and document kept while reports are capped (`check.ceiling`)
    engines: Mapping[str, Engine] = field(default_factory=dict)
    stories: tuple[tuple[str, ...], ...] | None = None

    def runs(self, engine: str) -> bool:
        """Whether rules of ``engine`` run: built-in rules (``rules``) always, others when enabled."""
        return engine == BUILT_IN_ENGINE or engine in self.engines


BUILT_IN_ENGINE = "rules"
