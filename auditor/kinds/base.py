"""The base of every rule kind: the fields common to all rules and finding construction."""

from __future__ import annotations

import re

import enum
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

# RuleDataError lives in model (resources raise it too); kinds import it from here.
from auditor.context import BUILT_IN_ENGINE
from auditor.model import Applicability, Edit, Finding, Fix, RelatedLocation, Severity, Span
from auditor.model import RuleDataError as RuleDataError

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


class Choice(enum.Enum):
    """A closed set of YAML words for a kind's field (`report: stray`); the loader calls `parse`."""

    @classmethod
    def parse(cls, value: str) -> "Choice":
        try:
            return cls(value.strip().lower())
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            raise ValueError(f"unknown value {value!r} (expected {allowed})") from None


@dataclass(frozen=True, slots=True)
class Example:
    """A rule's own test case: `bad` marks the flagged span with [brackets], `fix` the result.

    With `source`, the example is a translation of that text (a source-aware rule's case):
    source and example align line by line, or as one segment.
    """

    bad: str | None = None
    good: str | None = None
    fix: str | None = None
    source: str | None = None
    line: int = 0  # where the example sits in its pack, for error messages


# The sections of a rule's docs, Ruff's shape: what it flags, why it matters, fix safety.
DOC_SECTIONS = ("What it flags", "Why it matters", "Fix safety")


class DocSections(NamedTuple):
    flags: str
    why: str
    fix_safety: str


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Common fields of every rule entry; kinds subclass it and implement `check`.

    `message` is a `str.format` template; each kind documents the names it fills in
    (all kinds provide `match`).
    """

    id: str
    name: str
    kind: str
    message: str
    severity: Severity = Severity.WARNING
    fix: Applicability = Applicability.DISPLAY_ONLY
    family: str = "general"
    docs: str = ""
    examples: tuple[Example, ...] = ()
    engine: str = BUILT_IN_ENGINE
    """the optional engine the rule needs (`ml`); the rule runs only when that engine is enabled."""
    pack: str = field(default="", compare=False)

    # Keys a pack entry may not set (filled in by the loader).
    LOADER_FIELDS: ClassVar[frozenset[str]] = frozenset({"pack"})
    # Kinds that propose the form the run itself uses most set this: a proposal that another
    # rule's finding calls wrong is dropped (`check.batch.check_stream`), so fixes never fight.
    DEFERS: ClassVar[bool] = False

    def doc_sections(self) -> "DocSections":
        """Return the sections of `docs`; raise RuleDataError for a heading Ruff's shape does not have.

        `docs` is Markdown: the text before any heading says what the rule flags, then come
        `## Why it matters` and `## Fix safety` (the rule's fix level is stated without it).
        """
        sections: dict[str, list[str]] = {DOC_SECTIONS[0]: []}
        current = sections[DOC_SECTIONS[0]]
        for line in self.docs.splitlines():
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
                if heading not in DOC_SECTIONS[1:]:
                    allowed = ", ".join(f"'## {name}'" for name in DOC_SECTIONS[1:])
                    raise RuleDataError("docs", f"unknown docs heading {line.strip()!r} (allowed: {allowed})")
                current = sections.setdefault(heading, [])
                continue
            current.append(line)
        flags, why, safety = ("\n".join(sections.get(name, [])).strip() for name in DOC_SECTIONS)
        return DocSections(flags, why, safety)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        """Yield the findings of this rule in one document."""
        raise NotImplementedError

    def required_literals(self) -> frozenset[str] | None:
        """Return strings one of which a text folded by `helpers.literals.fold` must contain for
        this rule to find anything in it, or None (the rule always runs). See `auditor.packs.prefilter`."""
        return None

    def match_patterns(self) -> tuple["re.Pattern[str]", ...]:
        """Return regexes a text must match somewhere for this rule to find anything in it, or ()
        (the rule always runs). See `auditor.packs.pattern_prefilter`."""
        return ()

    def finding(
        self,
        span: Span,
        replace_with: str | None = None,
        *,
        edits: Sequence[Edit] | None = None,
        suggestions: Sequence[str] = (),
        severity: Severity | None = None,
        related: Sequence[RelatedLocation] = (),
        applicability: Applicability | None = None,
        template: str | None = None,
        **message_values: Any,
    ) -> Finding:
        """Build a finding of this rule; `replace_with` is shorthand for one edit over `span`.

        `template` replaces `message` for this finding (a kind with a second message: "missing").

        `applicability` may lower the rule's declared `fix` for one finding (a fuzzy name
        match is unsafe in a rule whose exact matches are safe), never raise it.
        """
        if edits is None and replace_with is not None:
            edits = (Edit(span, replace_with),)
        level = self.fix if applicability is None else min(self.fix, applicability)
        fix = Fix(tuple(edits), level) if edits else None
        if replace_with is not None and not suggestions:
            suggestions = (replace_with,)  # a deletion too: "" tells every consumer what the fix does
        elif edits and not suggestions:
            suggestions = _span_suggestion(span, edits)
        return Finding(
            rule_id=self.id,
            rule_name=self.name,
            severity=self.severity if severity is None else severity,
            message=render_message(self.message if template is None else template, message_values),
            span=span,
            fix=fix,
            suggestions=tuple(suggestions),
            engine=self.engine,
            family=self.family,
            related=tuple(related),
        )


def _span_suggestion(span: Span, edits: Sequence[Edit]) -> tuple[str, ...]:
    """Return what `edits` put in place of `span`: the one edit's replacement, or "" when an edit
    deletes the whole span (a boilerplate line with its line break); nothing when that is unclear."""
    if len(edits) == 1 and edits[0].span == span:
        return (edits[0].replacement,)
    if any(not e.replacement and e.span.start <= span.start and span.end <= e.span.end for e in edits):
        return ("",)
    return ()


@dataclass(frozen=True, kw_only=True)
class BatchRule(Rule):
    """A cross-document kind: it reduces each document to a summary, then judges the summaries together.

    The check stage calls `summarize` once per document (perhaps in a worker process, so a
    summary must be small and picklable) and `check_batch` once per run; `check` is not called.
    """

    def summarize(self, document: "Document", context: "CheckContext") -> Any:
        """Return what `check_batch` needs to know of one document."""
        raise NotImplementedError

    def check_batch(self, summaries: Mapping[str, Any], context: "CheckContext") -> Iterator[tuple[str, Finding]]:
        """Yield (path, finding) pairs from the summaries of every document of the run (path -> summary)."""
        raise NotImplementedError

    def judge(self) -> "BatchJudge":
        """Return a judge to feed this run's summaries one document at a time (`BatchJudge`)."""
        return BatchJudge(self)


class BatchJudge:
    """A batch rule's judgement of a run, fed each document's summary as phase one checks it.

    A run with worker processes feeds summaries in input order while the documents are still
    being checked, so that work on them (building a run-wide table) runs beside the checking
    instead of after it. This default keeps nothing and judges every summary at the end
    (`check_batch`); a rule that can use the summaries as they come overrides both methods,
    and must find what `check_batch` finds.
    """

    FED: ClassVar[bool] = False  # whether `add` reads the summaries (else they need not be unpickled)

    def __init__(self, rule: BatchRule) -> None:
        self.rule = rule

    def add(self, path: str, summary: Any) -> None:
        """Take in one document's summary (documents come in input order, each path once)."""

    def findings(self, summaries: Mapping[str, Any], context: "CheckContext") -> Iterator[tuple[str, Finding]]:
        """Yield what `check_batch` would of `summaries`, every one of which was added."""
        return self.rule.check_batch(summaries, context)


class _LenientFormatter(string.Formatter):
    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str):
            return kwargs.get(key, "{" + key + "}")
        return super().get_value(key, args, kwargs)


_FORMATTER = _LenientFormatter()


def render_message(template: str, values: Mapping[str, Any]) -> str:
    """Fill a message template; unknown names stay visible instead of raising."""
    return _FORMATTER.vformat(template, (), values)


def check_message_template(template: str) -> None:
    """Raise RuleDataError when a message template is not valid `str.format` syntax."""
    try:
        list(string.Formatter().parse(template))
    except ValueError as error:
        raise RuleDataError("message", f"bad message template: {error}") from None
