"""Check documents in worker processes: `auditor check --jobs N`.

Workers are forked after the rules are loaded, so each starts with the rule set and the
documents already in memory and is sent only document numbers; each checks its documents on
their own (`check.document.check_one`) and sends back findings, readability and batch-rule summaries.
The parent keeps the input order and runs the cross-document step itself, so the results
equal a serial run's. Where processes cannot be forked (Windows), documents are checked in
this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from auditor.check.document import Checked, check_one

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.packs.load import RuleSet
    from auditor.text.document import Document

# The work of the current pool, set in the parent just before forking; workers read it.
_WORK: tuple[Sequence[Document], RuleSet, CheckContext, bool] | None = None


def available_jobs() -> int:
    """Return how many processes can run at once here (the CPUs this process may use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def check_each(
    documents: Sequence[Document], ruleset: RuleSet, context: CheckContext, jobs: int, *, pickled: bool = False
) -> Iterator[Checked]:
    """Yield `check_one` of each document, in order, computed by up to `jobs` worker processes."""
    global _WORK
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from (check_one(document, ruleset, context, pickled=pickled) for document in documents)
        return
    _WORK = (documents, ruleset, context, pickled)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(documents))) as pool:
            # Small chunks keep the workers evenly busy when file sizes differ.
            yield from pool.imap(_check, range(len(documents)), chunksize=4)
    finally:
        _WORK = None


def _check(index: int) -> Checked:
    assert _WORK is not None, "set by check_each before the workers were forked"
    documents, ruleset, context, pickled = _WORK
    return check_one(documents[index], ruleset, context, pickled=pickled)
