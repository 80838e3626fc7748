"""What auditor does differently on a terminal: colour on standard output, a progress bar on standard error."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

# Runs shorter than this finish before a bar would be worth drawing.
PROGRESS_MIN_ITEMS = 10


def is_terminal(stream: IO[str]) -> bool:
    """Return whether `stream` is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def wants_color(stream: IO[str]) -> bool:
    """Return whether to colour output written to `stream` (a terminal, and NO_COLOR unset or empty)."""
    return not os.environ.get("NO_COLOR") and is_terminal(stream)


@contextmanager
def progress(total: int | None, description: str, stream: IO[str] | None = None) -> Iterator[Callable[[], None]]:
    """Yield a callback that advances a progress bar of `total` steps on standard error, with the rate and the time left.

    `total` None (a corpus streamed record by record) draws a bar of unknown length: the count
    and the rate, no time left. The bar is drawn only when the stream is a terminal, outside CI
    (`CI` set), and the run is long; otherwise the callback does nothing, so piped output and
    logs stay clean.
    """
    stream = sys.stderr if stream is None else stream
    if (total is not None and total < PROGRESS_MIN_ITEMS) or not is_terminal(stream) or os.environ.get("CI"):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")))
    rate = TextColumn("{task.fields[rate]}")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), rate, TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total, rate="")

        def advance() -> None:
            bar.advance(task)
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:,.1f} docs/s" if speed else "")

        yield advance
