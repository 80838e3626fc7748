"""Reject pack regexes that can make Python's backtracking engine take more than linear time.

Pack patterns keep Python's `re` (they use lookbehinds, which linear-time engines lack), so a
pattern is checked when its pack loads, and one of these constructs stops the load with
`path:line:col`:

- a quantified group whose body can end in a quantifier over characters the body can also
  start with, as `(a+)+`, `(\\w+\\s?)*`: the text splits between the repeats in exponentially many ways;
- a quantified alternation whose branches can start with the same character, as `(a|ab)*`;
- a quantifier followed directly by another over the same characters (`\\s*\\s*`, or a
  lookahead that rescans them, `[ ]*(?![ ]*\\n)`): each start re-reads the run.

A possessive quantifier (`*+`) or atomic group never backtracks and is always accepted. The
check reads the parsed pattern; characters are compared on a sample of ASCII and the common
non-ASCII letters, spaces and marks of news text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

_SAMPLE = frozenset(chr(code) for code in range(128)) | frozenset(
    "\u00a0\u2009\u202f\u3000\u200béÉßçñøåü中文“”‘’«»…–—•·€£"
)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
}


def catastrophic_construct(pattern: str, flags: int = 0) -> str | None:
    """Return what makes `pattern` super-linear for Python's engine, or None when it is accepted."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None  # reported as a bad regex by the caller
    return _check_sequence(list(parsed), bool(parsed.state.flags & re.IGNORECASE))


def _check_sequence(items: list[Any], fold: bool) -> str | None:
    for index, (op, av) in enumerate(items):
        problem = _check_item(op, av, fold)
        if problem is None and op in _REPEATS and av[1] == sre.MAXREPEAT and index + 1 < len(items):
            problem = _check_adjacent(av[2], items[index + 1], fold)
        if problem is not None:
            return problem
    return None


def _check_item(op: Any, av: Any, fold: bool) -> str | None:
    for sequence in _children(op, av):
        problem = _check_sequence(list(sequence), fold)
        if problem is not None:
            return problem
    if op not in _REPEATS or av[1] <= 1:
        return None
    body = list(av[2])
    if _ending_repeats(body, fold) & _edge(body, fold, last=False):
        return "nested quantifiers over the same characters (as in '(a+)+') take exponential time"
    branches = _branches(body)
    for first, second in ((a, b) for i, a in enumerate(branches) for b in branches[i + 1 :]):
        if _edge(first, fold, last=False) & _edge(second, fold, last=False):
            return "a quantified alternation whose branches start alike (as in '(a|ab)*') takes exponential time"
    return None


def _check_adjacent(body: Any, following: tuple[Any, Any], fold: bool) -> str | None:
    op, av = following
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        sequence = list(av[1])
        op, av = sequence[0] if sequence else (None, None)
    if op in _REPEATS and av[1] == sre.MAXREPEAT and _edge(list(body), fold, last=True) & _edge(list(av[2]), fold, last=False):
        return "two unbounded quantifiers in a row over the same characters re-read the run from every start"
    return None


def _children(op: Any, av: Any) -> Iterable[Any]:
    if op == sre.SUBPATTERN:
        return [av[3]]
    if op in _REPEATS or op in (sre.POSSESSIVE_REPEAT,):
        return [av[2]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op == sre.ATOMIC_GROUP:
        return [av]
    if op == sre.BRANCH:
        return list(av[1])
    return []


def _ending_repeats(items: list[Any], fold: bool) -> frozenset[str]:
    """Return the characters of the backtracking repeats that can end the sequence."""
    chars: set[str] = set()
    for op, av in reversed(items):
        if op in _ZERO_WIDTH:
            continue
        if op in _REPEATS and av[1] > 1:
            chars |= _edge(list(av[2]), fold, last=True) | _edge(list(av[2]), fold, last=False)
        elif op in (sre.SUBPATTERN, sre.BRANCH) or op in _REPEATS:
            chars |= frozenset().union(*(_ending_repeats(list(s), fold) for s in _children(op, av)))
        if not _item_edge(op, av, fold, True)[1]:
            break
    return frozenset(chars)


def _branches(body: list[Any]) -> list[list[Any]]:
    while len(body) == 1 and body[0][0] == sre.SUBPATTERN:
        body = list(body[0][1][3])
    if len(body) == 1 and body[0][0] == sre.BRANCH:
        return [list(branch) for branch in body[0][1][1]]
    return []


def _edge(items: list[Any], fold: bool, *, last: bool) -> frozenset[str]:
    """Return the sampled characters the sequence can start (or end) with."""
    chars: set[str] = set()
    for op, av in reversed(items) if last else items:
        if op in _ZERO_WIDTH:
            continue
        item_chars, nullable = _item_edge(op, av, fold, last)
        chars |= item_chars
        if not nullable:
            break
    return frozenset(chars)


def _item_edge(op: Any, av: Any, fold: bool, last: bool) -> tuple[frozenset[str], bool]:
    if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
        return _edge(list(av[2]), fold, last=last), av[0] == 0 or _nullable(list(av[2]))
    if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP, sre.BRANCH):
        sequences = [list(s) for s in _children(op, av)]
        return frozenset().union(*(_edge(s, fold, last=last) for s in sequences)), any(_nullable(s) for s in sequences)
    if op == sre.GROUPREF:
        return _SAMPLE, True
    return _leaf_edge(op, tuple(av) if isinstance(av, list) else av, fold), False


@functools.lru_cache(maxsize=1 << 12)
def _leaf_edge(op: Any, av: Any, fold: bool) -> frozenset[str]:
    """Return the sampled characters one character item matches, once per distinct item: the
    checks ask for the same items' edges again and again, and loading the built-in packs the
    first time (an empty cache) spent over a second here."""
    return frozenset(c for c in _SAMPLE | _literals(op, av) if _matches(op, av, c, fold))


def _nullable(items: list[Any]) -> bool:
    return all(op in _ZERO_WIDTH or _item_edge(op, av, False, False)[1] for op, av in items)


def _literals(op: Any, av: Any) -> frozenset[str]:
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return frozenset({chr(av)})
    if op == sre.IN:
        return frozenset(chr(value) for item_op, value in av if item_op == sre.LITERAL)
    return frozenset()


def _matches(op: Any, av: Any, char: str, fold: bool) -> bool:
    variants = {variant for variant in (char, char.lower(), char.upper()) if len(variant) == 1} if fold else {char}
    return any(_matches_exactly(op, av, variant) for variant in variants)


def _matches_exactly(op: Any, av: Any, char: str) -> bool:
    code = ord(char)
    if op == sre.LITERAL:
        return bool(code == av)
    if op == sre.NOT_LITERAL:
        return bool(code != av)
    if op == sre.ANY:
        return char != "\n"
    if op == sre.RANGE:
        return bool(av[0] <= code <= av[1])
    if op == sre.CATEGORY:
        return _CATEGORIES.get(av, _any_char)(char)
    if op == sre.IN:
        negated = bool(av) and av[0][0] == sre.NEGATE
        found = any(_matches_exactly(item_op, value, char) for item_op, value in av[1 if negated else 0 :])
        return found != negated
    return True


def _any_char(char: str) -> bool:
    return True
