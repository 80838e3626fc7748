"""`--changed-only REF`: the files that git reports as changed against a ref."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path


class ChangedFilesError(Exception):
    """git could not list the changed files; `str()` is one line saying why."""


def _git(arguments: Sequence[str], folder: str) -> str:
    try:
        completed = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ChangedFilesError("--changed-only needs git, which is not installed") from None
    if completed.returncode != 0:
        message = completed.stderr.strip().splitlines()
        raise ChangedFilesError(f"--changed-only: git {arguments[0]} failed: {message[-1] if message else completed.returncode}")
    return completed.stdout


def changed_files(ref: str, paths: Sequence[str] = ()) -> frozenset[str]:
    """Return the real paths of the files `git diff --name-only REF` lists (deleted files left out).

    git runs in the folder that holds the audited paths, so the command may be run from
    outside the repository.
    """
    if ref.startswith("-"):
        raise ChangedFilesError(f"--changed-only: '{ref}' is not a git ref")
    folder = str(common_folder(paths))
    top = _git(["rev-parse", "--show-toplevel"], folder).strip()
    listing = _git(["diff", "--name-only", "--diff-filter=d", "-z", ref, "--"], folder)
    return frozenset(os.path.realpath(os.path.join(top, name)) for name in listing.split("\0") if name)


def common_folder(paths: Sequence[str]) -> Path:
    """Return the deepest folder holding every path (the current folder for none, or stdin only)."""
    real = [os.path.abspath(p) for p in paths if p != "-"]
    folder = Path(os.path.commonpath(real)) if real else Path.cwd()
    return folder if folder.is_dir() else folder.parent
