"""Kind `engine-signal`: report what an optional engine finds (`engine: ml`, `signal: word-error`).

The engine itself (a model, LanguageTool) is loaded by the check stage and reaches the rule through
`CheckContext.engines`; the rule only names the signal and words the finding. The message
template gets `match` (the flagged text) and the values the engine gives with each signal.
A flagged text the project accepts (`accepted-words`, `accepted-names`) is not reported, nor one
English uses at least `max_zipf` often (wordfreq), where the rule sets it: a language model older
than the word ("coronavirus" to a pre-2020 trigram) finds a common word unlikely.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.context import BUILT_IN_ENGINE
from auditor.kinds.base import Rule, RuleDataError
from auditor.model import Finding, Span
from auditor.resources.wordfreqs import zipf

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


@dataclass(frozen=True, kw_only=True)
class EngineSignal(Rule):
    signal: str
    """what the engine is asked for, e.g. ``word-error`` (the engine's docs list its signals)."""
    max_zipf: float | None = None
    """a flagged text this frequent in English (wordfreq Zipf) or more is not reported."""

    def __post_init__(self) -> None:
        if self.engine == BUILT_IN_ENGINE:
            raise RuleDataError("engine", "an engine-signal rule must name its engine (e.g. 'engine: ml')")
        if not self.signal.strip():
            raise RuleDataError("signal", "must name the engine's signal")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        engine = context.engines.get(self.engine)
        if engine is None:
            return
        for signal in engine.signals(document.text, self.signal):
            match = document.text[signal.start : signal.end]
            if match.lower() in context.accepted_words:
                continue
            if self.max_zipf is not None and zipf(match.lower()) >= self.max_zipf:
                continue
            yield self.finding(Span(signal.start, signal.end), suggestions=signal.suggestions, match=match, **signal.values)
