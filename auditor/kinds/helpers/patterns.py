"""Compile a rule's list of phrases or regexes into one regex, shared by the pattern kinds.

One alternation per rule keeps matching linear in the text however long the list is;
`lastgroup` tells which entry matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.kinds.base import RuleDataError
from auditor.kinds.helpers.linear import catastrophic_construct


class _TrieNode:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _TrieNode] = {}
        self.end: int | None = None  # index of the phrase that ends here


def phrase_trie(phrases: Sequence[str], *, fold: bool = True, markers: bool = False) -> str:
    """Return one regex matching any of `phrases`, factored by shared prefixes.

    Any white space matches any other. With `fold`, case is folded (compile the regex with
    IGNORECASE). With `markers`, an empty group `e<index>` follows each phrase, as in
    `compile_alternation`. Python's engine tries the branches of a flat alternation one by
    one at every position; a prefix tree lets it drop all but one at the first character,
    which makes long phrase lists several times faster. Where one phrase is the start of
    another, the longer one is tried first.
    """
    root = _TrieNode()
    for index, phrase in enumerate(phrases):
        node = root
        for char in " ".join(phrase.lower().split() if fold else phrase.split()):
            node = node.children.setdefault(char, _TrieNode())
        if node.end is None:
            node.end = index
    return _trie_regex(root, markers)


def _trie_regex(node: _TrieNode, markers: bool) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _trie_regex(child, markers) for char, child in sorted(node.children.items())]
    if node.end is not None:
        branches.append(f"(?P<e{node.end}>)" if markers else "")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def compile_alternation(
    entries: Sequence[str], *, key: str, regex: bool, ignorecase: bool, whole_words: bool = True
) -> re.Pattern[str]:
    """Compile entries (regexes or literal phrases) into one pattern with a marker group `e<index>` each.

    The marker is an empty group after its entry, not a group around it: Python's engine
    scans fast for the possible first characters of an alternation only when every branch
    starts with a literal, which a group around the entry hides. An entry's own groups are
    numbered from the previous entry's marker (`entry_group_offset`).
    """
    if not entries:
        raise RuleDataError(key, f"'{key}' must not be empty")
    if regex:
        parts = []
        for index, entry in enumerate(entries):
            try:
                re.compile(entry)
            except re.error as error:
                raise RuleDataError(key, f"bad regex {entry!r}: {error}") from None
            reject_catastrophic(entry, key, re.IGNORECASE if ignorecase else 0)
            parts.append(f"(?:{entry})(?P<e{index}>)")
        alternation = "|".join(parts)
    else:
        # A prefix tree tries "corona virus pandemic" before "corona virus".
        alternation = phrase_trie(entries, fold=False, markers=True)
    if whole_words:
        alternation = rf"(?<![\w-])(?:{alternation})(?![\w])"
    return re.compile(alternation, re.IGNORECASE if ignorecase else 0)


def entry_index(match: re.Match[str]) -> int:
    """Return the index of the entry whose group matched."""
    name = match.lastgroup
    assert name is not None and name.startswith("e")
    return int(name[1:])


_GROUP_REFERENCE_RE = re.compile(r"\\(?:g<(\d+)>|(\d+))")


def entry_group_offset(pattern: re.Pattern[str], index: int) -> int:
    """Return how many groups of `pattern` come before the groups of regex entry `index`."""
    return pattern.groupindex[f"e{index - 1}"] if index else 0


def shift_group_references(template: str, offset: int) -> str:
    """Rewrite a replacement's group numbers (`\\1`, `\\g<1>`) to count from group `offset`; `\\g<0>` stays."""

    def shifted(match: re.Match[str]) -> str:
        number = int(match.group(1) or match.group(2))
        return "\\g<0>" if number == 0 else f"\\g<{number + offset}>"

    return _GROUP_REFERENCE_RE.sub(shifted, template)


def compile_exceptions(patterns: Sequence[str], key: str = "exceptions") -> re.Pattern[str] | None:
    """Compile exception regexes (matched case-insensitively against the whole flagged text)."""
    if not patterns:
        return None
    try:
        compiled = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error as error:
        raise RuleDataError(key, f"bad regex in '{key}': {error}") from None
    for pattern in patterns:
        reject_catastrophic(pattern, key, re.IGNORECASE)
    return compiled


def reject_catastrophic(pattern: str, key: str, flags: int) -> None:
    """Stop a pack whose regex could take more than linear time (`auditor.kinds.helpers.linear`)."""
    problem = catastrophic_construct(pattern, flags)
    if problem is not None:
        raise RuleDataError(key, f"regex {pattern!r} is not linear-time: {problem}; make the quantifier possessive ('*+', '++') or drop it")


def match_case(template: str, replacement: str) -> str:
    """Capitalise `replacement` like `template` (all caps, or first letter) when it starts lower case."""
    if not replacement or not template:
        return replacement
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement
