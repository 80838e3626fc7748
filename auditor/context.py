"""What rules may consult besides the document: the rule set's shared data, user settings and engines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from auditor.model import Finding, Severity


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
class EngineRule:
    """One of an engine's own rules as reports describe it (LanguageTool's `EN_A_VS_AN`): no pack defines it."""

    id: str  # as findings name it, `LT:EN_A_VS_AN`
    engine: str
    description: str
    category: str  # the engine's own grouping (LanguageTool's category id, `GRAMMAR`)
    family: str  # the auditor family that category maps to
    severity: Severity


@dataclass
class EngineReport:
    """What an engine that reports findings of its own (`ReportingEngine`) says about one text."""

    findings: list[Finding]
    """the text's findings: auditor's, some with the engine's ids added to `also`, and the engine's own"""
    rules: dict[str, EngineRule] = field(default_factory=dict)
    """the engine's rules those findings name, by id"""


@runtime_checkable
class ReportingEngine(Protocol):
    """An engine whose findings have rule ids of its own (LanguageTool), not an `engine-signal` rule's."""

    name: str

    def report(self, texts: Sequence[str], findings: Sequence[Sequence[Finding]]) -> list[EngineReport]:
        """Each text's findings: auditor's own (`findings`, same order) merged with the engine's.

        Called once per run from the checking process, with every document's text. Raises
        `auditor.engines.EngineUnavailable` when the engine cannot answer.
        """
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
    `on_engine_failure` hears (one line) of an engine that fails during the run, whose findings
    are then left out; without it the failure is raised.
    """

    resources: dict[str, Any] = field(default_factory=dict)
    accepted_words: frozenset[str] = frozenset()
    options: dict[str, Any] = field(default_factory=dict)
    ceiling: int | None = None  # findings per rule and document kept while reports are capped (`check.ceiling`)
    engines: Mapping[str, Engine] = field(default_factory=dict)
    stories: tuple[tuple[str, ...], ...] | None = None
    on_engine_failure: Callable[[str], None] | None = None

    def runs(self, engine: str) -> bool:
        """Whether rules of ``engine`` run: built-in rules (``rules``) always, others when enabled."""
        return engine == BUILT_IN_ENGINE or engine in self.engines


BUILT_IN_ENGINE = "rules"
