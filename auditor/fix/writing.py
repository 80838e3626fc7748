"""Write fixed text back to its file without ever losing data.

The new bytes go to a temporary file in the same folder (so the final rename stays on one
file system), are flushed and fsynced, take the original's permissions, and then replace
the original with one atomic `os.replace`. Until that rename the original is untouched;
after it the new content is complete. The text is encoded as it was read: same encoding,
same BOM, and (since fixes edit the decoded text without translating newlines) the same
line endings outside the edits.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress

from auditor.read.inputs import SourceFile

BACKUP_SUFFIX = ".bak"
TEMPORARY_SUFFIX = ".auditor-tmp"
NEW_FILE_MODE = 0o644  # a file written atomically where none was: mkstemp alone would make it 0600
# `_replace_atomically`'s names: "." + the file's name + "." + mkstemp's 8 random characters + the suffix.
_TEMPORARY_RE = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX))
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class WriteError(Exception):
    """A file that could not be written; `str()` is one line naming it. The file is intact."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def encode_text(source: SourceFile, text: str) -> bytes:
    """Return `text` encoded the way `source` was read: its encoding and its BOM."""
    try:
        return (("\ufeff" if source.bom else "") + text).encode(source.encoding)
    except UnicodeEncodeError as error:
        character = error.object[error.start]
        raise WriteError(
            source.path, f"the fixed text has {character!r} (U+{ord(character):04X}), which {source.encoding} cannot encode; not written"
        ) from None


def write_source(source: SourceFile, text: str, *, backup: bool = False) -> str | None:
    """Replace the file of `source` with `text`, atomically; return the backup's path if kept.

    Refuses (WriteError, file untouched) when the file is read-only, or when its bytes on
    disk are no longer the bytes `source` was decoded from: someone edited it meanwhile,
    and overwriting would lose their change. A symbolic link is written through, so the
    link stays a link. Hard links to the file keep the old content (the file is replaced,
    not rewritten in place, which is what makes the write atomic).
    """
    data = encode_text(source, text)
    target = os.path.realpath(source.path)
    try:
        status = os.stat(target)
        # No write bit at all counts even for root, who may write anyway: the user marked it.
        if status.st_mode & _WRITE_BITS == 0 or not os.access(target, os.W_OK):
            raise WriteError(source.path, "file is read-only; not written")
        with open(target, "rb") as handle:
            current = handle.read()
        if source.raw is not None and current != source.raw:
            raise WriteError(source.path, "changed on disk since it was read; not overwritten")
        backup_path = None
        if backup:
            backup_path = source.path + BACKUP_SUFFIX
            _replace_atomically(os.path.realpath(backup_path), current, status)
        _replace_atomically(target, data, status)
    except FileNotFoundError:
        raise WriteError(source.path, "was removed since it was read; not written") from None
    except OSError as error:
        raise WriteError(source.path, f"cannot write: {error.strerror or error}; the file is unchanged") from None
    return backup_path


def write_atomically(target: str, data: bytes) -> None:
    """Replace `target` with `data` (or create it, mode 0644): a reader sees the old file or the new, never a part.

    An existing file keeps its permissions and, where allowed, its owner.
    """
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    _replace_atomically(target, data, status)


def _replace_atomically(target: str, data: bytes, status: os.stat_result | None) -> None:
    folder = os.path.dirname(target) or "."
    descriptor, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=TEMPORARY_SUFFIX, dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode) if status is not None else NEW_FILE_MODE)
        if status is not None:
            _keep_owner(temporary, status)
        os.replace(temporary, target)
    except BaseException:
        # Interrupted (error, Ctrl-C) before the rename: the original was never touched.
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _keep_owner(path: str, status: os.stat_result) -> None:
    # Only a privileged user can give a file away; anyone else keeps their own ownership.
    if hasattr(os, "chown"):
        with suppress(OSError):
            os.chown(path, status.st_uid, status.st_gid)


def _sync_folder(folder: str) -> None:
    # Make the rename itself durable; folders cannot be opened on every platform.
    if not hasattr(os, "O_DIRECTORY"):
        return
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temporaries(folders: Iterable[str], before: float) -> list[str]:
    """Remove the temporary files of an earlier `fix` that was killed before its rename; return their paths.

    Only files of auditor's own naming (`.NAME.xxxxxxxx.auditor-tmp`) last modified before
    `before` (the start of this run) are removed: a run writing beside this one is left alone.
    The original file was never touched by the killed run, so nothing is lost.
    """
    removed = []
    for folder in sorted(set(folders)):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not _TEMPORARY_RE.fullmatch(entry.name):
                continue
            with suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < before:
                    os.unlink(entry.path)
                    removed.append(entry.path)
    return removed
