"""The literal strings a regex cannot match without: a cheap test that a rule has nothing to find.

`required_literals(pattern)` reads Python's own parse of a pattern and returns a set of
strings such that every match contains at least one of them once the text is passed through
`fold` (None when no such set of useful strings exists, as for `\\w+`). A document whose
folded text contains none of a rule's literals cannot give that rule a match, so the check
stage skips the rule (`auditor.packs.prefilter`) without running its regex.

The strings are ASCII and lower case, and `fold` maps every character that Python's
case-insensitive matching treats as an ASCII letter (the Kelvin sign for "k", the long s for
"s", the dotted capital and the dotless small I for "i") to that letter before lowering the text, so the test never
drops a rule that would have matched: a case-insensitive "kids" matches "\u212aids", and the
folded text holds "kids".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Non-ASCII characters that `re.IGNORECASE` matches with an ASCII letter, and whose
# `str.lower()` is not that letter (tests/kinds/test_literals.py recomputes the table over all
# of Unicode). "\u212a" (Kelvin) lowers to "k" already.
CASE_FOLD_EXTRAS = {"\u017f": "s", "\u0130": "i", "\u0131": "i"}
_EXTRAS_RE = re.compile("[" + "".join(CASE_FOLD_EXTRAS) + "]")
_EXTRAS_TABLE = str.maketrans(CASE_FOLD_EXTRAS)

# Literal sets grow by cross products ("(?:a|b)(?:c|d)"); past this size only a factor is kept.
_MAX_SET = 64
# Shorter literals occur in nearly every text and save nothing.
_MIN_LENGTH = 3

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_GROUPS = (sre.SUBPATTERN, getattr(sre, "ATOMIC_GROUP", sre.SUBPATTERN))


def fold(text: str) -> str:
    """Return `text` lower-cased, with the characters of `CASE_FOLD_EXTRAS` made ASCII first."""
    if _EXTRAS_RE.search(text):
        text = text.translate(_EXTRAS_TABLE)
    return text.lower()


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Return folded ASCII strings at least one of which every match of `pattern` contains, or None."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    ignorecase = bool(parsed.state.flags & re.IGNORECASE)
    best = _sequence(list(parsed), ignorecase).factor
    if best is None or min(map(len, best)) < _MIN_LENGTH:
        return None
    return best


@dataclass(frozen=True)
class _Info:
    """What a piece of pattern matches: `exact`, every string it can match (when few and all
    literal), and `factor`, strings one of which every match contains (None: unknown)."""

    exact: frozenset[str] | None
    factor: frozenset[str] | None


_UNKNOWN = _Info(None, None)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Return the more selective of two factor sets: longer shortest string, then fewer strings."""
    if a is None or "" in a:
        return None if b is None or "" in b else b
    if b is None or "" in b:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: list[Any], ignorecase: bool) -> _Info:
    run: frozenset[str] | None = frozenset({""})  # the exact strings of the literals so far
    best: frozenset[str] | None = None
    whole_exact = True
    for op, av in items:
        info = _item(op, av, ignorecase)
        if info.exact is not None and run is not None and len(run) * len(info.exact) <= _MAX_SET:
            run = frozenset(a + b for a in run for b in info.exact)
            continue
        whole_exact = False
        best = _better(_better(best, run), info.factor)
        run = info.exact if info.exact is not None else frozenset({""})
    best = _better(best, run)
    return _Info(run if whole_exact else None, best)


def _item(op: Any, av: Any, ignorecase: bool) -> _Info:
    if op is sre.LITERAL:
        char = chr(av)
        if not char.isascii():
            return _UNKNOWN
        return _Info(frozenset({char.lower()}), frozenset({char.lower()}))
    if op is sre.IN and all(kind is sre.LITERAL and chr(code).isascii() for kind, code in av):
        chars = frozenset(chr(code).lower() for _, code in av)  # "[Cc]"
        return _Info(chars, chars)
    if op in _GROUPS:
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, body = av
            ignorecase = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        else:
            body = av
        return _sequence(list(body), ignorecase)
    if op is sre.BRANCH:
        return _branch([_sequence(list(alternative), ignorecase) for alternative in av[1]])
    if op in _REPEATS:
        low, high, body = av
        inner = _sequence(list(body), ignorecase)
        if low == high == 1:
            return inner
        return _Info(None, inner.factor if low >= 1 else None)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _Info(None, frozenset({""}))  # zero-width: requires nothing, breaks a literal run
    return _UNKNOWN  # a class, any character, a group reference: one or more unknown characters


def _branch(alternatives: Iterable[_Info]) -> _Info:
    exact: set[str] | None = set()
    factor: set[str] | None = set()
    for info in alternatives:
        if exact is not None and info.exact is not None and len(exact) + len(info.exact) <= _MAX_SET:
            exact |= info.exact
        else:
            exact = None
        own = info.factor if info.exact is None else _better(info.exact, info.factor)
        if factor is None or own is None:
            factor = None
        else:
            factor |= own
    return _Info(None if exact is None else frozenset(exact), None if factor is None else frozenset(factor))
