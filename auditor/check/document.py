"""Check one document on its own: every single-document rule, its readability, its batch summaries."""

from __future__ import annotations

import functools
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from auditor.check import readability
from auditor.check.ceiling import bounded, may_stop_early
from auditor.context import CheckContext, Engine, EngineRule
from auditor.kinds.base import BatchRule, Rule
from auditor.model import Finding
from auditor.packs.load import RuleSet
from auditor.text.document import Document
from auditor.text.source import SourceText


@dataclass
class Result:
    """The audit of one document: its findings in text order plus per-file measurements."""

    document: Document
    findings: list[Finding] = field(default_factory=list)
    readability: dict[str, Any] | None = None
    capped: bool = False  # findings past `max-findings-per-rule` were left out (`findings.cap`)
    engine_rules: dict[str, EngineRule] = field(default_factory=dict)
    """the rules of optional engines (LanguageTool) that the findings name: no pack defines them"""
    related_sources: dict[str, SourceText] = field(default_factory=dict)
    """the other documents that related locations point into (by path), for reports that give their lines"""

    @property
    def path(self) -> str:
        return self.document.path


def add_sentence_scores(results: Iterable["Result"]) -> None:
    """Add the sentence records to the readability object of each result."""
    for result in results:
        if result.readability is not None:
            result.readability["sentences"] = readability.sentence_records(result.document)


def context_for(
    ruleset: RuleSet,
    engines: Mapping[str, Engine] | None = None,
    *,
    on_engine_failure: Callable[[str], None] | None = None,
    **options: Any,
) -> CheckContext:
    """Return the check context for a rule set with user options and the enabled engines
    (`on_engine_failure`: see `CheckContext`)."""
    accepted = frozenset(word.lower() for word in options.pop("accepted_words", ()))
    return CheckContext(
        resources=ruleset.resources,
        accepted_words=accepted,
        options=options,
        engines=dict(engines or {}),
        on_engine_failure=on_engine_failure,
    )


def check_document(document: Document, ruleset: RuleSet, context: CheckContext) -> list[Finding]:
    """Return the findings of every single-document rule in `document` (a rule of an engine
    that is not enabled does not run)."""
    return [finding for part in rule_parts(document, ruleset, context) for finding in part()]


Part = Callable[[], Any]
"""One piece of checking a document, independent of the others: a rule's findings, its readability, a summary."""


def rule_parts(document: Document, ruleset: RuleSet, context: CheckContext) -> list[Callable[[], list[Finding]]]:
    """Return, in rule order, one part per single-document rule that runs on `document`: its findings."""
    ceiling = context.ceiling if may_stop_early(document) else None
    cannot_match = ruleset.prefilter.rules_to_skip(document.text)
    return [
        functools.partial(_findings_of, rule, document, context, ceiling)
        for rule in ruleset.rules
        if not isinstance(rule, BatchRule) and context.runs(rule.engine) and rule.id not in cannot_match
    ]


def _findings_of(rule: Rule, document: Document, context: CheckContext, ceiling: int | None) -> list[Finding]:
    found = rule.check(document, context)
    return list(found if ceiling is None else bounded(iter(found), ceiling))


def _summary_of(rule: BatchRule, document: Document, context: CheckContext) -> bytes:
    return pickle.dumps(rule.summarize(document, context), pickle.HIGHEST_PROTOCOL)


def in_turn(parts: Sequence[Part]) -> list[Any]:
    """Run the parts here, one after the other."""
    return [part() for part in parts]


class OwnFindings:
    """A document's own findings and readability, pickled at most once, where they were made.

    A worker process sends them back and the run's spool keeps them until phase two: the worker
    pickles them (`__reduce__` keeps the bytes), the parent passes the bytes on to the spool
    without reading them, and phase two unpacks them. Unpickling and pickling them again was
    most of what the parent did while workers checked.
    """

    __slots__ = ("_value", "_pickled")

    def __init__(self, findings: list[Finding], measured: dict[str, Any] | None) -> None:
        self._value: tuple[list[Finding], dict[str, Any] | None] | None = (findings, measured)
        self._pickled: bytes | None = None

    @classmethod
    def _from_pickle(cls, pickled: bytes) -> OwnFindings:
        own = cls.__new__(cls)
        own._value, own._pickled = None, pickled
        return own

    def unpack(self) -> tuple[list[Finding], dict[str, Any] | None]:
        """Return the findings and the readability summary.

        What came pickled is unpickled afresh at each call and not kept: the run's spool holds
        the first documents of a run as they came (`Spool.append`), and keeping their findings
        unpickled too would add some 10 MiB to the parent's peak in phase two.
        """
        if self._value is not None:
            return self._value
        assert self._pickled is not None
        return pickle.loads(self._pickled)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        if self._pickled is None:
            self._pickled = pickle.dumps(self._value, pickle.HIGHEST_PROTOCOL)
        return OwnFindings._from_pickle, (self._pickled,)


class Checked(NamedTuple):
    """What checking one document on its own yields, as a worker sends it back."""

    own: OwnFindings
    summaries: dict[str, bytes]  # batch rule id -> its summary, pickled
    fixed_forms: frozenset[str]  # what the findings propose to change (`contradicted_forms`)


def contradicted_forms(text: str, findings: Iterable[Finding], deferring: frozenset[str]) -> set[str]:
    """Return the forms that findings of non-deferring rules propose to change (see `check.batch`)."""
    return {comparable_form(text[f.span.start : f.span.end]) for f in findings if f.rule_id not in deferring and f.fix is not None}


def comparable_form(text: str) -> str:
    """Case and spacing folded: how one form is compared with another."""
    return " ".join(text.casefold().split())


def check_one(document: Document, ruleset: RuleSet, context: CheckContext, run: Callable[[Sequence[Part]], list[Any]] = in_turn) -> Checked:
    """Check one document on its own, then drop its segments (`Document.release`).

    Returns its findings and readability summary, the summary of each batch rule, pickled (plain
    values that a worker process or a cluster sends back, `auditor.check.parallel`, and that wait
    in the run's spool until the merge: a summary pickles several times smaller than it sits in
    memory, the spellings of a megabyte of text 2.4 MB against 16 MB), and the forms the
    findings propose to change. `run` runs the independent parts of the check and returns their
    outcomes in order: here one after the other, or spread over processes (`check.parallel`).
    """
    batch_rules = ruleset.batch_rules
    rules = rule_parts(document, ruleset, context)
    # The summaries and readability first: spread over processes, the costliest parts start early.
    parts: list[Part] = [functools.partial(_summary_of, rule, document, context) for rule in batch_rules]
    parts += [functools.partial(readability.summary, document, context), *rules]
    done = run(parts)
    summaries = dict(zip((rule.id for rule in batch_rules), done))
    measured = done[len(batch_rules)]
    findings = [finding for found in done[len(batch_rules) + 1 :] for finding in found]
    fixed = frozenset(contradicted_forms(document.text, findings, ruleset.deferring))
    document.release()
    return Checked(OwnFindings(findings, measured), summaries, fixed)
