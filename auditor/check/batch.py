"""Check several documents: each on its own (`check.document`, perhaps in worker processes), then across documents."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from auditor.check.document import Checked, Result, check_one
from auditor.context import CheckContext, ReportingEngine
from auditor.kinds.base import BatchRule
from auditor.model import Finding
from auditor.packs.load import RuleSet
from auditor.text.document import Document


def judge_summaries(batch_rules: Sequence[BatchRule], summaries: Mapping[str, Mapping[str, Any]], context: CheckContext) -> dict[str, list[Finding]]:
    """Return the findings of cross-document rules from their per-document summaries (rule id -> path -> summary).

    With story groups in the context (an engine linked the documents that report one story),
    each group is judged on its own: consistency across unrelated articles means nothing.
    """
    findings: dict[str, list[Finding]] = {}
    for rule in batch_rules:
        if not context.runs(rule.engine):
            continue
        by_path = summaries[rule.id]
        groups = [by_path] if context.stories is None else [_Subset(by_path, story) for story in context.stories]
        for group in groups:
            for path, finding in rule.check_batch(group, context):
                findings.setdefault(path, []).append(finding)
    return findings


class _Subset(Mapping[str, Any]):
    """The summaries of some paths only (one story), read through to the run's mapping."""

    def __init__(self, summaries: Mapping[str, Any], paths: Sequence[str]) -> None:
        self._summaries = summaries
        self._paths = [path for path in paths if path in summaries]

    def __getitem__(self, path: str) -> Any:
        if path not in self._paths:
            raise KeyError(path)
        return self._summaries[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def with_stories(documents: Sequence[Document], context: CheckContext) -> CheckContext:
    """The context with the story groups of the first enabled engine that links stories."""
    for engine in context.engines.values():
        groups = engine.stories({doc.path: doc.text for doc in documents})
        if groups is not None:
            return replace(context, stories=tuple(tuple(group) for group in groups))
    return context


def add_engine_findings(results: Sequence[Result], context: CheckContext) -> None:
    """Merge the findings of the enabled engines that report their own (`ReportingEngine`) into the results.

    Each such engine is called once with every document, from this process (with `--jobs` too:
    its rate limits and its connection pool are then one per run). An engine that fails is
    reported to `context.on_engine_failure` and left out, or, without one, raises.
    """
    from auditor.engines import EngineUnavailable

    for name, engine in context.engines.items():
        if not isinstance(engine, ReportingEngine) or not results:
            continue
        try:
            reports = engine.report([result.document.text for result in results], [result.findings for result in results])
        except EngineUnavailable as error:
            if context.on_engine_failure is None:
                raise
            context.on_engine_failure(f"engine {name} is off: {error}")
            continue
        for result, report in zip(results, reports):
            result.findings = _ordered(report.findings)
            result.engine_rules.update(report.rules)


def _ordered(findings: list[Finding]) -> list[Finding]:
    unique = {(f.rule_id, f.span, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.span.start, f.span.end, f.rule_id))


PICKLE_SUMMARIES_ABOVE = 2_000_000  # characters of text in a run


class PickledSummaries(Mapping[str, Any]):
    """One batch rule's summaries of a run, kept pickled (path -> bytes) and unpickled when read.

    A summary pickles several times smaller than it sits in memory (the spellings of a
    megabyte of text: 2.4 MB against 16 MB), so a run over many files keeps them so until
    the cross-file step, which reads each once in order and a few again at random.
    """

    def __init__(self, pickled: dict[str, bytes], recent: int = 64) -> None:
        self._pickled = pickled
        self._recent: OrderedDict[str, Any] = OrderedDict()
        self._room = recent

    def __getitem__(self, path: str) -> Any:
        value = self._recent.get(path)
        if value is None:
            value = self._recent[path] = pickle.loads(self._pickled[path])
            if len(self._recent) > self._room:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(path)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._pickled)

    def __len__(self) -> int:
        return len(self._pickled)


def check_documents(
    documents: Sequence[Document],
    ruleset: RuleSet,
    context: CheckContext,
    *,
    on_document: Callable[[], None] | None = None,
    jobs: int = 1,
) -> list[Result]:
    """Check several documents together: each on its own, then the cross-document rules.

    Documents are checked one at a time (`check_one`), so memory does not grow with the size
    of the run; with `jobs` above 1, that many worker processes check them (`auditor.check.parallel`)
    and the results are the same, in the same order. `on_document` is called after each
    document (a progress bar).
    """
    batch_rules = [rule for rule in ruleset.rules if isinstance(rule, BatchRule)]
    summaries: dict[str, dict[str, Any]] = {rule.id: {} for rule in batch_rules}
    results = []
    # A large run keeps its batch summaries pickled until the cross-file step: unpickling
    # them costs a tenth of a second per megabyte of text, holding them costs 16 MB.
    pickled = len(documents) > 1 and sum(len(doc.text) for doc in documents) > PICKLE_SUMMARIES_ABOVE
    if jobs > 1 and len(documents) > 1:
        from auditor.check.parallel import check_each

        checked: Iterable[Checked] = check_each(documents, ruleset, context, jobs, pickled=pickled)
    else:
        checked = (check_one(doc, ruleset, context, pickled=pickled) for doc in documents)
    for doc, (findings, measured, summary) in zip(documents, checked):
        results.append(Result(doc, findings, measured))
        for rule_id, value in summary.items():
            summaries[rule_id][doc.path] = value
        if on_document is not None:
            on_document()
    if context.engines and len(documents) > 1:
        context = with_stories(documents, context)
    judged: Mapping[str, Mapping[str, Any]] = (
        {rule_id: PickledSummaries(by_path) for rule_id, by_path in summaries.items()} if pickled else summaries
    )
    cross = judge_summaries(batch_rules, judged, context)
    for result in results:
        result.findings = _ordered(result.findings + cross.get(result.path, []))
    add_engine_findings(results, context)
    drop_contradicted(results, ruleset)
    return results


def _form(text: str) -> str:
    return " ".join(text.casefold().split())


def drop_contradicted(results: Sequence[Result], ruleset: RuleSet) -> None:
    """Drop the fix proposals of deferring rules (`Rule.DEFERS`) that another rule calls wrong.

    A form is called wrong when some finding of a non-deferring rule anywhere in the run
    covers it and proposes to change it. Without this, a consistency rule could propose the
    run's commoner "corona virus" while the term rule turns it back into "coronavirus", and
    `fix --unsafe-fixes` would swap them back and forth.
    """
    deferring = {rule.id for rule in ruleset.rules if rule.DEFERS}
    if not deferring:
        return
    wrong = {
        _form(result.document.text[f.span.start : f.span.end])
        for result in results
        for f in result.findings
        if f.rule_id not in deferring and f.fix is not None
    }
    for result in results:
        result.findings = [
            f
            for f in result.findings
            if f.rule_id not in deferring or f.fix is None or not any(_form(e.replacement) in wrong for e in f.fix.edits)
        ]


