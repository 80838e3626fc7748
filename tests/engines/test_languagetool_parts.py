"""The LanguageTool engine's pure parts (chunks, deduplication, settings) and its protocol."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.engines import SettingsError
from auditor.engines.languagetool import LanguageToolSettings, Match, agreements, check_texts
from auditor.engines.languagetool.settings import parse_settings
from auditor.engines.languagetool.cache import AnswerCache
from auditor.engines.languagetool.chunks import chunk_text
from tests.conftest import ROOT
from tests.engines.lt_server import FakeServer, running_server

ARTICLE = (
    "The council met on Tuesday. It voted to close the road. Residents objected loudly.\n\n"
    "A second paragraph follows here.\n\n\n"
    "Short one.\n"
)


@pytest.mark.parametrize("limit", [12, 30, 60, 90, 200])
def test_chunks_cover_the_text_in_order_and_stay_under_the_limit(limit: int) -> None:
    chunks = chunk_text(ARTICLE, limit)
    assert all(len(chunk.text) <= limit for chunk in chunks)
    assert all(ARTICLE[chunk.start : chunk.start + len(chunk.text)] == chunk.text for chunk in chunks)
    assert "".join(chunk.text for chunk in chunks) == ARTICLE  # nothing but white space is ever left out


def test_paragraphs_are_packed_together_and_cut_only_between_them() -> None:
    chunks = chunk_text(ARTICLE, 125)
    assert [chunk.text for chunk in chunks] == [
        ARTICLE[: ARTICLE.index("Short")],
        "Short one.\n",
    ]


def test_a_long_paragraph_is_cut_after_a_sentence() -> None:
    chunks = chunk_text(ARTICLE, 60)
    assert chunks[0].text == "The council met on Tuesday. It voted to close the road. "
    assert chunks[1].text.startswith("Residents objected loudly.")


def test_a_paragraph_without_sentence_ends_is_cut_at_a_space() -> None:
    assert [chunk.text for chunk in chunk_text("alpha beta gamma delta", 12)] == ["alpha beta ", "gamma delta"]
    assert [chunk.text for chunk in chunk_text("abcdefghij", 4)] == ["abcd", "efgh", "ij"]


def test_white_space_chunks_are_not_sent() -> None:
    assert chunk_text("", 10) == []
    assert [chunk.text for chunk in chunk_text("Word.\n\n      \n\n  ", 7)] == ["Word.\n\n"]


def match(start: int, end: int, *replacements: str, rule_id: str = "EN_A_VS_AN") -> Match:
    return Match(start, end, rule_id, "MISC", "message", replacements, "grammar", "warning")


def test_the_same_span_and_correction_is_dropped_and_recorded() -> None:
    findings = [(10, 11, "an"), (20, 27, None)]
    matches = [match(10, 11, "an"), match(20, 27, rule_id="SOME_STYLE_RULE"), match(10, 11, "the", "an", rule_id="OTHER")]
    result = agreements(findings, matches)
    assert result.dropped == frozenset({0, 1, 2})
    assert result.also == {0: ("LT:EN_A_VS_AN", "LT:OTHER"), 1: ("LT:SOME_STYLE_RULE",)}


def test_overlapping_or_different_corrections_are_kept() -> None:
    findings = [(10, 17, "the"), (30, 31, "an")]
    matches = [match(10, 13, "the"), match(30, 31, "a"), match(30, 31), match(40, 41, "an")]
    result = agreements(findings, matches)
    assert result.dropped == frozenset()
    assert result.also == {}


def test_settings_from_a_config_table() -> None:
    settings = parse_settings(
        {"server": "http://lt.example:8010/", "language": "en-GB", "level": "picky", "disabled_rules": ["WHITESPACE_RULE"],
         "concurrency": 2, "timeout": 5}
    )
    assert settings.server_url == "http://lt.example:8010"
    assert settings.request_fields() == {
        "language": "en-GB",
        "disabledRules": "WHITESPACE_RULE",
        "disabledCategories": "TYPOS",
        "level": "picky",
    }
    assert parse_settings({"install": "~/LanguageTool-6.6"}).install == Path.home() / "LanguageTool-6.6"


def test_the_examples_in_the_docs_are_valid_settings() -> None:
    doc = (ROOT / "docs" / "languagetool.md").read_text(encoding="utf-8")
    examples = re.findall(r"```toml\n(.*?)```", doc, re.S)
    assert len(examples) == 2
    settings = [parse_settings(tomllib.loads(example)["tool"]["auditor"]["languagetool"]) for example in examples]
    assert settings[0].install is not None and settings[0].install.name == "LanguageTool-6.6"
    assert (settings[1].language, settings[1].picky, settings[1].enabled_categories) == ("en-GB", True, ("TYPOS",))


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ({"sever": "http://x"}, "sever", "unknown key (known: concurrency, disabled_categories"),
        ({"picky": True}, "picky", "unknown key"),
        ({"level": "strict"}, "level", "must be 'default' or 'picky'"),
        ({"timeout": True}, "timeout", "has the wrong type (bool)"),
        ({"concurrency": "4"}, "concurrency", "has the wrong type (str)"),
        ({"server": "http://x", "install": "/opt/lt"}, "install", "set either server or install, not both"),
    ],
)
def test_bad_settings_name_the_key(table: dict[str, object], key: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        parse_settings(table)
    assert raised.value.key == key
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_server() as state:
        yield state


def test_the_stand_in_server_agrees_with_language_tool_python(server: FakeServer, tmp_path: Path) -> None:
    """The real client reads the stand-in's answers as it reads LanguageTool's, offsets included."""
    language_tool_python = pytest.importorskip("language_tool_python")
    text = "Emoji 😀 first, then a apple and the the end."
    tool = language_tool_python.LanguageTool("en-US", remote_server=server.url)
    try:
        theirs = [(m.rule_id, m.offset, m.replacements) for m in tool.check(text)]
    finally:
        tool.close()
    [ours] = check_texts([text], LanguageToolSettings(server=server.url), cache=AnswerCache(tmp_path))
    assert [(m.rule_id, m.start, list(m.replacements)) for m in ours] == theirs
    assert theirs == [("EN_A_VS_AN", text.index("a apple"), ["an"]), ("ENGLISH_WORD_REPEAT_RULE", text.index("the the"), ["the"])]


@pytest.mark.skipif(not os.environ.get("AUDITOR_LT_URL"), reason="set AUDITOR_LT_URL to a LanguageTool server")
def test_a_real_server(tmp_path: Path) -> None:
    text = "Emoji 😀 first. It was a apple, and and then it rained.\n"
    settings = LanguageToolSettings(server=os.environ["AUDITOR_LT_URL"])
    [matches] = check_texts([text], settings, cache=AnswerCache(tmp_path))
    found = {(m.rule_id, text[m.start : m.end]) for m in matches}
    assert ("EN_A_VS_AN", "a") in found
    assert ("ENGLISH_WORD_REPEAT_RULE", "and and") in found
