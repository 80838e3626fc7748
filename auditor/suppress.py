"""Inline suppression: comments in the audited text that silence rules where they are written.

Markdown and HTML use HTML comments; plain text uses a line of its own that starts with
`# auditor-` (a hash, a space, then the directive: news prose never has such a line), or
the HTML comment form on a line of its own:

    <!-- auditor-disable MT001, style -->   ...   <!-- auditor-enable MT001, style -->
    <!-- auditor-disable-next-line -->
    # auditor-disable-next-line ST001

The rule list is optional (then every rule) and takes ids, id prefixes, names and families;
a reason may follow it (`# auditor-disable-next-line TY002 because the speaker said so.`).
The markup stage finds the comments (`Document.comments`); this module reads them, drops the
findings they cover and reports the ones that covered nothing (rule kind `unused-suppression`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.config import matches_any
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.document import Document
    from auditor.packs import RuleSet

UNUSED_KIND = "unused-suppression"
MALFORMED = "is not a suppression directive (auditor-disable, auditor-enable or auditor-disable-next-line, then rules)"

# A plain-text directive line; `directive` is what `Document.comments` records.
PLAIN_DIRECTIVE_RE = re.compile(
    r"^[ \t]*(?P<directive>#[ \t]+auditor-(?:disable|enable)[^\r\n]*?|<!--[ \t]*auditor-[^\r\n]*?-->)[ \t]*\r?$",
    re.MULTILINE,
)
_BODY_RE = re.compile(r"auditor-(?P<action>disable-next-line|disable|enable)(?:[ \t]+(?P<rules>[^\r\n]*?))?[ \t]*")
# Words of the rule list: a comma, or a run of anything else; each word is matched on its own,
# so no pattern here can backtrack over the whole comment.
_WORD_RE = re.compile(r",|[^\s,]+")
_SELECTOR_RE = re.compile(r"[A-Za-z0-9][\w-]*")
_CODE_RE = re.compile(r"ALL|[A-Z]+[0-9]*")
REASON_SEPARATOR = "--"


@dataclass(frozen=True)
class Directive:
    """One suppression comment: `action` is None when it starts `auditor-` but does not parse."""

    span: Span
    action: str | None
    selectors: tuple[str, ...]  # empty: every rule


def split_rules(rules: str, vocabulary: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """Return the selectors that head a directive's rule list; the words after them are its reason.

    A word is a selector when it is a code or code prefix (`TY001`, `TY`), a name or family in
    `vocabulary`, the word after a comma, or the only word; the first other word, or `--`,
    starts the reason. None: the list starts with something that cannot be a selector.
    """
    words = _WORD_RE.findall(rules)
    selectors: list[str] = []
    after_comma = False
    for word in words:
        if word == ",":
            after_comma = True
            continue
        if word == REASON_SEPARATOR or not _SELECTOR_RE.fullmatch(word):
            break
        if not (_CODE_RE.fullmatch(word) or word in vocabulary or after_comma or words == [word]):
            break
        selectors.append(word)
        after_comma = False
    if not selectors and words and words[0] != REASON_SEPARATOR and not _SELECTOR_RE.match(words[0]):
        return None
    return tuple(selectors)


def parse_directives(document: "Document", vocabulary: frozenset[str] = frozenset()) -> list[Directive]:
    """Return the suppression directives among the document's comments, in text order.

    `vocabulary` holds the rule names and families that may stand in a rule list (`split_rules`).
    """
    directives = []
    for span in document.comments:
        raw = document.original[span.start : span.end]
        body = raw[4:-3] if raw.startswith("<!--") else raw.lstrip("#")
        body = body.strip()
        if not body.startswith("auditor-"):
            continue
        match = _BODY_RE.fullmatch(body)
        selectors = split_rules(match.group("rules") or "", vocabulary) if match else None
        if match is None or selectors is None:
            directives.append(Directive(span, None, ()))
            continue
        directives.append(Directive(span, match.group("action"), selectors))
    return directives


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
    vocabulary = frozenset(word for rule in ruleset.rules for word in (rule.name, rule.family))
    directives = parse_directives(document, vocabulary)
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
