"""Tie a screenshot to the page it shows: the page's SHA-256 is stored in the PNG (a tEXt chunk).

A checked-in screenshot whose recorded hash differs from the checked-in page is stale; the
check needs no browser, so it runs everywhere (tests/report/test_reports_up_to_date.py).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"auditor-page"


def page_digest(page: Path) -> str:
    return hashlib.sha256(page.read_bytes()).hexdigest()


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG file")
    chunks, position = [], len(_SIGNATURE)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return chunks


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def stamp(screenshot: Path, page: Path, name: str) -> None:
    """Record in `screenshot` that it shows `page` (named `name`, relative to reports/) as it is now."""
    chunks = [(kind, body) for kind, body in _chunks(screenshot.read_bytes()) if not (kind == b"tEXt" and body.startswith(KEYWORD + b"\0"))]
    text = (KEYWORD + b"\0" + f"{name} sha256:{page_digest(page)}".encode("latin-1"),)
    chunks.insert(1, (b"tEXt", text[0]))  # right after IHDR
    screenshot.write_bytes(_SIGNATURE + b"".join(_chunk(kind, body) for kind, body in chunks))


def stamped(screenshot: Path) -> tuple[str, str] | None:
    """Return (page name, SHA-256) recorded in `screenshot`, or None when it has no stamp."""
    for kind, body in _chunks(screenshot.read_bytes()):
        if kind == b"tEXt" and body.startswith(KEYWORD + b"\0"):
            name, _, digest = body[len(KEYWORD) + 1 :].decode("latin-1").partition(" sha256:")
            return name, digest
    return None
