"""Which LanguageTool matches repeat one of auditor's own findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from auditor.engines.languagetool.engine import Match


@dataclass(frozen=True)
class Agreement:
    """`dropped`: indices of the matches to drop; `also`: per finding index, the `LT:` ids that agreed."""

    dropped: frozenset[int] = frozenset()
    also: dict[int, tuple[str, ...]] = field(default_factory=dict)


def agreements(findings: Sequence[tuple[int, int, str | None]], matches: Sequence[Match]) -> Agreement:
    """Compare auditor's findings, as (start, end, replacement or None), with LanguageTool's matches.

    A match with the same span as a finding and the same correction (the finding's
    replacement among the match's, or neither proposing one) is dropped, and the finding
    records the match's `LT:` id. Overlapping but different matches are kept.
    """
    by_span: dict[tuple[int, int], list[int]] = {}
    for index, (start, end, _) in enumerate(findings):
        by_span.setdefault((start, end), []).append(index)
    dropped: set[int] = set()
    also: dict[int, list[str]] = {}
    for match_index, match in enumerate(matches):
        for finding_index in by_span.get((match.start, match.end), ()):
            replacement = findings[finding_index][2]
            same = (replacement in match.replacements) if replacement is not None else not match.replacements
            if same:
                dropped.add(match_index)
                ids = also.setdefault(finding_index, [])
                if match.auditor_rule_id not in ids:
                    ids.append(match.auditor_rule_id)
    return Agreement(frozenset(dropped), {index: tuple(ids) for index, ids in also.items()})
