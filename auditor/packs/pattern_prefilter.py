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
- nothing is skipped in a text with the ASCII separators U+001C-U+001F (Python's `\\s`
  matches them, Hyperscan's does not) or that UTF-8 cannot encode (lone surrogates).
The compiled database is kept in the on-disk cache (`auditor.cache`). Hyperscan is optional:
without it (no wheel for the platform) nothing is skipped here.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from auditor.kinds.base import Rule

_PYTHON_ESCAPE_RE = re.compile(r"\\\\|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\Z")
_UNSOUND_TEXT_RE = re.compile("[\x1c-\x1f]")
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
_SPECIAL_CASE_RE = re.compile("[" + re.escape("".join(sorted(SPECIAL_CASE_CHARACTERS))) + "]")


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
        entries = [(rule.id, pattern) for rule in rules for pattern in rule.match_patterns() if not pattern.flags & re.VERBOSE]
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
        if _UNSOUND_TEXT_RE.search(text):
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
        if self._caseless and _SPECIAL_CASE_RE.search(text):
            possible |= self._caseless
        return self.filtered - possible


def compile_database(hyperscan: Any, entries: list[tuple[str, re.Pattern[str]]]) -> tuple[bytes, list[str]] | None:
    """Compile each pattern Hyperscan accepts into one database (serialised) with its rule ids, in pattern-id order.

    A rule with several patterns is filtered only when Hyperscan takes all of them.
    """
    accepted: list[tuple[str, bytes, int]] = []
    refused: set[str] = set()
    for rule_id, pattern in entries:
        caseless = bool(pattern.flags & re.IGNORECASE)
        if _READ_OTHERWISE_RE.search(pattern.pattern) or (caseless and _SPECIAL_CASE_RE.search(pattern.pattern)):
            refused.add(rule_id)
            continue
        source = hyperscan_source(pattern.pattern).encode("utf-8")
        flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
        flags |= hyperscan.HS_FLAG_CASELESS if caseless else 0
        flags |= hyperscan.HS_FLAG_MULTILINE if pattern.flags & re.MULTILINE else 0
        flags |= hyperscan.HS_FLAG_DOTALL if pattern.flags & re.DOTALL else 0
        try:
            hyperscan.Database().compile(expressions=[source], ids=[0], elements=1, flags=[flags])
        except hyperscan.error:
            refused.add(rule_id)
            continue
        accepted.append((rule_id, source, flags))
    accepted = [entry for entry in accepted if entry[0] not in refused]
    if not accepted:
        return None
    database = hyperscan.Database()
    database.compile(
        expressions=[source for _, source, _ in accepted], ids=list(range(len(accepted))), elements=len(accepted), flags=[flags for _, _, flags in accepted]
    )
    return hyperscan.dumpb(database), [rule_id for rule_id, _, _ in accepted]
