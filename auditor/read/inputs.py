"""Find and decode the files to audit, refusing bad input with one clear line each."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# Translation files too (read.bitext); TSV, CSV and JSONL files are read as bitext only when named.
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.xlf", "*.xliff", "*.tmx")
STDIN_PATH = "-"
_BOM = "\ufeff"
# Byte-order marks of the wide encodings, UTF-32 first: its little-endian mark starts with UTF-16's.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


class InputError(Exception):
    """A path that cannot be audited; `str()` is the one-line message naming it."""

    def __init__(self, path: str, message: str, *, missing: bool = False) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.missing = missing


@dataclass(frozen=True)
class SourceFile:
    """A decoded input: the text rules see plus what is needed to write it back unchanged."""

    path: str  # as given on the command line (or found under a given folder)
    text: str  # decoded, BOM removed, line endings untouched
    encoding: str = "utf-8"
    bom: bool = False
    raw: bytes | None = None  # the bytes read, to detect a change on disk before writing
    translated_from: str | None = None  # the source text of a translation paired with `--source` (read.bitext)

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"


def discover(
    paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
) -> Iterator[str | InputError]:
    """Yield file paths to audit (or an InputError per bad path), directories recursively.

    Symbolic links to folders are followed once: a folder already visited (by device and
    inode) is skipped, so a link loop ends instead of recursing forever.
    """
    for given in paths:
        if given == STDIN_PATH:
            yield given
            continue
        if not os.path.lexists(given):
            yield InputError(given, "no such file or directory", missing=True)
        elif os.path.isdir(given):
            yield from _walk(given, include, exclude, set())
        elif not os.path.exists(given):
            yield InputError(given, "broken symbolic link", missing=True)
        elif not _excluded(given, exclude):
            yield given


def _excluded(path: str, exclude: Sequence[str]) -> bool:
    parts = Path(path).parts
    return any(fnmatch.fnmatch(path, pattern) or any(fnmatch.fnmatch(part, pattern) for part in parts) for pattern in exclude)


def _walk(folder: str, include: Sequence[str], exclude: Sequence[str], visited: set[tuple[int, int]]) -> Iterator[str | InputError]:
    try:
        status = os.stat(folder)
    except OSError as error:
        yield InputError(folder, f"cannot read folder: {error.strerror}")
        return
    key = (status.st_dev, status.st_ino)
    if key in visited:
        return
    visited.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield InputError(folder, f"cannot read folder: {error.strerror}")
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        if _excluded(path, exclude):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, include, exclude, visited)
        elif any(fnmatch.fnmatch(entry.name, pattern) for pattern in include):
            if not os.path.exists(path):
                yield InputError(path, "broken symbolic link")
            else:
                yield path


def decode(path: str, raw: bytes) -> SourceFile:
    """Decode bytes as UTF-8 (BOM stripped), UTF-16/32 with a BOM, or a detected legacy encoding; refuse binary data."""
    for mark, encoding in _WIDE_BOMS:
        # Before the binary test: UTF-16 and UTF-32 text is full of NUL bytes.
        if raw.startswith(mark):
            try:
                text = raw[len(mark) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(path, f"not valid {encoding.upper()} (byte {error.start + len(mark)}); not audited") from None
            return SourceFile(path=path, text=text, encoding=encoding, bom=True, raw=raw)
    if b"\x00" in raw[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), not audited")
    try:
        text = raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(path, raw)
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    return SourceFile(path=path, text=text, encoding=encoding, bom=bom, raw=raw)


def _decode_legacy(path: str, raw: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise InputError(path, "not valid UTF-8 and no text encoding detected; convert it to UTF-8")
    if best.encoding.startswith("utf_16") or best.encoding.startswith("utf_32"):
        raise InputError(path, f"{best.encoding} text is not supported; convert it to UTF-8")
    return str(best), best.encoding


def read_source(path: str) -> SourceFile:
    """Read and decode one path (`-` is standard input)."""
    if path == STDIN_PATH:
        raw = sys.stdin.buffer.read()
        return decode("<stdin>", raw)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except IsADirectoryError:
        raise InputError(path, "is a folder") from None
    except FileNotFoundError:
        raise InputError(path, "no such file or directory", missing=True) from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    return decode(path, raw)
