"""The LanguageTool-compatible endpoint, read by the real language-tool-python client pointed at a live server."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.packs.load import RuleSet
from tests.serve.conftest import live_server, make_app

TEXT = "Emoji 😀 first. The Coruna virus spread, and Hua Chuning said so.\n"


@pytest.fixture(scope="module")
def server_url(ruleset: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(make_app(ruleset, tmp_path_factory.mktemp("lt"))) as url:
        yield url


def _post(url: str, fields: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url + "v2/check", data=urllib.parse.urlencode(fields).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_language_tool_python_reads_auditors_matches(server_url: str) -> None:
    language_tool_python = pytest.importorskip("language_tool_python")
    tool = language_tool_python.LanguageTool("en-US", remote_server=server_url)
    try:
        matches = tool.check(TEXT)
        corrected = language_tool_python.utils.correct(TEXT, matches)
    finally:
        tool.close()
    found = {(m.rule_id, TEXT[m.offset : m.offset + m.error_length], tuple(m.replacements), m.category) for m in matches}
    assert ("TM001", "Coruna virus", ("coronavirus",), "TERMS") in found
    assert ("NM001", "Hua Chuning", ("Hua Chunying",), "NAMES") in found
    coruna = next(m for m in matches if m.rule_id == "TM001")
    context = coruna.context.encode("utf-16-le")  # LanguageTool counts the context in UTF-16 units, as Java does
    assert context[2 * coruna.offset_in_context : 2 * (coruna.offset_in_context + coruna.error_length)].decode("utf-16-le") == "Coruna virus"
    assert corrected == TEXT.replace("Coruna virus", "coronavirus").replace("Hua Chuning", "Hua Chunying")


def test_offsets_count_utf16_units_and_the_data_field_counts_markup_as_spaces(server_url: str) -> None:
    status, body = _post(server_url, {"language": "en-GB", "text": TEXT})
    assert status == 200
    answer = json.loads(body)
    [match] = [m for m in answer["matches"] if m["rule"]["id"] == "TM001"]
    assert (match["offset"], match["length"]) == (TEXT.index("Coruna") + 1, 12)  # the emoji is two UTF-16 units
    assert match["rule"]["description"] and match["rule"]["category"] == {"id": "TERMS", "name": "Terms"}
    assert match["sentence"] == "The Coruna virus spread, and Hua Chuning said so."
    assert answer["language"]["code"] == "en-GB" and answer["software"]["name"] == "auditor"
    data = json.dumps({"annotation": [{"markup": "<p>"}, {"text": "The Coruna virus spread."}, {"markup": "</p>"}]})
    [match] = json.loads(_post(server_url, {"language": "en-US", "data": data})[1])["matches"]
    assert (match["offset"], match["length"]) == (len("<p>The "), 12)


def test_rules_and_categories_can_be_switched_off_as_in_languagetool(server_url: str) -> None:
    def rules(**fields: str) -> set[str]:
        return {m["rule"]["id"] for m in json.loads(_post(server_url, {"language": "en-US", "text": TEXT, **fields})[1])["matches"]}

    assert {"TM001", "NM001"} <= rules()
    assert "TM001" not in rules(disabledRules="TM001")
    assert "NM001" not in rules(disabledCategories="NAMES")
    assert rules(enabledRules="NM001", enabledOnly="true") == {"NM001"}


def test_languages_and_errors_speak_languagetools_plain_text(server_url: str) -> None:
    with urllib.request.urlopen(server_url + "v2/languages", timeout=30) as answer:
        codes = {language["longCode"] for language in json.loads(answer.read())}
    assert {"en-US", "en-GB"} <= codes
    status, body = _post(server_url, {"language": "de-DE", "text": "Hallo"})
    assert status == 400 and body.startswith("Error: 'de-DE' is not a language code known to auditor")
    status, body = _post(server_url, {"language": "en-US"})
    assert status == 400 and body == "Error: missing 'text' or 'data' parameter"
    assert _post(server_url, {"language": "en-US", "data": "{broken"})[0] == 400
    assert json.loads(_post(server_url, {"language": "auto", "text": "The Coruna virus."})[1])["matches"]
