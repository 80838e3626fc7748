"""Add a word or name to the project vocabulary (`accepted-words`, `accepted-names`) in the config file.

The file is edited with tomlkit, which keeps its comments, order and layout; the new text is
parsed again before it replaces the old one atomically, so a reader (or a crash) sees the old
file or the new one, never half of it. Writes in one process are serialised by a lock.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.findings.config import CONFIG_FILE, PYPROJECT, ConfigError, load_config
from auditor.fix.writing import write_atomically

KEYS = {"word": "accepted-words", "name": "accepted-names"}
MAX_ENTRY_LENGTH = 100
# A word, or a name of a few words: letters, digits, apostrophes, hyphens and dots inside.
_ENTRY_RE = re.compile(r"[^\W_][\w'’.\-]*(?: [^\W_][\w'’.\-]*){0,5}")

_lock = threading.Lock()


class VocabularyError(ValueError):
    """An entry that cannot be added, or a config file that cannot be edited; `str()` is one line."""


@dataclass(frozen=True)
class Added:
    """What adding an entry did: the file, the key, whether it was new, and the key's entries now."""

    path: Path
    key: str
    added: bool
    entries: tuple[str, ...]


def is_entry(text: str) -> bool:
    """Whether `text` is a word or a short name that the vocabulary may hold."""
    return 0 < len(text) <= MAX_ENTRY_LENGTH and _ENTRY_RE.fullmatch(text) is not None


def check_entry(entry: str) -> str:
    """Return `entry` with its white space normalised; raise VocabularyError unless it is a word or a short name."""
    entry = " ".join(entry.split())
    if not is_entry(entry):
        raise VocabularyError(f"not a word or name: {entry[:MAX_ENTRY_LENGTH]!r}")
    return entry


def config_target(config_path: Path | None, folder: Path) -> Path:
    """The file to write: the config in use, else a new `.auditor.toml` in `folder`."""
    return config_path if config_path is not None else folder / CONFIG_FILE


def add_entry(path: Path, entry: str, kind: str) -> Added:
    """Add `entry` to the `kind` list ("word" or "name") of the config file at `path` (created if missing).

    An entry already listed (in any case) is not added twice. A file that is not a valid
    config is left untouched and raises VocabularyError naming it.
    """
    import tomlkit

    if kind not in KEYS:
        raise VocabularyError(f"unknown vocabulary kind {kind!r} (expected word or name)")
    entry, key = check_entry(entry), KEYS[kind]
    with _lock:
        original = _read(path)
        if original:
            try:
                load_config(path)
            except ConfigError as error:
                raise VocabularyError(str(error)) from None
        document = tomlkit.parse(original)
        table = _auditor_table(document, path)
        entries = table.get(key)
        if entries is None:
            entries = tomlkit.array()
            table[key] = entries
        listed = [str(item) for item in entries]
        if entry.casefold() in (item.casefold() for item in listed):
            return Added(path, key, False, tuple(listed))
        entries.append(entry)
        text = tomlkit.dumps(document)
        tomllib.loads(text)  # tomlkit wrote valid TOML: anything else would raise here, before the write
        try:
            write_atomically(str(path), text.encode("utf-8"))
        except OSError as error:
            raise VocabularyError(f"{path}: cannot write: {error.strerror or error}; the file is unchanged") from None
        return Added(path, key, True, (*listed, entry))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise VocabularyError(f"{path}: cannot read config: {getattr(error, 'strerror', None) or error}") from None


def _auditor_table(document: Any, path: Path) -> Any:
    """The table that holds auditor's keys: the top level of `.auditor.toml`, `[tool.auditor]` of pyproject.toml."""
    import tomlkit

    if path.name != PYPROJECT:
        return document
    tool = document.get("tool")
    if tool is None:
        tool = tomlkit.table(is_super_table=True)
        document["tool"] = tool
    auditor = tool.get("auditor")
    if auditor is None:
        auditor = tomlkit.table()
        tool["auditor"] = auditor
    return auditor
