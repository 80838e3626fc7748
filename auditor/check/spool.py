"""A run's values between its two phases, pickled to a temporary file and read back by number.

A batch run checks every document before the cross-document step can judge any of them, so
what it learnt of each (findings, batch summaries, the document itself) waits somewhere. In
memory that grows with the corpus; here only one offset per value stays in memory.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from types import TracebackType
from typing import Any, BinaryIO, Generic, TypeVar, overload

Key = TypeVar("Key")


IN_MEMORY_BYTES = 8 * 1024 * 1024  # a smaller spool never touches the disk
HELD_WEIGHT = 1_000_000  # values are kept unpickled until their weights (characters of text) reach this


class Spool:
    """Append-only pickles, in memory up to `IN_MEMORY_BYTES`, then in an anonymous temporary file
    (gone when closed, or when the process ends).

    The file is unbuffered and every read and write seeks first: a forked process (the merge of
    `check.parallel`) shares the file's offset, which a buffered file would trust.
    """

    def __init__(self) -> None:
        self._memory: bytearray | None = bytearray()
        self._file: BinaryIO | None = None
        self._offsets = array("q", [0])
        self._held: dict[int, Any] = {}
        self._held_weight = 0

    def append(self, value: Any, weight: int | None = None) -> int:
        """Store a value; return its number.

        Values with a `weight` are kept as they are (not pickled) until the weights reach
        `HELD_WEIGHT`: a small run, or a run of one large document, pays no pickling.
        """
        if weight is not None and self._held_weight < HELD_WEIGHT:
            self._held_weight += weight
            self._held[len(self)] = value
            self._offsets.append(self._offsets[-1])
            return len(self) - 1
        return self.append_pickled(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def append_pickled(self, data: bytes) -> int:
        """Store a value already pickled; return its number."""
        end = self._offsets[-1]
        if self._memory is not None and end + len(data) > IN_MEMORY_BYTES:
            self._file = tempfile.TemporaryFile(buffering=0)
            write_at(self._file, 0, self._memory)
            self._memory = None
        if self._memory is not None:
            self._memory += data
        else:
            assert self._file is not None
            write_at(self._file, end, data)
        self._offsets.append(end + len(data))
        return len(self._offsets) - 2

    def __getitem__(self, number: int) -> Any:
        if number in self._held:
            return self._held[number]
        start, end = self._offsets[number], self._offsets[number + 1]
        if self._memory is not None:
            return pickle.loads(self._memory[start:end])
        assert self._file is not None
        return pickle.loads(read_at(self._file, start, end))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._memory = None
        self._held.clear()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()


def write_at(file: BinaryIO, at: int, data: bytes | bytearray) -> None:
    """Write all of `data` at offset `at` of an unbuffered file, seeking first (see `Spool`)."""
    file.seek(at)
    view = memoryview(data)
    while view:
        view = view[file.write(view) :]


def read_at(file: BinaryIO, start: int, end: int) -> bytes:
    """Read the bytes from `start` to `end` of an unbuffered file, seeking first (see `Spool`)."""
    file.seek(start)
    chunks = []
    while start < end:
        chunk = file.read(end - start)
        if not chunk:
            raise EOFError(f"the temporary file ends at byte {start}, before {end}")
        chunks.append(chunk)
        start += len(chunk)
    return b"".join(chunks)


class SpooledSummaries:
    """Each document's batch summaries (rule id -> pickled summary), kept in a spool in input order.

    `by_rule` reads them as the merge wants them: rule id -> path -> summary, each unpickled
    when looked up. `paths` is the run's list of paths, to which the caller appends each
    document's before its summaries.
    """

    def __init__(self, spool: Spool, rule_ids: Iterable[str], paths: Sequence[str]) -> None:
        self._spool = spool
        self._paths = paths
        self._numbers = {rule_id: array("q") for rule_id in rule_ids}  # each document's summary's number, or -1

    def append(self, pickled: Mapping[str, bytes]) -> None:
        """Store the summaries of the document whose path was appended last (a rule without one is absent)."""
        for rule_id, numbers in self._numbers.items():
            summary = pickled.get(rule_id)
            numbers.append(-1 if summary is None else self._spool.append_pickled(summary))

    def by_rule(self) -> dict[str, Mapping[str, Any]]:
        return {rule_id: LazyMapping(InputOrder(self._paths, numbers), self._spool.__getitem__) for rule_id, numbers in self._numbers.items()}


class LazyMapping(Mapping[str, Any], Generic[Key]):
    """Path -> value, each value loaded when asked for (from a spool, or unpickled), the last few kept.

    The cross-document step reads each summary once in order and a few again at random; a
    summary sits in memory several times larger than its pickle.
    """

    def __init__(self, keys: Mapping[str, Key], load: Callable[[Key], Any], recent: int = 64) -> None:
        self._keys = keys
        self._load = load
        self._recent: OrderedDict[str, Any] = OrderedDict()
        self._room = recent

    def __getitem__(self, path: str) -> Any:
        if path in self._recent:
            self._recent.move_to_end(path)
            return self._recent[path]
        value = self._recent[path] = self._load(self._keys[path])
        if len(self._recent) > self._room:
            self._recent.popitem(last=False)
        return value

    def __contains__(self, path: object) -> bool:
        return path in self._keys  # without loading the value, as Mapping's own would

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class PathList(Sequence[str]):
    """Append-only list of paths held as one UTF-8 buffer and an array of offsets.

    A batch run keeps every document's path until its end; as a list of strings each would be
    a small object of its own, some 80 bytes a path, pinning memory the run's passing objects
    would reuse. Here a path costs its bytes and one offset.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._ends = array("q")

    def append(self, path: str) -> None:
        self._buffer += path.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._buffer))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative indices, and IndexError past the end
        start = self._ends[index - 1] if index else 0
        return self._buffer[start : self._ends[index]].decode("utf-8", "surrogatepass")


class InputOrder(Mapping[str, int]):
    """Path -> spool number for values stored one per document in input order (a negative number: none).

    A run keeps a list of paths and arrays of numbers, some 100 bytes per document, and the
    path index, a dict of several times that, is built only when first looked up: by the merge,
    which runs in a forked process when there are workers. A path given twice maps to its last
    value, as a dict filled in order would.
    """

    def __init__(self, paths: Sequence[str], numbers: Sequence[int]) -> None:
        self._paths = paths
        self._numbers = numbers

    @cached_property
    def _index(self) -> dict[str, int]:
        return {path: number for path, number in zip(self._paths, self._numbers) if number >= 0}

    def __getitem__(self, path: str) -> int:
        return self._index[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
