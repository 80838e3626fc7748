"""Compile a rule's list of phrases or regexes into one regex, shared by the pattern kinds.

One alternation per rule keeps matching linear in the text however long the list is;
`lastgroup` tells which entry matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.kinds.base import RuleDataError


def phrase_regex(phrase: str) -> str:
    """Return a regex for a literal phrase in which any run of white space matches any other."""
    return r"\s+".join(re.escape(part) for part in phrase.split())


def compile_alternation(
    entries: Sequence[str], *, key: str, regex: bool, ignorecase: bool, whole_words: bool = True
) -> re.Pattern[str]:
    """Compile entries (regexes or literal phrases) into one pattern with a group `e<index>` each."""
    if not entries:
        raise RuleDataError(key, f"'{key}' must not be empty")
    parts = []
    for index, entry in enumerate(entries):
        body = entry if regex else phrase_regex(entry)
        try:
            re.compile(body)
        except re.error as error:
            raise RuleDataError(key, f"bad regex {entry!r}: {error}") from None
        parts.append(f"(?P<e{index}>{body})")
    # Longer literal phrases first so that "corona virus pandemic" wins over "corona virus".
    if not regex:
        parts.sort(key=len, reverse=True)
    alternation = "|".join(parts)
    if whole_words:
        alternation = rf"(?<![\w-])(?:{alternation})(?![\w])"
    return re.compile(alternation, re.IGNORECASE if ignorecase else 0)


def entry_index(match: re.Match[str]) -> int:
    """Return the index of the entry whose group matched."""
    name = match.lastgroup
    assert name is not None and name.startswith("e")
    return int(name[1:])


_GROUP_REFERENCE_RE = re.compile(r"\\(?:g<(\d+)>|(\d+))")


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
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error as error:
        raise RuleDataError(key, f"bad regex in '{key}': {error}") from None


def match_case(template: str, replacement: str) -> str:
    """Capitalise `replacement` like `template` (all caps, or first letter) when it starts lower case."""
    if not replacement or not template:
        return replacement
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement
