"""Phase one and the merge of a batch run on a Dask cluster: `auditor check --dask SCHEDULER_ADDRESS`.

The same two phases as a local run (`check.parallel`), on Dask's engine: the rule set and
context are scattered to every worker once; batches of documents become tasks, a few per
worker thread in flight, and come back in input order. Each task's batch summaries stay on
the cluster, and one task merges them (`check.merge.judge_summaries`), so only findings come
back to this process. Needs the `dask` extra (`pip install 'auditor[dask]'`).
"""

from __future__ import annotations

import operator
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from auditor.check.document import Checked
from auditor.check.merge import judge_summaries
from auditor.check.parallel import BATCHES_IN_FLIGHT_PER_WORKER, batches, check_batch_of, ordered_window
from auditor.check.spool import LazyMapping

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.kinds.base import BatchRule
    from auditor.model import Finding
    from auditor.packs.load import RuleSet
    from auditor.text.document import Document

# One task's summaries: (path, rule id -> pickled summary) per document, in input order.
Summaries = list[tuple[str, dict[str, bytes]]]


class ClusterUnavailable(Exception):
    """Dask is not installed, or the scheduler cannot be reached: `str()` is one line saying which."""


# distributed's Client and Future: typed loosely here, as distributed itself leaves them.
Client = Any
Future = Any


CONNECT_SECONDS = 20.0


def connect(address: str) -> Client:
    """Return a client of the scheduler at `address`, or raise ClusterUnavailable after `CONNECT_SECONDS`."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable("--dask needs dask and distributed: pip install 'auditor[dask]'") from None
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {error}") from None


class DaskMapper:
    """Check documents on the cluster of `client`, and merge their batch summaries there."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._summaries: list[Future] = []
        self._done = 0  # batches handed on: after a Ctrl-C, those in flight are not merged
        self._shared: Future | None = None

    def map(self, documents: Iterable[Document], ruleset: RuleSet, context: CheckContext) -> Iterator[tuple[Document, Checked]]:
        client = self.client
        self._summaries = []
        self._shared = client.scatter((ruleset, context), broadcast=True, hash=False)
        window = max(2, BATCHES_IN_FLIGHT_PER_WORKER * sum(client.nthreads().values()))
        self._done = 0
        for batch, checked in ordered_window(batches(documents), self._submit, _findings_of, window):
            yield from zip(batch, checked)
            self._done += 1

    def _submit(self, batch: list[Document]) -> Future:
        both = self.client.submit(_check_remote, batch, self._shared, pure=False)
        self._summaries.append(self.client.submit(operator.itemgetter(1), both, pure=False))
        return self.client.submit(operator.itemgetter(0), both, pure=False)

    def merge(self, batch_rules: Sequence[BatchRule], summaries: Mapping[str, Mapping[str, Any]], context: CheckContext) -> Mapping[str, list[Finding]]:
        merged = self.client.submit(_merge_remote, list(batch_rules), context, *self._summaries[: self._done], pure=False)
        self._summaries = []
        pickled: dict[str, bytes] = merged.result()
        return LazyMapping(pickled, pickle.loads, recent=0)


def _findings_of(future: Future) -> list[Checked]:
    return future.result()  # type: ignore[no-any-return]


def _check_remote(documents: list[Document], shared: tuple[RuleSet, CheckContext]) -> tuple[list[Checked], Summaries]:
    """On a worker: check a batch; return it without its summaries, and the summaries apart (they stay on the cluster)."""
    checked = check_batch_of(documents, *shared)
    light = [one._replace(summaries={}) for one in checked]
    return light, [(document.path, one.summaries) for document, one in zip(documents, checked)]


def _merge_remote(batch_rules: list[BatchRule], context: CheckContext, *parts: Summaries) -> dict[str, bytes]:
    """On a worker: the cross-document step over every task's summaries, in input order; each
    path's findings pickled apart, as this process unpickles one file's when it reports that file
    (held unpickled, a large run's made its peak grow with the run)."""
    by_rule: dict[str, dict[str, bytes]] = {rule.id: {} for rule in batch_rules}
    for part in parts:
        for path, summary in part:
            for rule_id, pickled in summary.items():
                by_rule[rule_id][path] = pickled
    found = judge_summaries(batch_rules, {rule_id: LazyMapping(pickled, pickle.loads) for rule_id, pickled in by_rule.items()}, context)
    return {path: pickle.dumps(findings, pickle.HIGHEST_PROTOCOL) for path, findings in found.items()}
