"""The deletion index: the words one edit from a probe, found through shared deletions."""

from __future__ import annotations

import random

from auditor.kinds.helpers.edits import DeletionIndex, deletions


def test_candidates_are_exactly_the_words_sharing_a_deletion_with_the_probe() -> None:
    """Many words of a small alphabet share deletions ("abc", "abd" both make "ab"), which
    the index keeps as one word or as several: both must be found."""
    rng = random.Random(5)
    words = {"".join(rng.choice("abc") for _ in range(rng.randint(1, 6))) for _ in range(400)}
    index = DeletionIndex(words)
    for probe in sorted({"".join(rng.choice("abcd") for _ in range(rng.randint(1, 7))) for _ in range(300)}):
        probe_deletions = set(deletions(probe))
        expected = {
            word
            for word in words
            if word == probe or probe in set(deletions(word)) or word in probe_deletions or probe_deletions & set(deletions(word))
        }
        assert index.candidates(probe) == expected, probe
