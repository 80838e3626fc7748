"""Run a rule's own examples: the contract every pack entry carries (LanguageTool, prh).

Examples run the whole pipeline (check, findings, fix), so this module sits beside the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from auditor.check.document import context_for
from auditor.context import BUILT_IN_ENGINE, CheckContext
from auditor.engines import EngineUnavailable, load_engine
from auditor.findings.pipeline import audit_documents
from auditor.fix.apply import splice
from auditor.kinds.base import Example, Rule
from auditor.model import Edit, Finding, Span
from auditor.packs.load import PackFile, RuleSet
from auditor.read.inputs import SourceFile
from auditor.read.markup import document_for
from auditor.text.document import Document

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


# Cross-file (batch) rules write an example as several files separated by this line; spans
# and fixes are then offsets into the whole example, separators included.
FILE_BREAK = "\n<next file>\n"


def _findings_across_files(text: str, ruleset: RuleSet, context: CheckContext) -> list[Finding]:
    documents, offsets, position = [], [], 0
    for number, part in enumerate(text.split(FILE_BREAK)):
        documents.append(Document(part, f"example-{number + 1}.txt"))
        offsets.append(position)
        position += len(part) + len(FILE_BREAK)
    found = []
    for offset, result in zip(offsets, audit_documents(documents, ruleset, context)):
        for finding in result.findings:
            fix = finding.fix
            if fix is not None:
                fix = replace(fix, edits=tuple(Edit(e.span.shifted(offset), e.replacement) for e in fix.edits))
            found.append(replace(finding, span=finding.span.shifted(offset), fix=fix))
    return found


def engine_missing(rule: Rule) -> str | None:
    """Why the engine `rule` needs cannot run here (one line), or None when it can (or it needs none).

    The examples of such a rule are not run: the rule itself cannot run without its engine.
    """
    if rule.engine == BUILT_IN_ENGINE:
        return None
    try:
        load_engine(rule.engine)
    except EngineUnavailable as error:
        return f"rule {rule.id} needs the {rule.engine} engine: {error}"
    return None


def example_problems(rule: Rule, ruleset: RuleSet) -> Iterator[tuple[Example, str]]:
    """Yield (example, what is wrong) for each example of `rule` that does not hold.

    A rule of an optional engine runs with that engine (its default settings); when the engine
    cannot load here (`engine_missing`), its examples are skipped.
    """
    if engine_missing(rule) is not None:
        return
    only_rule = ruleset.select(lambda r: r.id == rule.id)
    engines = {} if rule.engine == BUILT_IN_ENGINE else {rule.engine: load_engine(rule.engine)}
    context = context_for(ruleset, engines)

    def findings_in(text: str, source: str | None = None) -> list:  # type: ignore[type-arg]
        if FILE_BREAK not in text:
            return audit_documents([document_for(SourceFile("<text>", text, translated_from=source))], only_rule, context)[0].findings
        return _findings_across_files(text, only_rule, context)

    for example in rule.examples:
        if example.good is not None:
            text, _ = parse_marked(example.good)
            found = findings_in(text, example.source)
            if found:
                yield example, f"good example is flagged: {found[0].message!r}"
            continue
        assert example.bad is not None
        try:
            text, marked = parse_marked(example.bad)
        except ValueError as error:
            yield example, str(error)
            continue
        found = findings_in(text, example.source)
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
            again = findings_in(fixed, example.source)
            if again:
                yield example, f"fixed text is still flagged: {again[0].message!r}"


def verify_examples(ruleset: RuleSet, packs: Iterable[PackFile]) -> None:
    """Run the examples of the given packs' rules; raise PackError at the first failing one."""
    for pack in packs:
        for rule in pack.rules:
            for example, problem in example_problems(rule, ruleset):
                raise pack.reader.error((example.line, 1), f"rule {rule.id}: example fails: {problem}")
