"""Apply fixes to a text: sort edits, skip overlaps, splice once, re-check until stable.

The convergence loop is Ruff's: apply the applicable fixes, audit the result again, and
repeat until no rule proposes a fix that changes the text or a pass limit is hit, when the
rules still proposing fixes are reported as failing to converge.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.model import Applicability, Edit, Finding

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.packs.load import RuleSet

MAX_PASSES = 10
_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")

# Which findings may be fixed: the `fixable`/`unfixable` settings (CLI or config) feed this.
FixFilter = Callable[[Finding], bool]
# Audit texts (in a fixed order) and return the findings of each.
Auditor = Callable[[Sequence[str]], Sequence[Sequence[Finding]]]


def applicable_edits(
    findings: Iterable[Finding],
    minimum: Applicability = Applicability.SAFE,
    *,
    select: FixFilter | None = None,
) -> list[tuple[Finding, tuple[Edit, ...]]]:
    """Return (finding, edits) for each finding whose fix may be applied at `minimum`, skipping overlaps.

    A fix is applied whole or not at all; a fix that overlaps one already accepted (in
    start order) is skipped and picked up, if still needed, by the next pass. `select`,
    when given, limits fixing to the findings for which it holds.
    """
    chosen: list[tuple[Finding, tuple[Edit, ...]]] = []
    taken: list[tuple[int, int]] = []
    candidates = [
        f for f in findings if f.fix is not None and f.fix.applicability >= minimum and (select is None or select(f))
    ]
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


def apply_fixes(
    text: str,
    findings: Iterable[Finding],
    minimum: Applicability = Applicability.SAFE,
    *,
    select: FixFilter | None = None,
) -> str:
    """Return `text` with every applicable, non-overlapping fix of `findings` applied once."""
    chosen = applicable_edits(findings, minimum, select=select)
    return splice(text, [edit for _, edits in chosen for edit in edits])


def rule_filter(fixable: Sequence[str] | None = None, unfixable: Sequence[str] = ()) -> FixFilter:
    """Return a predicate over findings from `fixable`/`unfixable` selectors.

    Selectors are those of the config's `select`: `ALL`, a rule id, an id prefix, a rule name
    or a family. `fixable` None allows every rule; `unfixable` wins over `fixable`, so
    `fixable=["ST"], unfixable=["ST002"]` fixes every ST rule but ST002.
    """
    from auditor.selectors import ALL, matches_any

    allowed = (ALL,) if fixable is None else tuple(fixable)
    denied = tuple(unfixable)

    def select(finding: Finding) -> bool:
        return matches_any(allowed, finding) and not matches_any(denied, finding)

    return select


@dataclass(frozen=True)
class FixOutcome:
    """What fixing one text did: the fixed text, the fixes applied per rule, and convergence."""

    path: str
    original: str
    text: str
    applied: Mapping[str, int] = field(default_factory=dict)  # rule id -> fixes applied
    passes: int = 0  # audit-and-fix passes that changed some text of the batch
    unconverged: tuple[str, ...] = ()  # rules still proposing fixes when the pass limit was hit
    refused: tuple[str, ...] = ()  # rules whose fixes were not applied because they would empty the text
    findings: tuple[Finding, ...] = ()  # the findings of the fixed text

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def converged(self) -> bool:
        return not self.unconverged

    @property
    def fixed(self) -> int:
        return sum(self.applied.values())

    def diff(self, context: int = 3) -> str:
        """Return the unified diff from the original to the fixed text (empty when unchanged)."""
        return unified_diff(self.path, self.original, self.text, context=context)


def unified_diff(path: str, before: str, after: str, *, context: int = 3) -> str:
    """Return a unified diff of two versions of one file, marking a missing final newline."""
    lines = difflib.unified_diff(
        _lines(before), _lines(after), path, path, n=context
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    # Split on "\n" only: str.splitlines also breaks at U+2028, U+0085 and form feeds,
    # which would show one line of the file as two in the diff.
    return _LINE_RE.findall(text)


def _effective(text: str, findings: Iterable[Finding]) -> list[Finding]:
    # A fix that would leave the text as it is can never be "done": drop it, or the loop
    # would count it as applied on every pass.
    return [f for f in findings if f.fix is None or any(text[e.span.start : e.span.end] != e.replacement for e in f.fix.edits)]


def converge(
    paths: Sequence[str],
    texts: Sequence[str],
    audit: Auditor,
    *,
    unsafe: bool = False,
    select: FixFilter | None = None,
    max_passes: int = MAX_PASSES,
    findings: Sequence[Sequence[Finding]] | None = None,
) -> list[FixOutcome]:
    """Fix texts audited together until no applicable fix changes them or `max_passes` is hit.

    `audit` re-audits all texts each pass, since a cross-document rule's finding in one text
    may depend on another. `findings`, when given, are those of `texts` (saving one audit).
    """
    minimum = Applicability.UNSAFE if unsafe else Applicability.SAFE
    current = list(texts)
    counts: list[Counter[str]] = [Counter() for _ in current]
    found = [list(f) for f in (findings if findings is not None else audit(current))]
    refused: list[tuple[str, ...]] = [() for _ in current]
    passes = 0
    while True:
        plans = [
            [] if refused[index] else applicable_edits(_effective(text, f), minimum, select=select)
            for index, (text, f) in enumerate(zip(current, found))
        ]
        if passes == max_passes or not any(plans):
            break
        for index, plan in enumerate(plans):
            if plan:
                fixed = splice(current[index], [edit for _, edits in plan for edit in edits])
                if current[index].strip() and not fixed.strip():
                    # No fix may empty a text: a text that is all furniture is a mistake to report,
                    # not to delete. This text keeps the fixes of earlier passes and gets no more.
                    refused[index] = tuple(sorted({finding.rule_id for finding, _ in plan}))
                    plans[index] = []
                    continue
                current[index] = fixed
                counts[index].update(finding.rule_id for finding, _ in plan)
        passes += 1
        found = [list(f) for f in audit(current)]
    return [
        FixOutcome(
            path=path,
            original=original,
            text=text,
            applied=dict(sorted(count.items())),
            passes=passes,
            unconverged=tuple(sorted({finding.rule_id for finding, _ in plan})),
            refused=refusal,
            findings=tuple(final),
        )
        for path, original, text, count, plan, final, refusal in zip(paths, texts, current, counts, plans, found, refused)
    ]


def fix_texts(
    items: Sequence[tuple[str, str]],
    *,
    ruleset: "RuleSet | None" = None,
    context: "CheckContext | None" = None,
    unsafe: bool = False,
    select: FixFilter | None = None,
    max_passes: int = MAX_PASSES,
) -> list[FixOutcome]:
    """Fix several (path, text) pairs audited together, as `auditor fix` does for a batch."""
    from auditor.check.document import context_for
    from auditor.findings.pipeline import audit_documents
    from auditor.packs.load import load_packs
    from auditor.text.document import Document

    rules = ruleset if ruleset is not None else load_packs().ruleset
    check_context = context if context is not None else context_for(rules)
    paths = [path for path, _ in items]

    def audit(texts: Sequence[str]) -> list[list[Finding]]:
        documents = [Document(text, path) for path, text in zip(paths, texts)]
        return [result.findings for result in audit_documents(documents, rules, check_context, capped=False)]

    return converge(paths, [text for _, text in items], audit, unsafe=unsafe, select=select, max_passes=max_passes)


def fix_text(
    text: str,
    *,
    path: str = "<text>",
    ruleset: "RuleSet | None" = None,
    context: "CheckContext | None" = None,
    unsafe: bool = False,
    select: FixFilter | None = None,
    max_passes: int = MAX_PASSES,
) -> FixOutcome:
    """Fix one text with the built-in rules (or `ruleset`) until it is stable."""
    return fix_texts(
        [(path, text)], ruleset=ruleset, context=context, unsafe=unsafe, select=select, max_passes=max_passes
    )[0]
