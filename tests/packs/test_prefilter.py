"""The prefilters (auditor/packs/prefilter.py, pattern_prefilter.py) leave out only rules that would find nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import audit_text
from auditor.api import load_ruleset
from auditor.kinds.helpers.literals import CASE_FOLD_EXTRAS, fold, required_literals
from auditor.packs.load import RuleSet
from auditor.packs.pattern_prefilter import PatternPrefilter, compile_database, hyperscan_source
from auditor.packs.prefilter import Prefilter

ROOT = Path(__file__).resolve().parents[2]
RULES: RuleSet = load_ruleset()


def test_fold_maps_every_character_that_ignorecase_matches_with_an_ascii_letter() -> None:
    every_character = "".join(chr(code) for code in range(128, sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    for match in re.finditer("[a-z]", every_character, re.IGNORECASE):
        char = match.group()
        letter = next(c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(c, char, re.IGNORECASE))
        assert fold(char) == letter, (hex(ord(char)), CASE_FOLD_EXTRAS)


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?i)\bcalled\s+\w+\s+as\b", {"called"}),
        (r"[Cc]all(?:s|ed|ing)?\s+it", {"call"}),
        (r"(?:foo|bar)baz", {"foobaz", "barbaz"}),
        (r"x?abcd", {"abcd"}),
        (r"(?:abcd)+", {"abcd"}),
        (r"(?:abcd)*", None),
        (r"\w+", None),
        (r"ab", None),  # too short to be worth a scan
        (r"(?:abc|\w+)", None),  # one branch requires nothing
        (r"caf\u00e9s", {"caf"}),  # non-ASCII letters end a literal
        (r"(?<![\w-])(?:Whats\s+App)(?![\w])", {"whats"}),
    ],
)
def test_required_literals(pattern: str, literals: set[str] | None) -> None:
    found = required_literals(re.compile(pattern))
    assert found == (None if literals is None else frozenset(literals))


# Random regexes over a small alphabet, with the constructs the extraction reads.
_ATOMS = st.sampled_from(["a", "b", "K", "s", "ab", "[Aa]", "[ab]", r"\w", r"\s", ".", r"\b", "(?=a)", "(?<!b)"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=4).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(?:" + "|".join(parts) + ")"),
        st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "*?", "++"])).map(lambda p: f"(?:{p[0]}){p[1]}"),
        inner.map(lambda p: f"(?i:{p})"),
        inner.map(lambda p: f"(a){p}\\1"),
    )


PATTERNS = st.recursive(_ATOMS, _extend, max_leaves=12)
TEXTS = st.text(st.sampled_from("abkABKs S\u017f\u212a\u0130i \n"), max_size=30)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(PATTERNS, TEXTS, st.booleans())
def test_a_pattern_that_matches_leaves_one_of_its_literals_in_the_folded_text(pattern: str, text: str, ignorecase: bool) -> None:
    compiled = re.compile(pattern, re.IGNORECASE if ignorecase else 0)
    literals = required_literals(compiled)
    if literals is not None and compiled.search(text):
        assert any(literal in fold(text) for literal in literals), (pattern, text, literals)


def _without_prefilter(ruleset: RuleSet) -> RuleSet:
    bare = RuleSet(ruleset.rules, ruleset.resources, ruleset.pack_paths)
    object.__setattr__(bare, "prefilter", Prefilter(()))
    return bare


def test_the_built_in_pattern_rules_have_literals() -> None:
    assert len(RULES.prefilter.literals.filtered) >= 10


def test_the_pattern_rules_without_literals_are_filtered_by_their_regexes() -> None:
    pytest.importorskip("hyperscan")
    assert RULES.prefilter.patterns is not None
    assert {"TY019", "TY020", "ST005", "DU001"} <= RULES.prefilter.patterns.filtered
    assert "TY019" in RULES.prefilter.rules_to_skip("The minister said (in Paris) that talks would go on.")
    assert "TY019" not in RULES.prefilter.rules_to_skip("The minister said ( in Paris) that talks would go on.")


def test_the_pattern_prefilter_pickles_and_scans_from_several_threads() -> None:
    import pickle
    from concurrent.futures import ThreadPoolExecutor

    pytest.importorskip("hyperscan")
    prefilter = pickle.loads(pickle.dumps(RULES.prefilter))
    texts = ["The minister said ( in Paris) that talks would go on.", "The minister said (in Paris) that talks would go on."] * 50
    with ThreadPoolExecutor(4) as pool:
        skipped = list(pool.map(prefilter.rules_to_skip, texts))
    assert skipped == [RULES.prefilter.rules_to_skip(text) for text in texts]


@pytest.mark.parametrize(
    ("python", "hyperscan"),
    [
        (r"[\u0600-\u06ff]+", r"[\x{600}-\x{6ff}]+"),
        (r"\U0003134f", r"\x{3134f}"),
        (r"end\Z", r"end\z"),
        (r"\\u0600", r"\\u0600"),  # an escaped backslash, then the letter u
    ],
)
def test_python_escapes_are_rewritten_for_hyperscan(python: str, hyperscan: str) -> None:
    assert hyperscan_source(python) == hyperscan


_SOUNDNESS_TEXTS = st.text(st.sampled_from("abkABKs S\u017f\u212a\u0130\u0131i \n\t\x1c\u00e9\u00c9\u0661-("), max_size=30)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(PATTERNS, _SOUNDNESS_TEXTS, st.booleans())
def test_a_pattern_that_python_matches_is_never_skipped_by_hyperscan(pattern: str, text: str, ignorecase: bool) -> None:
    hyperscan = pytest.importorskip("hyperscan")
    compiled = re.compile(pattern, re.IGNORECASE if ignorecase else 0)
    built = compile_database(hyperscan, [("X", compiled)])
    if built is None or not compiled.search(text):
        return  # Hyperscan refused the pattern (the rule always runs), or there is nothing to find
    prefilter = PatternPrefilter(built[0], built[1], frozenset(built[1]) if ignorecase else frozenset())
    assert not prefilter.rules_to_skip(text), (pattern, text)


def test_findings_are_the_same_with_and_without_the_prefilter() -> None:
    bare = _without_prefilter(RULES)
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data").glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    texts += [text.replace("[", "").replace("]", "") for rule in RULES.rules for example in rule.examples for text in (example.bad, example.good) if text]
    assert len(texts) > 100
    skipped = 0
    for text in texts:
        skipped += len(RULES.prefilter.rules_to_skip(text))
        assert audit_text(text, ruleset=RULES).findings == audit_text(text, ruleset=bare).findings
    assert skipped > 0  # the test compares runs that differ


def test_case_insensitive_patterns_are_never_skipped_where_python_folds_more_than_hyperscan() -> None:
    # Every pair Python's IGNORECASE equates among the characters it treats specially (the dotted
    # and dotless I, the long s, the Kelvin sign, Greek and Cyrillic variants), in both directions.
    hyperscan = pytest.importorskip("hyperscan")
    from auditor.packs.pattern_prefilter import SPECIAL_CASE_CHARACTERS

    characters = set(SPECIAL_CASE_CHARACTERS) | {c.upper() for c in SPECIAL_CASE_CHARACTERS if len(c.upper()) == 1} | set("iIsSkK\u212a")
    checked = 0
    for pattern_char in sorted(characters):
        compiled = re.compile(re.escape(pattern_char), re.IGNORECASE)
        built = compile_database(hyperscan, [("X", compiled)])
        for text in sorted(characters):
            if built is not None and compiled.search(text):
                checked += 1
                assert not PatternPrefilter(built[0], built[1], frozenset(built[1])).rules_to_skip(text), (pattern_char, text)
    assert checked > 50


@pytest.mark.parametrize("pattern", [r"[[:alpha:]]+q", r"a{,3}b", r"\N{LATIN SMALL LETTER E WITH ACUTE}t", "x*", r"(?x) a b  c"])
def test_patterns_the_engines_read_differently_or_that_match_nothing_are_left_to_run(pattern: str) -> None:
    hyperscan = pytest.importorskip("hyperscan")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # Python warns about the nested set
        assert compile_database(hyperscan, [("X", re.compile(pattern))]) is None


def test_a_class_that_opens_with_a_full_stop_is_still_filtered() -> None:
    hyperscan = pytest.importorskip("hyperscan")
    assert compile_database(hyperscan, [("X", re.compile(r"[.!?][ \t]+And\b"))]) is not None


def test_no_character_of_the_basic_plane_that_python_classes_otherwise_is_skipped() -> None:
    # Hyperscan's Unicode tables are older than Python's: the letters added since must stop the skip.
    hyperscan = pytest.importorskip("hyperscan")
    patterns = {f"X{index}": re.compile(pattern) for index, pattern in enumerate([r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", r"a\b"])}
    built = compile_database(hyperscan, list(patterns.items()))
    assert built is not None and len(built[1]) == len(patterns)
    prefilter = PatternPrefilter(built[0], built[1], frozenset())
    missed = []
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        text = "a" + chr(code)
        matching = {rule_id for rule_id, compiled in patterns.items() if compiled.search(text)}
        if matching & prefilter.rules_to_skip(text):
            missed.append(hex(code))
    assert missed == []


def test_the_guard_finds_each_range_of_characters_classed_otherwise_from_its_first_to_its_last() -> None:
    from auditor.packs import pattern_prefilter

    firsts, lasts = pattern_prefilter._CLASSED_OTHERWISE_FIRSTS, pattern_prefilter._CLASSED_OTHERWISE_LASTS
    inside = {code for first, last in zip(firsts, lasts) for code in (first, (first + last) // 2, last)}
    covered = {code for first, last in zip(firsts, lasts) for code in range(first, last + 1)}
    outside = {code for first, last in zip(firsts, lasts) for code in (first - 1, last + 1)} - covered
    assert max(lasts) > 0xFFFF  # the planes beyond the basic one too
    assert all(pattern_prefilter._holds_a_character_classed_otherwise(f"News text {chr(code)} here.") for code in inside)
    assert not any(pattern_prefilter._holds_a_character_classed_otherwise(f"News text {chr(code)} here.") for code in outside)
    assert not pattern_prefilter._holds_a_character_classed_otherwise("“Quotes”, dashes — and ellipses… in news English.")


def test_a_pattern_hyperscan_refuses_leaves_the_others_filtered_and_its_whole_rule_to_run() -> None:
    hyperscan = pytest.importorskip("hyperscan")
    entries = [("A", re.compile(r"\bcorona virus\b")), ("B", re.compile("x*")), ("C", re.compile(r"Wuhan\b")), ("C", re.compile("y*"))]
    built = compile_database(hyperscan, entries)
    assert built is not None and built[1] == ["A"]  # B matches the empty string; C has such a pattern too
    prefilter = PatternPrefilter(built[0], built[1], frozenset())
    assert prefilter.rules_to_skip("No match here.") == {"A"}
    assert prefilter.rules_to_skip("The corona virus spread.") == frozenset()
