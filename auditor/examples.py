"""Run a rule's own examples: the contract every pack entry carries (LanguageTool, prh)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.audit import audit_text, context_for
from auditor.fixes import splice
from auditor.kinds.base import Example, Rule
from auditor.model import Span
from auditor.packs import RuleSet

_MARKER_RE = re.compile(r"\\([\[\]])|([\[\]])")


def parse_marked(text: str) -> tuple[str, Span | None]:
    """Strip the `[...]` marker from an example, returning the plain text and the marked span.

    Literal brackets are written `\\[` and `\\]`.
    """
    plain: list[str] = []
    start = end = None
    length = 0
    position = 0
    for match in _MARKER_RE.finditer(text):
        chunk = text[position : match.start()]
        plain.append(chunk)
        length += len(chunk)
        if match.group(1):
            plain.append(match.group(1))
            length += 1
        elif match.group(2) == "[" and start is None:
            start = length
        elif match.group(2) == "]" and start is not None and end is None:
            end = length
        else:
            raise ValueError(f"unbalanced marker in example {text!r}")
        position = match.end()
    plain.append(text[position:])
    if (start is None) != (end is None):
        raise ValueError(f"unbalanced marker in example {text!r}")
    return "".join(plain), (Span(start, end) if start is not None and end is not None else None)


def example_problems(rule: Rule, ruleset: RuleSet) -> Iterator[tuple[Example, str]]:
    """Yield (example, what is wrong) for each example of `rule` that does not hold."""
    only_rule = ruleset.select(lambda r: r.id == rule.id)
    context = context_for(ruleset)

    def findings_in(text: str) -> list:  # type: ignore[type-arg]
        return audit_text(text, ruleset=only_rule, context=context).findings

    for example in rule.examples:
        if example.good is not None:
            text, _ = parse_marked(example.good)
            found = findings_in(text)
            if found:
                yield example, f"good example is flagged: {found[0].message!r}"
            continue
        assert example.bad is not None
        try:
            text, marked = parse_marked(example.bad)
        except ValueError as error:
            yield example, str(error)
            continue
        found = findings_in(text)
        if len(found) != 1:
            yield example, f"bad example gives {len(found)} findings, expected 1"
            continue
        finding = found[0]
        if marked is not None and finding.span != marked:
            got = text[finding.span.start : finding.span.end]
            yield example, f"flagged {got!r}, expected {text[marked.start:marked.end]!r}"
            continue
        if example.fix is not None:
            if finding.fix is None:
                yield example, "expected a fix, the finding has none"
                continue
            fixed = splice(text, finding.fix.edits)
            if fixed != example.fix:
                yield example, f"fix gives {fixed!r}, expected {example.fix!r}"
                continue
            again = findings_in(fixed)
            if again:
                yield example, f"fixed text is still flagged: {again[0].message!r}"
