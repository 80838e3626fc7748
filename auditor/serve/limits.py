"""What one `auditor serve` process accepts (`--max-body`, `--workers`, `--queue`, `--timeout`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Body size in bytes, audit worker threads, audits waiting for a worker, seconds per audit."""

    max_body_bytes: int = 2_000_000
    workers: int = 2
    queue: int = 256
    timeout_s: float = 30.0
