"""Forked worker processes that never leave the parent waiting on a dead one.

`ForkedWorkers` replaces `multiprocessing.Pool` for `--jobs N`. The pool's workers share one
task queue and one result queue, each guarded by a semaphore: a worker killed while it holds
one (the out-of-memory killer, a stray SIGKILL), or a `terminate()` racing with running tasks,
can leave the parent blocked forever (CPython issues 78178 and 96995), and a task whose worker
died is never answered. Here each worker has a pipe of its own and at most one item in flight,
the parent waits on the pipes and the processes' sentinels together, so a death is seen at
once, and stopping is killing: there is no shared lock to leave held. When a worker dies, the
rest of the run is done in this process (`on_death` says so), with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows)."""
    return _FORK is not None


class ForkedWorkers(Generic[Item, Outcome]):
    """`count` processes forked now, each running `work` on the items it is sent, one at a time.

    The workers see the parent's memory as it was at the fork (the rule set, the globals `work`
    reads), ignore Ctrl-C and die with the parent (`child_of`). Use as a context manager:
    leaving it kills whatever is still running.
    """

    def __init__(self, count: int, work: Callable[[Item], Outcome], on_death: Callable[[str], None]) -> None:
        assert _FORK is not None, "ask can_fork() first"
        self._work = work
        self._on_death = on_death
        self._workers: list[tuple[BaseProcess, Connection]] = []
        parent = os.getpid()
        try:
            for _ in range(count):
                ours, theirs = _FORK.Pipe()
                inherited = [connection for _, connection in self._workers] + [ours]
                process = _FORK.Process(target=_serve, args=(parent, theirs, inherited, work), daemon=True)
                process.start()
                theirs.close()
                self._workers.append((process, ours))
        except BaseException:
            self.stop()  # a fork that failed (no memory, a process limit) leaves none of the others running
            raise

    def __enter__(self) -> ForkedWorkers[Item, Outcome]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Kill the workers (they keep no state worth saving) and reap them."""
        for process, connection in self._workers:
            connection.close()
            if process.exitcode is None:
                process.kill()
            process.join()
        self._workers = []

    def map_ordered(self, items: Iterable[Item], window: int) -> Iterator[tuple[Item, Outcome]]:
        """Yield (item, work(item)) in input order, at most `window` items taken and not yet yielded.

        An exception that `work` raises in a worker is raised here. If a worker dies, the others
        are stopped and every item not yet done is done in this process.
        """
        source = iter(items)
        taken: dict[int, Item] = {}  # number -> item, taken and not yet yielded
        done: dict[int, Outcome] = {}
        busy: dict[int, int] = {}  # worker index -> number of the item it holds
        next_in = next_out = 0
        exhausted = False
        while True:
            idle = [index for index in range(len(self._workers)) if index not in busy]
            for index in idle if self._workers else [None]:
                if exhausted or next_in - next_out >= (window if self._workers else 1):
                    break
                try:
                    taken[next_in] = next(source)
                except StopIteration:
                    exhausted = True
                    break
                if index is not None:
                    busy[index] = next_in
                    self._send(index, taken[next_in])
                next_in += 1
            while next_out in done:
                yield taken.pop(next_out), done.pop(next_out)
                next_out += 1
            if not taken:
                if exhausted:
                    return
            elif not self._workers:  # none ever, or one died: the rest here, in order
                done[next_out] = self._work(taken[next_out])
            else:
                self._collect(busy, done)

    def _send(self, index: int, item: Item) -> None:
        try:
            self._workers[index][1].send_bytes(pickle.dumps(item, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # it died: `_collect` sees its sentinel

    def _collect(self, busy: dict[int, int], done: dict[int, Outcome]) -> None:
        """Wait for an answer or a death; file answers in `done` and free their workers."""
        answering = {connection: index for index, (_, connection) in enumerate(self._workers) if index in busy}
        dying = {process.sentinel: process for process, _ in self._workers}
        for ready in wait([*answering, *dying]):
            if isinstance(ready, int):
                self._lost(dying[ready], busy)
                return
            index = answering[ready]  # type: ignore[index]
            try:
                ok, value = pickle.loads(self._workers[index][1].recv_bytes())
            except (EOFError, OSError):
                self._lost(self._workers[index][0], busy)
                return
            if not ok:
                raise value
            done[busy.pop(index)] = value

    def _lost(self, process: BaseProcess, busy: dict[int, int]) -> None:
        """Stop every worker after one died; what they held is done in this process."""
        process.join()
        self.stop()
        busy.clear()
        self._on_death(f"a worker process {_how_it_ended(process.exitcode)}; the rest of the run is checked in this process")


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:  # a signal Python has no name for (SIGRTMIN + n)
            name = f"signal {-exitcode}"
        return f"was killed ({name}{', perhaps for want of memory' if name == 'SIGKILL' else ''})"
    return f"ended (exit status {exitcode})"


def _serve(parent: int, connection: Connection, inherited: list[Connection], work: Callable[[object], object]) -> None:
    """A worker's loop: answer each item with (True, outcome) or (False, the exception raised)."""
    child_of(parent)
    for other in inherited:  # the parent's ends: held open here, they would hide its death from the pipes
        other.close()
    while True:
        try:
            item = pickle.loads(connection.recv_bytes())
        except EOFError:
            return  # the parent is gone
        try:
            answer = pickle.dumps((True, work(item)), pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - raised again in the parent, which decides
            answer = _pickled_error(error)
        try:
            connection.send_bytes(answer)
        except OSError:
            return  # the parent is gone


def _pickled_error(error: Exception) -> bytes:
    try:
        return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that cannot travel is described instead
        return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")), pickle.HIGHEST_PROTOCOL)


def child_of(parent: int) -> None:
    """Set up a forked process: it ignores Ctrl-C (the parent decides what an interrupt means)
    and, on Linux, is killed when the parent dies, so that a killed run leaves no process behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)
