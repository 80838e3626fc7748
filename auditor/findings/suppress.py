"""Inline suppression: comments in the audited text that silence rules where they are written.

Markdown and HTML use HTML comments; plain text uses a line of its own that starts with
`# auditor-` (a hash, a space, then the directive: news prose never has such a line), or
the HTML comment form on a line of its own:

    <!-- auditor-disable MT001, style -->   ...   <!-- auditor-enable MT001, style -->
    <!-- auditor-disable-next-line -->
    # auditor-disable-next-line ST001

The rule list is optional (then every rule) and takes ids, id prefixes, names and families;
a reason may follow it (`# auditor-disable-next-line TY002 because the speaker said so.`).
The markup stage finds the comments (`Document.comments`), `read.directives` parses them; this
module drops the findings they cover and reports the ones that covered nothing (rule kind `unused-suppression`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.model import Finding
from auditor.read.directives import Directive, parse_directives
from auditor.selectors import matches_any

if TYPE_CHECKING:
    from auditor.packs.load import RuleSet
    from auditor.text.document import Document

UNUSED_KIND = "unused-suppression"
MALFORMED = "is not a suppression directive (auditor-disable, auditor-enable or auditor-disable-next-line, then rules)"


@dataclass(frozen=True)
class _Region:
    start: int
    end: int
    selectors: tuple[str, ...]
    directive: int  # index into the directives


def _regions(document: "Document", directives: Sequence[Directive]) -> tuple[list[_Region], set[int]]:
    """Return the regions the directives silence, and the `enable`s that close nothing."""
    regions: list[_Region] = []
    stray: set[int] = set()
    starts = document.source.line_starts
    open_: list[tuple[str | None, int, int]] = []  # (selector or None for all, start, directive)
    for index, directive in enumerate(directives):
        if directive.action == "disable-next-line":
            line = document.source.line_index(directive.span.end) + 1
            if line < len(starts):
                end = starts[line + 1] if line + 1 < len(starts) else len(document.text)
                regions.append(_Region(starts[line], end, directive.selectors, index))
        elif directive.action == "disable":
            open_.extend((selector, directive.span.end, index) for selector in directive.selectors or (None,))
        elif directive.action == "enable":
            closing = [entry for entry in open_ if not directive.selectors or entry[0] in directive.selectors]
            for entry in closing:
                open_.remove(entry)
                regions.append(_Region(entry[1], directive.span.start, (entry[0],) if entry[0] else (), entry[2]))
            if not closing:
                stray.add(index)
    regions.extend(_Region(start, len(document.text), (s,) if s else (), i) for s, start, i in open_)
    return regions, stray


def apply(document: "Document", findings: Sequence[Finding], ruleset: "RuleSet") -> list[Finding]:
    """Drop the findings that directives silence; report directives that silence nothing."""
    directives = parse_directives(document, ruleset.names)
    if not directives:
        return list(findings)
    regions, stray = _regions(document, directives)
    reporter = next((rule for rule in ruleset.rules if rule.kind == UNUSED_KIND), None)
    used: set[int] = set()
    kept = []
    for finding in findings:
        covering = [
            region.directive
            for region in regions
            if region.start <= finding.span.start < region.end and (not region.selectors or matches_any(region.selectors, finding))
        ]
        if covering and (reporter is None or finding.rule_id != reporter.id):
            used.update(covering)
        else:
            kept.append(finding)
    if reporter is None:
        return kept
    for index, directive in enumerate(directives):
        if index in used:
            continue
        if directive.action is None:
            kept.append(reporter.unused(document, directive, MALFORMED, fixable=False))  # type: ignore[attr-defined]
        elif directive.action == "enable":
            if index in stray:
                kept.append(reporter.unused(document, directive, "closes no auditor-disable"))  # type: ignore[attr-defined]
        elif not directive.selectors or any(matches_any(directive.selectors, rule) for rule in ruleset.rules):
            # A directive naming only rules that did not run may be needed when they do.
            kept.append(reporter.unused(document, directive, "suppresses no finding"))  # type: ignore[attr-defined]
    return sorted(kept, key=lambda f: (f.span.start, f.span.end, f.rule_id))
