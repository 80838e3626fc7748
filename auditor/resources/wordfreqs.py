"""wordfreq's English frequency table, read through the on-disk cache (`auditor.cache`).

Importing wordfreq (with its language-tag and text-repair dependencies) and unpacking its
table took about a third of a second per process; the same dict loads from a `marshal`
entry in a third of that. The entry is keyed by wordfreq's code and English data files.
"""

from __future__ import annotations

import functools
import importlib.util
import marshal
import math
from pathlib import Path

from auditor.text.caches import WORDS_REMEMBERED


@functools.cache
def frequencies() -> dict[str, float]:
    """Return wordfreq's English word frequencies, loaded once per process (the kinds and mentions share them)."""
    return english()


def zipf_of(frequency: float) -> float:
    """Return a frequency (occurrences per word) on the Zipf scale: log10 of uses per billion words, 0 for none."""
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@functools.lru_cache(maxsize=WORDS_REMEMBERED)
def zipf(word: str) -> float:
    """Return the Zipf frequency of a lower-case word in English (0 when unknown)."""
    return zipf_of(frequencies().get(word, 0.0))


def english() -> dict[str, float]:
    """Return wordfreq's `get_frequency_dict("en")`: word -> frequency (occurrences per word)."""
    from auditor import cache

    return cache.cached("wordfreq-en", table_stamps(), _build, dump=marshal.dumps, load=_load)


def table_stamps() -> list[bytes]:
    """What the table is built from (the on-disk cache's inputs)."""
    from auditor.cache import file_stamp

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return []  # not installed: building says so
    package = Path(spec.origin).parent
    return [file_stamp(package / "__init__.py"), *(file_stamp(path) for path in sorted((package / "data").glob("*_en.*")))]


def _build() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def _load(data: bytes) -> dict[str, float]:
    table = marshal.loads(data)
    if not isinstance(table, dict):
        raise ValueError("not a frequency table")
    return table
