"""Apply fixes to a text: sort edits, skip overlaps, splice once."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.model import Applicability, Edit, Finding


def applicable_edits(findings: Iterable[Finding], minimum: Applicability = Applicability.SAFE) -> list[tuple[Finding, tuple[Edit, ...]]]:
    """Return (finding, edits) for each finding whose fix may be applied at `minimum`, skipping overlaps.

    A fix is applied whole or not at all; a fix that overlaps one already accepted (in
    start order) is skipped and picked up, if still needed, by the next pass.
    """
    chosen: list[tuple[Finding, tuple[Edit, ...]]] = []
    taken: list[tuple[int, int]] = []
    candidates = [f for f in findings if f.fix is not None and f.fix.applicability >= minimum]
    candidates.sort(key=lambda f: (f.fix.span.start, f.fix.span.end, f.rule_id))  # type: ignore[union-attr]
    for finding in candidates:
        assert finding.fix is not None
        edits = tuple(sorted(finding.fix.edits, key=lambda e: (e.span.start, e.span.end)))
        if any(_collides(edit, start, end) for edit in edits for start, end in taken):
            continue
        chosen.append((finding, edits))
        taken.extend((e.span.start, e.span.end) for e in edits)
    return chosen


def _collides(edit: Edit, start: int, end: int) -> bool:
    # Two insertions at one point, or an edit touching another's interior, cannot both apply.
    if edit.span.start == edit.span.end or start == end:
        return start <= edit.span.start <= end or edit.span.start <= start <= edit.span.end
    return edit.span.start < end and start < edit.span.end


def splice(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to `text` in one pass."""
    pieces = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        pieces.append(text[position : edit.span.start])
        pieces.append(edit.replacement)
        position = edit.span.end
    pieces.append(text[position:])
    return "".join(pieces)


def apply_fixes(text: str, findings: Iterable[Finding], minimum: Applicability = Applicability.SAFE) -> str:
    """Return `text` with every applicable, non-overlapping fix of `findings` applied once."""
    chosen = applicable_edits(findings, minimum)
    return splice(text, [edit for _, edits in chosen for edit in edits])
