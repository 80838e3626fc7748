"""What rules may consult besides the document: the rule set's shared data and user settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CheckContext:
    """Shared, read-only inputs of one audit run.

    `resources` holds data that packs contribute beside rules (a gazetteer, a vocabulary);
    kinds look them up by name. `accepted_words` is the project vocabulary: words and names
    the user declared correct, never flagged as misspellings.
    """

    resources: dict[str, Any] = field(default_factory=dict)
    accepted_words: frozenset[str] = frozenset()
    options: dict[str, Any] = field(default_factory=dict)
    ceiling: int | None = None  # findings per rule and document kept while reports are capped (`check.ceiling`)
