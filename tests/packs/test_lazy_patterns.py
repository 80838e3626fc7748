"""Cached rule packs store their regexes as patterns compiled on first use."""

from __future__ import annotations

import pickle
import re

from auditor.packs.lazy_patterns import LazyPattern, dumps

TEXT = "The Coruna virus spread; the corona virus, they said, spread faster."


def test_a_pickled_pattern_comes_back_uncompiled_and_answers_as_the_pattern_does() -> None:
    compiled = re.compile(r"(?P<first>[Cc]or[ou]na)\s+virus", re.IGNORECASE)
    restored = pickle.loads(dumps({"rule": compiled}))["rule"]
    assert isinstance(restored, LazyPattern)
    assert (restored.pattern, restored.flags) == (compiled.pattern, compiled.flags)
    assert "_compiled" not in vars(restored)  # nothing compiled until a rule uses it: source and flags are known
    assert [m.span() for m in restored.finditer(TEXT)] == [m.span() for m in compiled.finditer(TEXT)]
    assert (restored.pattern, restored.flags, restored.groupindex) == (compiled.pattern, compiled.flags, compiled.groupindex)
    assert restored.sub("X", TEXT) == compiled.sub("X", TEXT)


def test_a_lazy_pattern_pickles_again_as_itself() -> None:
    restored = pickle.loads(dumps(re.compile(r"\bvirus\b")))
    again = pickle.loads(pickle.dumps(restored))
    assert isinstance(again, LazyPattern) and again.search(TEXT) is not None


def test_the_cached_rule_set_finds_what_a_freshly_built_one_finds(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from auditor.api import audit_text, load_ruleset

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    text = "Officials said the Coruna virus , which spread fast，was contained . Dr. Li told reporters ."
    built = audit_text(text, ruleset=load_ruleset())  # builds the cache entry
    reloaded = load_ruleset()  # read back from the cache entry
    assert any(isinstance(getattr(rule, "_pattern", None), LazyPattern) for rule in reloaded.rules)
    cached = audit_text(text, ruleset=reloaded)
    assert [(f.rule_id, f.span) for f in built.findings] == [(f.rule_id, f.span) for f in cached.findings]
    assert built.findings


def test_loading_the_cached_rule_set_compiles_none_of_its_patterns(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The Hyperscan prefilter's cache key reads every pattern's source and flags: that compiles nothing."""
    from auditor.api import load_ruleset

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    load_ruleset()  # builds the cache entry
    lazy = [rule._pattern for rule in load_ruleset().rules if isinstance(getattr(rule, "_pattern", None), LazyPattern)]
    assert lazy and not any("_compiled" in vars(pattern) for pattern in lazy)
