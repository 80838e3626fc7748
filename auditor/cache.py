"""A per-user on-disk cache of values that are slow to build and fully determined by their inputs.

Loading the built-in rule packs (YAML, a gazetteer, hundreds of regexes validated) and
wordfreq's table took most of a short run's time, yet both depend only on files that rarely
change. An entry's file name is a digest of everything that determines it: the Python
version, auditor's own source files (name, size, modification time) and the caller's inputs
(file contents or stamps). A stale entry is therefore never read, only replaced.

The cache lives in `$AUDITOR_CACHE_DIR`, else `$XDG_CACHE_HOME/auditor`, else
`~/.cache/auditor`; `AUDITOR_NO_CACHE=1` turns it off. Entries are only read from a folder
and file that the current user owns and nobody else may write to (they are unpickled), and
any problem reading or writing one just means building the value again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = b"1"  # bump when the layout of entries changes


def cache_dir() -> Path | None:
    """Return the cache folder, or None when caching is turned off."""
    if os.environ.get("AUDITOR_NO_CACHE"):
        return None
    configured = os.environ.get("AUDITOR_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "auditor"


@functools.cache
def code_stamp() -> bytes:
    """Return a digest of the interpreter and auditor's source files: cached values depend on both."""
    digest = hashlib.sha256(sys.version.encode() + _FORMAT)
    stamps = []
    for folder, subfolders, files in os.walk(_PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                stamps.append(f"{os.path.relpath(os.path.join(folder, name), _PACKAGE)}\0{info.st_size}\0{info.st_mtime_ns}\n")
    digest.update("".join(sorted(stamps)).encode())
    return digest.digest()


def file_stamp(path: Path) -> bytes:
    """Return an input part that changes whenever `path` is replaced or edited (name, size, time)."""
    try:
        info = path.stat()
    except OSError:
        return f"{path}\0missing".encode()
    return f"{path}\0{info.st_size}\0{info.st_mtime_ns}".encode()


def cached(
    name: str,
    inputs: Iterable[bytes],
    build: Callable[[], T],
    *,
    dump: Callable[[T], bytes] = pickle.dumps,
    load: Callable[[bytes], T] = pickle.loads,
) -> T:
    """Return the value `build()` would return, from the cache when an entry for `inputs` exists.

    `name` groups the entries of one kind of value: writing a new entry removes the older
    ones of the same name, so the cache holds one entry per name.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(code_stamp())
    for part in inputs:
        digest.update(hashlib.sha256(part).digest())
    path = folder / f"{name}-{digest.hexdigest()[:32]}.bin"
    data = _read(path)
    if data is not None:
        try:
            return load(data)
        except Exception:  # noqa: BLE001 - a damaged entry is rebuilt, whatever it raises
            pass
    value = build()
    _write(path, name, dump(value))
    return value


def _private(info: os.stat_result) -> bool:
    if not hasattr(os, "getuid"):
        return True  # no POSIX owners (Windows): the user's profile folder is private already
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> bytes | None:
    try:
        if not (_private(path.parent.stat()) and _private(path.stat())):
            return None
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, name: str, data: bytes) -> None:
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent.stat()):
            return
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    for older in path.parent.glob(f"{name}-*.bin"):
        # Only this name's entries: "place-index-250000-<digest>" is not an older "place-<digest>".
        if older != path and len(older.name) == len(path.name):
            with contextlib.suppress(OSError):
                older.unlink()
