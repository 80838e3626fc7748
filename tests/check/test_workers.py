"""Forked workers (`check.workers.ForkedWorkers`): input order kept, and a dead worker never leaves the run waiting.

`multiprocessing.Pool` hangs forever when a worker dies holding its queue's lock or with a
task in hand; these tests kill workers on purpose and expect the run to finish, in order,
with the same results, the rest done in the parent.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.check.workers import ForkedWorkers

PARENT = os.getpid()


def _square(number: int) -> int:
    time.sleep(0.01 * (number % 3))  # uneven, so answers come back out of order
    return number * number


def _square_but_die_on_3(number: int) -> int:
    if number == 3 and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return number * number


def _die_in_a_worker(number: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return number * number


def _fail_on_2(number: int) -> int:
    if number == 2:
        raise ValueError(f"cannot take {number}")
    return number


def test_answers_come_back_in_input_order() -> None:
    notices: list[str] = []
    with ForkedWorkers(3, _square, notices.append) as workers:
        assert list(workers.map_ordered(range(30), window=6)) == [(n, n * n) for n in range(30)]
    assert notices == []


def test_no_more_than_the_window_is_taken_ahead_of_what_is_yielded() -> None:
    taken: list[int] = []

    def numbers() -> Iterator[int]:
        for number in range(40):
            taken.append(number)
            yield number

    with ForkedWorkers(2, _square, print) as workers:
        for number, _ in workers.map_ordered(numbers(), window=4):
            assert len(taken) - number <= 4


def test_a_killed_worker_leaves_the_rest_to_this_process_with_the_same_answers() -> None:
    notices: list[str] = []
    with ForkedWorkers(2, _square_but_die_on_3, notices.append) as workers:
        assert list(workers.map_ordered(range(12), window=4)) == [(n, n * n) for n in range(12)]
    assert notices == ["a worker process was killed (SIGKILL, perhaps for want of memory); the rest of the run is checked in this process"]


def test_workers_that_die_at_once_do_not_stop_the_run() -> None:
    notices: list[str] = []
    with ForkedWorkers(2, _die_in_a_worker, notices.append) as workers:
        assert list(workers.map_ordered(range(5), window=4)) == [(n, n * n) for n in range(5)]
    assert notices == ["a worker process ended (exit status 3); the rest of the run is checked in this process"]


def test_an_error_raised_in_a_worker_is_raised_here() -> None:
    with ForkedWorkers(2, _fail_on_2, print) as workers, pytest.raises(ValueError, match="cannot take 2"):
        list(workers.map_ordered(range(6), window=4))


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="looks for processes in Linux's /proc")
def test_leaving_early_kills_the_workers() -> None:
    workers = ForkedWorkers(2, _square, print)
    pids = [process.pid for process, _ in workers._workers]
    with workers:
        answers = workers.map_ordered(range(100), window=4)
        assert next(answers) == (0, 0)
        answers.close()
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)


@pytest.mark.skipif(not hasattr(signal, "SIGRTMIN"), reason="real-time signals are Linux's")
def test_a_death_by_a_signal_python_has_no_name_for_is_still_described() -> None:
    from auditor.check.workers import _how_it_ended

    assert _how_it_ended(-(signal.SIGRTMIN + 3)) == f"was killed (signal {signal.SIGRTMIN + 3})"
    assert _how_it_ended(-signal.SIGKILL) == "was killed (SIGKILL, perhaps for want of memory)"
    assert _how_it_ended(3) == "ended (exit status 3)"
