"""Skip the rules that cannot match a document, after one scan of it for their literals.

Each pattern rule runs its own regex over the whole document, and most documents give most
pattern rules nothing. Where a rule knows strings one of which every match contains
(`Rule.required_literals`, worked out from the parsed regex by
`auditor.kinds.helpers.literals`), one Aho-Corasick scan of the folded document finds which
of those strings occur; a rule none of whose strings occurs is not run. Its findings are
the same either way: the scan only leaves out rules that would have found nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from auditor.kinds.base import Rule
from auditor.kinds.helpers.literals import fold
from auditor.packs.pattern_prefilter import PatternPrefilter


class LiteralPrefilter:
    """Which of a rule set's literal-bearing rules can match a text."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        owners: dict[str, set[str]] = {}
        for rule in rules:
            for literal in rule.required_literals() or ():
                owners.setdefault(literal, set()).add(rule.id)
        self.filtered = frozenset(rule_id for ids in owners.values() for rule_id in ids)
        self._automaton = ahocorasick.Automaton()
        for literal, ids in owners.items():
            self._automaton.add_word(literal, frozenset(ids))
        if owners:
            self._automaton.make_automaton()

    def rules_to_skip(self, text: str) -> frozenset[str]:
        """Return the ids of the rules whose literals all are absent from `text`."""
        if not self.filtered:
            return frozenset()
        possible: set[str] = set()
        for _, ids in self._automaton.iter(fold(text)):
            possible |= ids
        return self.filtered - possible


class Prefilter:
    """The rules a document cannot give findings to: their literals are absent (`LiteralPrefilter`),
    or, of those left, their regexes cannot match it (`PatternPrefilter`, when Hyperscan is installed)."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        rules = list(rules)
        self.literals = LiteralPrefilter(rules)
        self.patterns = PatternPrefilter.for_rules(rules)

    def rules_to_skip(self, text: str) -> frozenset[str]:
        skipped = self.literals.rules_to_skip(text)
        if self.patterns is not None:
            skipped |= self.patterns.rules_to_skip(text)
        return skipped
