"""Find the words one edit from a string without generating its edits (symmetric deletion).

Generating every string one insertion, deletion, substitution or transposition from a word
of n letters makes about 54n strings; a text of 100,000 distinct unknown words makes millions.
Two strings one such edit apart share a string of one deletion, or one is a deletion of the
other, so an index of the words' deletions answers with a few candidates instead.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

# By each deletion, the word that makes it, or the words where several do: most deletions
# come from one word, and a list of one took as much memory as the entry itself.
_Makers = str | tuple[str, ...] | list[str]
_Table = tuple[list[str], dict[str, _Makers]]  # the words, and their deletions' makers


def deletions(word: str) -> Iterator[str]:
    """Yield the strings one deletion from `word`, in order of the deleted position."""
    return (word[:i] + word[i + 1 :] for i in range(len(word)))


class DeletionIndex:
    """The words of a collection by each string one deletion from them."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = set(words)
        by_deletion: dict[str, _Makers] = {}
        for word in self.words:
            for deleted in set(deletions(word)):
                makers = by_deletion.setdefault(deleted, word)
                if makers is word:
                    continue
                if isinstance(makers, str):
                    by_deletion[deleted] = [makers, word]
                else:
                    assert isinstance(makers, list)
                    makers.append(word)
        self.by_deletion: Mapping[str, _Makers] = by_deletion

    @classmethod
    def cached(cls, name: str, inputs: Iterable[bytes], words: Callable[[], Iterable[str]]) -> DeletionIndex:
        """The index of `words()`, kept in the on-disk cache (`auditor.cache`) as `name` for `inputs`.

        Every process of a run needs the same indexes: the 7,200 dictionary words at Zipf 4
        that mangled-term proposes take 0.07 s to index and 0.02 s to load.
        """
        from auditor import cache

        def table() -> _Table:
            built = cls(words())
            return sorted(built.words), {deleted: makers if isinstance(makers, str) else tuple(makers) for deleted, makers in built.by_deletion.items()}

        indexed, by_deletion = cache.cached(name, inputs, table, dump=marshal.dumps, load=_load_table)
        index = cls.__new__(cls)
        index.words = set(indexed)
        index.by_deletion = by_deletion
        return index

    def candidates(self, word: str) -> set[str]:
        """Return the indexed words that may be one edit (or transposition) from `word`, and `word` itself if indexed.

        Every indexed word one edit away is among them; a few two edits away may be too
        ("abc" and "bca" share "bc"), so a caller checks each candidate.
        """
        by_deletion = self.by_deletion
        # Most probes share nothing with the index: intersecting in C finds the few that do.
        deleted = set(deletions(word))
        found = deleted & self.words
        if word in self.words:
            found.add(word)
        shared = deleted & by_deletion.keys()
        if word in by_deletion:
            shared.add(word)  # `word` is a deletion of indexed words
        for made in shared:
            makers = by_deletion[made]
            if isinstance(makers, str):
                found.add(makers)
            else:
                found.update(makers)
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


def _load_table(data: bytes) -> _Table:
    indexed, by_deletion = marshal.loads(data)
    if not isinstance(indexed, list) or not isinstance(by_deletion, dict):
        raise ValueError("not a deletion index")
    return indexed, by_deletion
