"""LanguageTool's answers on disk, one file per chunk: the same text is not sent twice across runs.

The key is a digest of the chunk and of everything else that shapes the answer (server,
language, rules, categories, level). Entries are JSON written atomically (a temporary file
renamed over the entry), so a killed run leaves no half-written entry; one that cannot be
read is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from auditor.cache import cache_dir

_FORMAT = "1"  # bump when the layout of entries changes


def chunk_key(text: str, server: str, fields: dict[str, str]) -> str:
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(json.dumps([server, sorted(fields.items()), text]).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class AnswerCache:
    """Raw `matches` lists of /v2/check answers, by chunk key; a no-op when caching is off."""

    def __init__(self, folder: Path | None = None) -> None:
        base = cache_dir()
        self.folder = folder if folder is not None else (base / "languagetool" if base else None)

    def get(self, key: str) -> list[dict[str, Any]] | None:
        if self.folder is None:
            return None
        try:
            matches = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return matches if isinstance(matches, list) else None

    def put(self, key: str, matches: list[dict[str, Any]]) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(matches, out, ensure_ascii=False)
                os.replace(temporary, self.folder / f"{key}.json")
            except BaseException:
                os.unlink(temporary)
                raise
