"""The on-disk cache: values come back equal, stale or unsafe entries are never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor import cache
from auditor.api import load_ruleset


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    return tmp_path / "cache"


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_value_is_built_once_then_read_back(folder: Path) -> None:
    build = Builder({"words": [1, 2, 3]})
    assert cache.cached("demo", [b"input"], build) == {"words": [1, 2, 3]}
    assert cache.cached("demo", [b"input"], build) == {"words": [1, 2, 3]}
    assert build.calls == 1
    assert len(list(folder.glob("demo-*.bin"))) == 1


def test_changed_inputs_rebuild_and_replace_the_entry(folder: Path) -> None:
    build = Builder("value")
    cache.cached("demo", [b"first"], build)
    cache.cached("demo", [b"second"], build)
    assert build.calls == 2
    assert len(list(folder.glob("demo-*.bin"))) == 1


def test_no_cache_setting_builds_every_time_and_writes_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    build = Builder("value")
    cache.cached("demo", [b"input"], build)
    cache.cached("demo", [b"input"], build)
    assert build.calls == 2
    assert not folder.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_entry_others_may_write_is_not_read(folder: Path) -> None:
    build = Builder("value")
    cache.cached("demo", [b"input"], build)
    (entry,) = folder.glob("demo-*.bin")
    entry.chmod(0o666)
    cache.cached("demo", [b"input"], build)
    assert build.calls == 2


def test_a_damaged_entry_is_rebuilt(folder: Path) -> None:
    build = Builder("value")
    cache.cached("demo", [b"input"], build)
    (entry,) = folder.glob("demo-*.bin")
    entry.write_bytes(b"not a pickle")
    assert cache.cached("demo", [b"input"], build) == "value"
    assert build.calls == 2


def test_an_unusable_folder_still_returns_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "file" / "cache"))
    assert cache.cached("demo", [b"input"], Builder("value")) == "value"


def test_builtin_rules_from_the_cache_equal_a_fresh_load(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_ruleset()
    assert list(folder.glob("rules-*.bin"))
    cached = load_ruleset()
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    fresh = load_ruleset()
    assert cached.rules == fresh.rules
    assert cached.resources == fresh.resources
    assert cached.pack_paths == fresh.pack_paths


def test_word_frequencies_from_the_cache_equal_wordfreq(folder: Path) -> None:
    from wordfreq import get_frequency_dict

    from auditor.resources.wordfreqs import english

    english()
    assert list(folder.glob("wordfreq-en-*.bin"))
    assert english() == get_frequency_dict("en")


def test_textstat_data_from_the_cache_equals_textstat(folder: Path) -> None:
    from auditor.text import readability

    readability._textstat_data.cache_clear()
    try:
        readability._textstat_data()
        readability._textstat_data.cache_clear()
        assert tuple(readability._textstat_data()) == readability._read_textstat_data()
        assert list(folder.glob("textstat-*.bin"))
    finally:
        readability._textstat_data.cache_clear()


def test_cached_hyphenation_patterns_hyphenate_like_pyphen(folder: Path) -> None:
    import pyphen

    from auditor.text import readability

    path = pyphen.LANGUAGES[pyphen.language_fallback(readability.LANG)]
    cache.cached("pyphen-" + readability.LANG, [b"test"], lambda: pyphen.HyphDict(path))
    cached = cache.cached("pyphen-" + readability.LANG, [b"test"], lambda: pytest.fail("not read from the cache"))
    fresh = pyphen.HyphDict(path)
    for word in ("hyphenation", "coronavirus", "xinjiang", "antidisestablishmentarianism", "a"):
        assert cached.positions(word) == fresh.positions(word)


def test_a_deletion_index_read_back_from_the_cache_finds_what_a_built_one_finds(folder: Path) -> None:
    from auditor.kinds.helpers.edits import DeletionIndex

    words = ["coronavirus", "virus", "chunying", "hua", "corona"]
    calls = []

    def listed() -> list[str]:
        calls.append(1)
        return words

    built = DeletionIndex(words)
    first = DeletionIndex.cached("demo-index", [b"input"], listed)
    again = DeletionIndex.cached("demo-index", [b"input"], listed)
    assert len(calls) == 1
    for probe in ["coronavirs", "chuning", "viruss", "hua", "corna", "unrelated"]:
        assert first.candidates(probe) == again.candidates(probe) == built.candidates(probe)


def test_writing_an_entry_leaves_the_entries_of_longer_names_that_begin_with_it(folder: Path) -> None:
    """Writing replaces the older entries of its own name only: "place-sizes" must not remove
    "place-sizes-index" (both are `<name>-<digest>.bin`)."""
    cache.cached("demo-index", [b"one"], Builder("index"))
    cache.cached("demo", [b"one"], Builder("table"))
    cache.cached("demo", [b"two"], Builder("table again"))
    assert len(list(folder.glob("demo-index-*.bin"))) == 1
    assert len([p for p in folder.glob("demo-*.bin") if not p.name.startswith("demo-index-")]) == 1
