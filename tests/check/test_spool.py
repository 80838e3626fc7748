"""The spool keeps a run's values between its phases, in memory or on disk, read back by number."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

from auditor.check import spool
from auditor.check.spool import InputOrder, LazyMapping, PathList, Spool

VALUES = [{"n": n, "text": "word " * (n * 37 % 200)} for n in range(60)]


@pytest.mark.parametrize("in_memory", [10**9, 2_000, 0])
def test_values_come_back_by_number_in_memory_or_on_disk(monkeypatch: pytest.MonkeyPatch, in_memory: int) -> None:
    monkeypatch.setattr(spool, "IN_MEMORY_BYTES", in_memory)
    with Spool() as stored:
        numbers = [stored.append(value) for value in VALUES]
        assert numbers == list(range(60)) and len(stored) == 60
        assert [stored[n] for n in reversed(numbers)] == list(reversed(VALUES))


def test_weighed_values_are_held_unpickled_until_their_weight_is_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "HELD_WEIGHT", 250)
    with Spool() as stored:
        numbers = [stored.append(value, weight=100) for value in VALUES[:5]]
        assert [stored[n] is value for n, value in zip(numbers, VALUES)] == [True, True, True, False, False]
        assert [stored[n] for n in numbers] == VALUES[:5]


def _read_all_backwards(stored: Spool) -> None:
    for number in reversed(range(len(stored))):
        assert stored[number] == VALUES[number]


def test_a_forked_reader_does_not_disturb_the_parents_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    # A forked process shares the file's offset: the merge of `check.parallel` reads the summaries
    # while the parent waits, then the parent reads the documents again.
    monkeypatch.setattr(spool, "IN_MEMORY_BYTES", 0)
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    with Spool() as stored:
        for value in VALUES:
            stored.append(value)
        assert stored[3] == VALUES[3]  # the parent has read before
        child = multiprocessing.get_context("fork").Process(target=_read_all_backwards, args=(stored,))
        child.start()
        child.join()
        assert child.exitcode == 0
        assert [stored[n] for n in range(4, 60)] == VALUES[4:]


def test_lazy_mapping_loads_each_value_when_asked_and_keeps_a_few() -> None:
    loads: list[int] = []

    def load(key: int) -> str:
        loads.append(key)
        return f"value {key}"

    mapping = LazyMapping({"a": 1, "b": 2, "c": 3}, load, recent=2)
    assert list(mapping) == ["a", "b", "c"] and len(mapping) == 3
    assert mapping["a"] == "value 1" and mapping["a"] == "value 1"
    assert loads == [1]
    mapping["b"], mapping["c"], mapping["a"]
    assert loads == [1, 2, 3, 1]  # "a" was the least recent of three with room for two
    assert "b" in mapping and "z" not in mapping and mapping.get("z") is None
    assert loads == [1, 2, 3, 1]  # asking whether a path is there loads nothing


def test_path_list_gives_back_every_path_as_appended() -> None:
    paths = ["seeds/a.txt", "archive/caf\u00e9.md", "corpus.jsonl#17", "bad-\udcff-name.txt", ""]
    listed = PathList()
    for path in paths:
        listed.append(path)
    assert list(listed) == paths and len(listed) == len(paths)
    assert listed[-2] == paths[-2] and listed[1:3] == paths[1:3]
    with pytest.raises(IndexError):
        listed[len(paths)]


def test_input_order_maps_each_path_to_its_last_number_and_skips_missing_ones() -> None:
    order = InputOrder(["a", "b", "a", "c"], [0, -1, 2, 3])
    assert dict(order) == {"a": 2, "c": 3}
    assert list(order) == ["a", "c"]


def test_findings_that_came_pickled_are_not_kept_unpickled_once_read() -> None:
    # A worker's findings wait pickled (the first documents of a run held as they came, in the
    # spool's memory): phase two unpacks each once, and must not leave them unpickled there.
    from auditor.check.document import OwnFindings
    from auditor.model import Finding, Severity, Span

    finding = Finding("TY001", "stray-quote-mark", Severity.WARNING, "a stray quote mark", Span(3, 4), family="typography")
    own = OwnFindings([finding], {"grade": 9.5})
    assert own.unpack()[0][0] is finding  # made here: nothing to unpickle
    came = pickle.loads(pickle.dumps(own))
    first, second = came.unpack(), came.unpack()
    assert first == second == ([finding], {"grade": 9.5})
    assert first[0] is not second[0]  # each unpickled afresh, none kept
