"""Skip the pattern rules whose regexes cannot match a document, after one Hyperscan scan of it.

The literal prefilter (`auditor.packs.prefilter`) skips rules whose required strings are
absent, but many pattern rules have none (the typography rules' punctuation, a repeated word)
and each still scans every document with Python's engine, 20-150 ms per megabyte, mostly to
find nothing. Here the regexes of those rules are compiled together into one Hyperscan
database in *prefilter* mode, in which Hyperscan accepts what it cannot run exactly
(look-arounds, back-references) by matching a superset; one scan of the document then tells
which rules may match, and the others are skipped. Their findings are the same either way.

Where Hyperscan and Python's `re` could disagree, the rule keeps running:
- a pattern Hyperscan cannot compile, or one with `re.VERBOSE`, is left out;
- Python escapes (`\\uXXXX`, `\\UXXXXXXXX`, `\\Z`) are rewritten into Hyperscan's first;
- Python's IGNORECASE equates some characters beyond simple case folding (the dotted and
  dotless I with "i", "ᲀ" with "в", the long s with "s"...: `re._casefix`), Hyperscan only
  some of them: a case-insensitive pattern that writes one is left out, and one is not skipped
  in a text that holds one;
- syntax the two engines read differently is left out: POSIX classes (`[[:alpha:]]`, a set
  of characters to Python) and `{,n}` (a repeat to Python, literal text to Hyperscan);
- nothing is skipped in a text with a character the two class otherwise (`\\w`, `\\s`, `\\b`:
  letters newer than Hyperscan's Unicode tables, the separators U+001C-U+001F) or that UTF-8
  cannot encode (lone surrogates).
The compiled database is kept in the on-disk cache (`auditor.cache`). Hyperscan is optional:
without it (no wheel for the platform) nothing is skipped here.
"""

from __future__ import annotations

import bisect
import importlib
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from auditor.kinds.base import Rule

_PYTHON_ESCAPE_RE = re.compile(r"\\\\|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\Z")
# Characters that Python's `\w`, `\d`, `\s` or `\b` class otherwise than Hyperscan's Unicode
# tables (older than Python's: letters added since, a few spaces), as code-point ranges, and
# U+001C-U+001F (spaces to Python). A text holding one skips nothing. tests/packs/test_prefilter.py
# recomputes the set over the Basic Multilingual Plane.
_CLASSED_OTHERWISE = """
1c-1f
    560 588 5ef 860-86a 870-887 889-88e 8b3-8c9 9fc af9 c5a c5d c80 cdd d04 d54-d56 d58-d5f d76-d78
    e86 e89 e8c e8e-e93 e98 ea0 ea8-ea9 eac 13f5 13f8-13fd 170d 171f 180e 1878 1885-1886 19b0-19c0
    19c8-19c9 1b4c 1c80-1c88 1c90-1cba 1cbd-1cbf 1cf2-1cf3 1cfa 2c2f 2c5f 312e-312f 31bb-31bf
    4db6-4dbf 9fcd-9fff a78f a7ae-a7af a7b2-a7ca a7d0-a7d1 a7d3 a7d5-a7d9 a7f2-a7f6 a8fd-a8fe
    ab60-ab63 ab66-ab69 ab70-abbf 1032d-1032f 104b0-104d3 104d8-104fb 10570-1057a 1057c-1058a
    1058c-10592 10594-10595 10597-105a1 105a3-105b1 105b3-105b9 105bb-105bc 10780-10785 10787-107b0
    107b2-107ba 108e0-108f2 108f4-108f5 108fb-108ff 109bc-109bd 109c0-109cf 109d2-109ff 10a34-10a35
    10a48 10c80-10cb2 10cc0-10cf2 10cfa-10d23 10d30-10d39 10e80-10ea9 10eb0-10eb1 10f00-10f27
    10f30-10f45 10f51-10f54 10f70-10f81 10fb0-10fcb 10fe0-10ff6 11071-11072 11075 11144 11147 111dc
    11280-11286 11288 1128a-1128d 1128f-1129d 1129f-112a8 11350 11400-11434 11447-1144a 11450-11459
    1145f-11461 115d8-115db 116b8 11700-1171a 11730-1173b 11740-11746 11800-1182b 11900-11906 11909
    1190c-11913 11915-11916 11918-1192f 1193f 11941 11950-11959 119a0-119a7 119aa-119d0 119e1 119e3
    11a00 11a0b-11a32 11a3a 11a50 11a5c-11a89 11a9d 11ab0-11abf 11c00-11c08 11c0a-11c2e 11c40
    11c50-11c6c 11c72-11c8f 11d00-11d06 11d08-11d09 11d0b-11d30 11d46 11d50-11d59 11d60-11d65
    11d67-11d68 11d6a-11d89 11d98 11da0-11da9 11ee0-11ef2 11fb0 11fc0-11fd4 12399 12480-12543
    12f90-12ff0 14400-14646 16a70-16abe 16ac0-16ac9 16e40-16e96 16f45-16f4a 16fe0-16fe1 16fe3
    17000-187f7 18800-18cd5 18d00-18d08 1aff0-1aff3 1aff5-1affb 1affd-1affe 1b002-1b122 1b150-1b152
    1b164-1b167 1b170-1b2fb 1d2e0-1d2f3 1d372-1d378 1df00-1df1e 1e100-1e12c 1e137-1e13d 1e140-1e149
    1e14e 1e290-1e2ad 1e2c0-1e2eb 1e2f0-1e2f9 1e7e0-1e7e6 1e7e8-1e7eb 1e7ed-1e7ee 1e7f0-1e7fe
    1e900-1e943 1e94b 1e950-1e959 1ec71-1ecab 1ecad-1ecaf 1ecb1-1ecb4 1ed01-1ed2d 1ed2f-1ed3d
    1fbf0-1fbf9 2a6d7-2a6df 2b735-2b738 2b820-2cea1 2ceb0-2ebe0 30000-3134a
"""


def _code_point_ranges(ranges: str) -> tuple[list[int], list[int]]:
    """Return the sorted first and last code points of white-space separated hex code points and ranges ("1c-1f 560")."""
    pairs = sorted((int(first, 16), int(last or first, 16)) for first, _, last in (item.partition("-") for item in ranges.split()))
    return [first for first, _ in pairs], [last for _, last in pairs]


_CLASSED_OTHERWISE_FIRSTS, _CLASSED_OTHERWISE_LASTS = _code_point_ranges(_CLASSED_OTHERWISE)


def _holds_a_character_classed_otherwise(text: str) -> bool:
    """Whether `text` holds a character of `_CLASSED_OTHERWISE`, each distinct character looked up once.

    Not a regex class: `re` tests every character of a text against the class's few hundred
    ranges one by one, 0.75 s per megabyte of news, a tenth of a whole run.
    """
    for character in set(text):
        code = ord(character)
        at = bisect.bisect_right(_CLASSED_OTHERWISE_FIRSTS, code) - 1
        if at >= 0 and code <= _CLASSED_OTHERWISE_LASTS[at]:
            return True
    return False


# Read otherwise by the two engines (see the module's docstring): a bracket inside a character
# class opening a POSIX class or collating element ("[[:alpha:]]"), and a repeat with no minimum.
_READ_OTHERWISE_RE = re.compile(r"\[[^\]]*\[[:=.]|\{,")


def _special_case_characters() -> frozenset[str]:
    """Return the characters Python's IGNORECASE equates with others beyond simple case folding."""
    try:
        table = importlib.import_module("re._casefix")._EXTRA_CASES  # what `re` itself reads (CPython 3.11+)
    except (ImportError, AttributeError):
        table = {}
    # Their ASCII partners ("i", "s", "k") are left out: a text or pattern holding the other,
    # unusual member of the pair is what the guards look for.
    special = {chr(code) for key, values in table.items() for code in (key, *values)} | {"\u0130", "\u0131"}
    return frozenset(char for char in special if not char.isascii())


SPECIAL_CASE_CHARACTERS = _special_case_characters()


def hyperscan_source(pattern: str) -> str:
    """Return a Python regex's source with the escapes Hyperscan reads otherwise rewritten."""

    def rewrite(match: re.Match[str]) -> str:
        if match.group() == "\\\\":
            return match.group()  # an escaped backslash: what follows is literal
        if match.group() == "\\Z":
            return "\\z"
        return "\\x{%x}" % int(match.group(1) or match.group(2), 16)

    return _PYTHON_ESCAPE_RE.sub(rewrite, pattern)


class PatternPrefilter:
    """Which pattern rules may match a text, from one Hyperscan scan of it."""

    def __init__(self, serialised: bytes, rule_ids: Sequence[str], caseless: frozenset[str]) -> None:
        import hyperscan

        self._serialised = serialised  # what pickles: a rule set travels to Dask workers
        self._database = hyperscan.loadb(serialised, hyperscan.HS_MODE_BLOCK)
        self._scratch = threading.local()  # Hyperscan's scratch space serves one scan at a time: one per thread
        self._rule_ids = tuple(rule_ids)  # Hyperscan's pattern id -> rule id
        self.filtered = frozenset(rule_ids)
        self._caseless = caseless

    def __reduce__(self) -> tuple[Any, ...]:
        return PatternPrefilter, (self._serialised, self._rule_ids, self._caseless)

    @classmethod
    def for_rules(cls, rules: Iterable[Rule]) -> PatternPrefilter | None:
        """Build the prefilter of the rules' match patterns, or None without Hyperscan or any pattern it can take."""
        try:
            import hyperscan
        except ImportError:
            return None
        entries = [(rule.id, pattern) for rule in rules for pattern in rule.match_patterns()]
        if not entries:
            return None
        from auditor import cache

        def build() -> tuple[bytes, list[str]] | None:
            return compile_database(hyperscan, entries)

        key = [f"{hyperscan.__version__ if hasattr(hyperscan, '__version__') else ''}".encode()]
        key += [f"{rule_id}\0{pattern.flags}\0{pattern.pattern}".encode() for rule_id, pattern in entries]
        built = cache.cached("hyperscan", key, build)
        if built is None:
            return None
        data, rule_ids = built
        caseless = frozenset(rule_id for rule_id, pattern in entries if pattern.flags & re.IGNORECASE)
        return cls(data, rule_ids, caseless)

    def rules_to_skip(self, text: str) -> frozenset[str]:
        """Return the ids of the rules none of whose patterns can match `text`."""
        if _holds_a_character_classed_otherwise(text):
            return frozenset()
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return frozenset()
        possible: set[str] = set()
        rule_ids = self._rule_ids

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: Any) -> None:
            possible.add(rule_ids[pattern_id])

        scratch = getattr(self._scratch, "space", None)
        if scratch is None:
            import hyperscan

            scratch = self._scratch.space = hyperscan.Scratch(self._database)
        self._database.scan(data, match_event_handler=on_match, scratch=scratch)
        if self._caseless and not SPECIAL_CASE_CHARACTERS.isdisjoint(text):
            possible |= self._caseless
        return self.filtered - possible


def compile_database(hyperscan: Any, entries: list[tuple[str, re.Pattern[str]]]) -> tuple[bytes, list[str]] | None:
    """Compile each pattern Hyperscan accepts into one database (serialised) with its rule ids, in pattern-id order.

    A rule with several patterns is filtered only when Hyperscan takes all of them. All are
    compiled together first; only when Hyperscan refuses that is each tried alone to find
    which it refuses (the built-in packs' 29 patterns alone took 0.7 s more with an empty cache).
    """
    candidates: list[tuple[str, bytes, int]] = []
    refused: set[str] = set()
    for rule_id, pattern in entries:
        caseless = bool(pattern.flags & re.IGNORECASE)
        if (
            pattern.flags & re.VERBOSE
            or _READ_OTHERWISE_RE.search(pattern.pattern)
            or (caseless and not SPECIAL_CASE_CHARACTERS.isdisjoint(pattern.pattern))
        ):
            refused.add(rule_id)
            continue
        source = hyperscan_source(pattern.pattern).encode("utf-8")
        flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
        flags |= hyperscan.HS_FLAG_CASELESS if caseless else 0
        flags |= hyperscan.HS_FLAG_MULTILINE if pattern.flags & re.MULTILINE else 0
        flags |= hyperscan.HS_FLAG_DOTALL if pattern.flags & re.DOTALL else 0
        candidates.append((rule_id, source, flags))
    accepted = [entry for entry in candidates if entry[0] not in refused]
    database = _database(hyperscan, accepted)
    if database is None:
        refused |= {entry[0] for entry in accepted if _database(hyperscan, [entry]) is None}
        accepted = [entry for entry in accepted if entry[0] not in refused]
        database = _database(hyperscan, accepted)
    if database is None:
        return None
    return hyperscan.dumpb(database), [rule_id for rule_id, _, _ in accepted]


def _database(hyperscan: Any, entries: list[tuple[str, bytes, int]]) -> Any:
    """Return a Hyperscan database of the entries' patterns (pattern id = position), or None if there are none or it refuses one."""
    if not entries:
        return None
    database = hyperscan.Database()
    try:
        database.compile(
            expressions=[source for _, source, _ in entries], ids=list(range(len(entries))), elements=len(entries), flags=[flags for _, _, flags in entries]
        )
    except hyperscan.error:
        return None
    return database
