"""Check several documents: each on its own (`check.document`, perhaps in worker processes), then across documents."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from auditor.check.document import OwnFindings, Result, comparable_form, contradicted_forms
from auditor.check.parallel import LocalMapper, Mapper
from auditor.check.spool import PathList, Spool, SpooledSummaries
from auditor.context import CheckContext, ReportingEngine
from auditor.model import Finding
from auditor.packs.load import RuleSet
from auditor.text.document import Document


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


def check_documents(documents: Sequence[Document], ruleset: RuleSet, context: CheckContext, *, jobs: int = 1) -> list[Result]:
    """Check documents together (`check_stream`) and return their results in input order."""
    return list(check_stream(documents, ruleset, context, jobs=jobs))


def check_stream(
    documents: Iterable[Document],
    ruleset: RuleSet,
    context: CheckContext,
    *,
    on_document: Callable[[], None] | None = None,
    jobs: int = 1,
    mapper: Mapper | None = None,
    on_interrupt: Callable[[int], None] | None = None,
) -> Iterator[Result]:
    """Check documents together and yield each one's result in input order: map, one merge, per-document findings.

    Phase one checks each document on its own (`check_one`), in this process, in `jobs` worker
    processes or on a Dask cluster (`mapper`); what it learns of each document waits in a
    spool file, so memory does not grow with the run. The merge judges the batch rules'
    summaries together once. Phase two adds each document's cross-document findings to its
    own and yields it. The results are the same whoever did the work. `on_document` is called
    after each document of phase one (a progress bar).

    Ctrl-C during phase one raises KeyboardInterrupt, or, with `on_interrupt`, calls it with the
    number of documents checked and goes on with those alone (a run over that prefix).
    """
    mapper = mapper if mapper is not None else LocalMapper(jobs)
    batch_rules = ruleset.batch_rules
    deferring = ruleset.deferring
    with Spool() as spool:
        paths = PathList()
        numbers = array("q")  # each document's spool number, in input order
        summaries = SpooledSummaries(spool, [rule.id for rule in batch_rules], paths)
        wrong: set[str] = set()
        try:
            for document, (own, summary, fixed) in mapper.map(documents, ruleset, context):
                paths.append(document.path)
                numbers.append(spool.append((document, own), weight=len(document.text)))
                summaries.append(summary)
                wrong |= fixed
                if on_document is not None:
                    on_document()
        except KeyboardInterrupt:
            if on_interrupt is None:
                raise
            on_interrupt(len(numbers))
        if context.engines and len(numbers) > 1:
            context = with_stories([spool[number][0] for number in numbers], context)
        cross = mapper.merge(batch_rules, summaries.by_rule(), context) if batch_rules and numbers else {}
        # One pass over the cross-document findings (the merge may keep them pickled): the files
        # they point into (only they point into other files), and whether one proposes a fix.
        named: set[str] = set()
        cross_fixes = False
        for found in cross.values():
            for finding in found:
                named.update(r.path for r in finding.related if r.path is not None)
                cross_fixes = cross_fixes or (finding.rule_id not in deferring and finding.fix is not None)
        by_path = {path: number for path, number in zip(paths, numbers) if path in named or (cross_fixes and path in cross)}
        results: Iterable[Result] = (_result(spool[number], cross) for number in numbers)
        if any(isinstance(engine, ReportingEngine) for engine in context.engines.values()):
            results = list(results)
            add_engine_findings(results, context)
            wrong = {form for result in results for form in contradicted_forms(result.document.text, result.findings, deferring)}
        elif cross_fixes:
            for path, found in cross.items():  # only the files that have cross-document findings
                wrong |= contradicted_forms(spool[by_path[path]][0].text, found, deferring)
        for result in results:
            if wrong:
                result.findings = _uncontradicted(result.findings, wrong, deferring)
            for path in {r.path for f in result.findings for r in f.related if r.path not in (None, result.path) and r.path in by_path}:
                result.related_sources[path] = spool[by_path[path]][0].source
            yield result


def _result(spooled: tuple[Document, OwnFindings], cross: Mapping[str, list[Finding]]) -> Result:
    document, own = spooled
    findings, measured = own.unpack()
    return Result(document, _ordered(findings + cross.get(document.path, [])), measured)


def _uncontradicted(findings: list[Finding], wrong: set[str], deferring: frozenset[str]) -> list[Finding]:
    """Drop the fix proposals of deferring rules (`Rule.DEFERS`) that another rule calls wrong.

    A form is called wrong when some finding of a non-deferring rule anywhere in the run
    covers it and proposes to change it. Without this, a consistency rule could propose the
    run's commoner "corona virus" while the term rule turns it back into "coronavirus", and
    `fix --unsafe-fixes` would swap them back and forth.
    """
    return [f for f in findings if f.rule_id not in deferring or f.fix is None or not any(comparable_form(e.replacement) in wrong for e in f.fix.edits)]
