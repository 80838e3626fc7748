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
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Generic, TypeVar

Key = TypeVar("Key")


class Spool:
    """Append-only pickles in an anonymous temporary file (gone when closed, or when the process ends)."""

    def __init__(self, in_memory: int = 8 * 1024 * 1024) -> None:
        # A small run never touches the disk: the file stays in memory up to `in_memory` bytes.
        self._file = tempfile.SpooledTemporaryFile(max_size=in_memory)
        self._offsets = array("q", [0])

    def append(self, value: Any) -> int:
        """Store a value; return its number."""
        return self.append_pickled(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def append_pickled(self, data: bytes) -> int:
        """Store a value already pickled; return its number."""
        self._file.seek(self._offsets[-1])
        self._file.write(data)
        self._offsets.append(self._offsets[-1] + len(data))
        return len(self._offsets) - 2

    def __getitem__(self, number: int) -> Any:
        start, end = self._offsets[number], self._offsets[number + 1]
        self._file.seek(start)
        return pickle.loads(self._file.read(end - start))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()


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

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
