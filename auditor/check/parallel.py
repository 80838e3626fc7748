"""Phase one of a batch run, each document on its own, here or in worker processes: `auditor check --jobs N`.

A `Mapper` checks documents (`check.document.check_one`) and yields them back with their
findings, readability and batch summaries in input order, whoever did the work; it also runs
the one merge of the cross-document step. `LocalMapper` uses this process (one job) or
forked worker processes; `check.dask.DaskMapper` a Dask cluster. Documents travel in batches
of about `BATCH_CHARACTERS` (small files together, so the per-task overhead does not dominate)
and only a few batches per worker are in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import sys
import tempfile
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from auditor.check.document import Checked, Part, check_one
from auditor.check.merge import RunningMerge, judge_summaries
from auditor.check.spool import PathList, Spool, SpooledSummaries, read_at, write_at
from auditor.check.workers import ForkedWorkers, can_fork, child_of

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from auditor.context import CheckContext
    from auditor.kinds.base import BatchRule
    from auditor.model import Finding
    from auditor.packs.load import RuleSet
    from auditor.text.document import Document

BATCH_CHARACTERS = 50_000
BATCH_DOCUMENTS = 500
BATCHES_IN_FLIGHT_PER_WORKER = 3
# A run of one batch is checked in this process; a document at least this long in it is checked
# rule by rule in `jobs` forked processes instead (`in_processes`): a run of one large file.
SHARED_DOCUMENT_CHARACTERS = 200_000

Batch = TypeVar("Batch")
Handle = TypeVar("Handle")
Outcome = TypeVar("Outcome")


class Mapper(Protocol):
    """Who checks the documents of a run (phase one) and judges their summaries together (the merge)."""

    def map(self, documents: Iterable[Document], ruleset: RuleSet, context: CheckContext) -> Iterator[tuple[Document, Checked]]:
        """Yield each document with `check_one` of it, in input order."""
        ...

    def merge(self, batch_rules: Sequence[BatchRule], summaries: Mapping[str, Mapping[str, Any]], context: CheckContext) -> Mapping[str, list[Finding]]:
        """Return the cross-document findings by path (`check.merge.judge_summaries`)."""
        ...


def available_jobs() -> int:
    """Return how many processes can run at once here (the CPUs this process may use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    """Group documents in input order into lists of about `BATCH_CHARACTERS` of text (at most `BATCH_DOCUMENTS` documents)."""
    batch: list[Document] = []
    size = 0
    for document in documents:
        batch.append(document)
        size += len(document.text)
        if size >= BATCH_CHARACTERS or len(batch) >= BATCH_DOCUMENTS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def ordered_window(
    items: Iterable[Batch], submit: Callable[[Batch], Handle], wait: Callable[[Handle], Outcome], window: int
) -> Iterator[tuple[Batch, Outcome]]:
    """Submit items as they come, at most `window` of them unfinished, and yield (item, outcome) in input order."""
    pending: deque[tuple[Batch, Handle]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        if len(pending) >= window:
            first, handle = pending.popleft()
            yield first, wait(handle)
    while pending:
        first, handle = pending.popleft()
        yield first, wait(handle)


def check_batch_of(documents: Sequence[Document], ruleset: RuleSet, context: CheckContext) -> list[Checked]:
    """Check each document of a batch on its own (what a worker does with one task)."""
    return [check_one(document, ruleset, context) for document in documents]


def in_processes(jobs: int) -> Callable[[Sequence[Part]], list[Any]]:
    """A runner for `check_one` that spreads a document's parts (each rule, its readability, its
    summaries) over `jobs` forked processes, each taking the next part when it is free.

    The processes inherit the parts and the document with the fork and send back only the
    outcomes, which come in the parts' order: the findings are those of `check_one` in this
    process. Each process segments the document again, as its first rule needs it.
    """

    def run(parts: Sequence[Part]) -> list[Any]:
        global _PARTS
        _PARTS = parts
        try:
            with ForkedWorkers(jobs, _run_part, _say) as workers:
                return [outcome for _, outcome in workers.map_ordered(range(len(parts)), window=len(parts))]
        finally:
            _PARTS = None

    return run


# The parts of the document being checked by `in_processes`, set in the parent just before forking.
_PARTS: Sequence[Part] | None = None


def _run_part(number: int) -> Any:
    assert _PARTS is not None, "set by in_processes before the processes were forked"
    return _PARTS[number]()


# The rule set and context of the current pool, and what the merge reads, set in the parent just
# before forking; the forked processes read them.
_WORK: tuple[RuleSet, CheckContext] | None = None
_MERGE: tuple[Sequence[BatchRule], Mapping[str, Mapping[str, Any]], CheckContext, FindingsFile] | None = None


class LocalMapper:
    """Check documents in this process (`jobs` 1) or in `jobs` forked worker processes; merge here.

    Workers are forked after the rules are loaded, so each starts with the rule set and context
    in memory and is sent only documents. Where processes cannot be forked (Windows), documents
    are checked in this process. Workers ignore Ctrl-C and die with the parent; a dead worker is seen at once (`check.workers`).
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._forked = False  # whether the last `map` used worker processes
        self._merger: _Merger | None = None  # fed the summaries of the last `map`, if it ran to the end

    def map(self, documents: Iterable[Document], ruleset: RuleSet, context: CheckContext) -> Iterator[tuple[Document, Checked]]:
        grouped = batches(documents)
        first = next(grouped, [])
        second = next(grouped, None)
        self._forked = second is not None and self.jobs > 1 and can_fork()
        if second is None or not self._forked:
            # One batch is work for one process: forking workers would only add their start-up,
            # unless a document of it is long enough to share its rules among them.
            shared = self.jobs > 1 and can_fork()
            for document in itertools.chain(first, second or (), itertools.chain.from_iterable(grouped)):
                if shared and len(document.text) >= SHARED_DOCUMENT_CHARACTERS:
                    yield document, check_one(document, ruleset, context, in_processes(self.jobs))
                else:
                    yield document, check_one(document, ruleset, context)
            return
        global _WORK
        _WORK = (ruleset, context)
        merger = _Merger(ruleset.batch_rules, context) if ruleset.batch_rules else None
        try:
            with ForkedWorkers(self.jobs, _check, _say) as workers:
                every = itertools.chain((first, second), grouped)
                for batch, checked in workers.map_ordered(every, window=self.jobs * BATCHES_IN_FLIGHT_PER_WORKER):
                    if merger is not None:
                        merger.feed([(document.path, one.summaries) for document, one in zip(batch, checked)])
                    yield from zip(batch, checked)
            self._merger, merger = merger, None  # every document was yielded: the merger has what the run has
        finally:
            _WORK = None
            if merger is not None:
                merger.stop()

    def merge(self, batch_rules: Sequence[BatchRule], summaries: Mapping[str, Mapping[str, Any]], context: CheckContext) -> Mapping[str, list[Finding]]:
        """Judge the summaries in another process when there are workers: the merger fed during
        `map` (`_Merger`), else, where it cannot serve (see `RunningMerge`), a process forked now.
        The merge holds every document's spellings at once, and the parent, which must stay small,
        only gets the findings, each file's pickled apart in a temporary file and read back when that
        file is reported (`FindingsFile`). A run of one batch, checked here, is merged here too: a fork would cost
        more than its merge."""
        if not self._forked:
            return judge_summaries(batch_rules, summaries, context)
        merger, self._merger = self._merger, None
        judged = merger.judge(context) if merger is not None else None
        if judged is not None:
            return judged
        global _MERGE
        judged_file = FindingsFile()
        _MERGE = (batch_rules, summaries, context, judged_file)
        try:
            with ForkedWorkers(1, _merge, _say) as worker:
                [(_, places)] = worker.map_ordered([None], window=1)
                return judged_file.opened(places)
        finally:
            _MERGE = None


class _Merger:
    """A forked process that runs the merge beside phase one (`check.merge.RunningMerge`).

    The parent feeds it each batch's summaries as they come back from the workers, already
    pickled; it keeps them in a spool of its own and builds the cross-document rules' run-wide
    tables while the workers still check documents, so that after phase one only the judging
    is left. It ignores Ctrl-C; the parent stops it when the run cannot use it.
    """

    def __init__(self, batch_rules: Sequence[BatchRule], context: CheckContext) -> None:
        self._connection, theirs = multiprocessing.get_context("fork").Pipe()
        self._judged = FindingsFile()
        self._process = multiprocessing.get_context("fork").Process(
            target=_merge_beside, args=(os.getpid(), theirs, self._connection, self._judged, batch_rules, context), daemon=True
        )
        self._process.start()
        theirs.close()

    def feed(self, summaries: list[tuple[str, Mapping[str, bytes]]]) -> None:
        """Send (path, rule id -> pickled summary) for each document of a batch, in input order."""
        try:
            self._connection.send_bytes(pickle.dumps(summaries, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # the process died: `judge` finds out and the merge is run over again

    def judge(self, context: CheckContext) -> FindingsFile | None:
        """Return the cross-document findings, or None where the merge must be run over again (story groups)."""
        if context.stories is not None:
            self.stop()
            return None
        try:
            self._connection.send_bytes(_JUDGE)
            judged = pickle.loads(self._connection.recv_bytes())
        except (EOFError, OSError):
            judged = None  # the process died: the merge is run over again, and fails there if it must
        self.stop()
        return None if judged is None else self._judged.opened(judged)

    def stop(self) -> None:
        try:
            self._connection.send_bytes(_STOP)
        except OSError:
            pass
        self._connection.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


_JUDGE = b"judge"
_STOP = b"stop"


def _merge_beside(
    parent: int, connection: Connection, parents_end: Connection, judged: FindingsFile, batch_rules: Sequence[BatchRule], context: CheckContext
) -> None:
    """The loop of `_Merger`'s process: take in summaries until asked to judge (or to stop)."""
    child_of(parent)
    parents_end.close()  # inherited: held open here, it would hide the parent's end of the pipe
    running = RunningMerge(batch_rules, context)
    with Spool() as spool:
        paths = PathList()
        summaries = SpooledSummaries(spool, [rule.id for rule in batch_rules], paths)
        while (message := _receive(connection)) not in (_JUDGE, _STOP):
            for path, pickled in pickle.loads(message):
                paths.append(path)
                summaries.append(pickled)
                try:
                    running.add(path, pickled)
                except Exception:  # the parent then runs the merge over again, where the error shows
                    running.usable = False
        if message == _JUDGE:
            found = running.findings(summaries.by_rule(), context)
            connection.send_bytes(pickle.dumps(None if found is None else judged.write(found), pickle.HIGHEST_PROTOCOL))
    connection.close()


def _receive(connection: Connection) -> bytes:
    try:
        return connection.recv_bytes()
    except EOFError:
        return _STOP  # the parent is gone (killed): nothing to judge for


class FindingsFile(Mapping[str, "list[Finding]"]):
    """Path -> cross-document findings, written to a temporary file by the process that judged
    them and read back one path's at a time.

    The file is made before that process is forked, which inherits it; reads and writes seek
    first, as the two processes share the file's offset (`spool.write_at`, `spool.read_at`). It
    is an anonymous temporary file, closed when this object goes (`weakref.finalize`). A large run's
    cross-document findings take tens of MiB unpickled and several pickled: the parent, which
    must stay small, holds only where each path's are.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(buffering=0)
        weakref.finalize(self, self._file.close)
        self._places: dict[str, tuple[int, int]] = {}

    def write(self, found: Mapping[str, list[Finding]]) -> dict[str, tuple[int, int]]:
        """Write each path's findings (in the judging process); return where each path's lie."""
        places: dict[str, tuple[int, int]] = {}
        end = 0
        for path, findings in found.items():
            pickled = pickle.dumps(findings, pickle.HIGHEST_PROTOCOL)
            write_at(self._file, end, pickled)
            places[path] = (end, end + len(pickled))
            end += len(pickled)
        return places

    def opened(self, places: dict[str, tuple[int, int]]) -> FindingsFile:
        """This file, to be read at `places` (what `write` returned in the judging process)."""
        self._places = places
        return self

    def __getitem__(self, path: str) -> list[Finding]:
        return pickle.loads(read_at(self._file, *self._places[path]))  # type: ignore[no-any-return]

    def __contains__(self, path: object) -> bool:
        return path in self._places  # without reading the findings, as Mapping's own would

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


def _say(message: str) -> None:
    print(f"auditor: {message}", file=sys.stderr)


def _check(documents: list[Document]) -> list[Checked]:
    assert _WORK is not None, "set by LocalMapper.map before the workers were forked"
    ruleset, context = _WORK
    return check_batch_of(documents, ruleset, context)


def _merge(_: None) -> dict[str, tuple[int, int]]:
    assert _MERGE is not None, "set by LocalMapper.merge before the process was forked"
    batch_rules, summaries, context, judged = _MERGE
    return judged.write(judge_summaries(batch_rules, summaries, context))
