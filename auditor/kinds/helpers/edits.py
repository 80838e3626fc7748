"""Find the words one edit from a string without generating its edits (symmetric deletion).

Generating every string one insertion, deletion, substitution or transposition from a word
of n letters makes about 54n strings; a text of 100,000 distinct unknown words makes millions.
Two strings one such edit apart share a string of one deletion, or one is a deletion of the
other, so an index of the words' deletions answers with a few candidates instead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator


def deletions(word: str) -> Iterator[str]:
    """Yield the strings one deletion from `word`, in order of the deleted position."""
    return (word[:i] + word[i + 1 :] for i in range(len(word)))


class DeletionIndex:
    """The words of a collection by each string one deletion from them."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = set(words)
        self.by_deletion: dict[str, list[str]] = {}
        for word in self.words:
            for deleted in set(deletions(word)):
                self.by_deletion.setdefault(deleted, []).append(word)

    def candidates(self, word: str) -> set[str]:
        """Return the indexed words that may be one edit (or transposition) from `word`, and `word` itself if indexed.

        Every indexed word one edit away is among them; a few two edits away may be too
        ("abc" and "bca" share "bc"), so a caller checks each candidate.
        """
        found = set(self.by_deletion.get(word, ()))
        if word in self.words:
            found.add(word)
        for deleted in set(deletions(word)):
            if deleted in self.words:
                found.add(deleted)
            found.update(self.by_deletion.get(deleted, ()))
        return found


def close_pairs(first: Collection[str], second: Collection[str]) -> Iterator[tuple[str, str]]:
    """Yield each (a, b) of `first` x `second` that may be one edit apart: b among
    `DeletionIndex(second).candidates(a)`.

    That relation is symmetric, so the smaller collection is indexed and the larger one probes
    it: the index, a dict of every deletion of every indexed word, is what takes the memory.
    """
    if len(first) <= len(second):
        small = DeletionIndex(first)
        yield from ((a, b) for b in second for a in small.candidates(b))
    else:
        index = DeletionIndex(second)
        yield from ((a, b) for a in first for b in index.candidates(a))
