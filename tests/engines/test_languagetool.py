"""The LanguageTool engine against a stand-in server speaking LanguageTool's /v2 protocol."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.engines.languagetool import EngineUnavailable, LanguageToolSettings, Match, check_texts
from auditor.engines.languagetool.cache import AnswerCache
from auditor.engines.languagetool.client import LanguageToolClient, stop_local_servers
from auditor.read.markup import markdown_document
from tests.engines.lt_server import FakeServer, running_server


class FakeTime:
    """A clock that only moves when the client sleeps: waits are recorded, not spent."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_server() as state:
        yield state


@pytest.fixture
def cache(tmp_path: Path) -> AnswerCache:
    return AnswerCache(tmp_path / "lt-cache")


def run(
    texts: list[str], server: FakeServer, cache: AnswerCache, fake_time: FakeTime | None = None, **options: object
) -> list[list[Match]]:
    settings = LanguageToolSettings(server=server.url, **options)  # type: ignore[arg-type]
    fake_time = fake_time or FakeTime()
    client = LanguageToolClient(settings, clock=fake_time.clock, sleep=fake_time.sleep)
    return check_texts(texts, settings, client=client, cache=cache)


def test_a_match_after_astral_plane_characters_has_code_point_offsets(server: FakeServer, cache: AnswerCache) -> None:
    text = "Emoji 😀😀 and 𝒳 come first, then a apple falls."
    [[match]] = run([text], server, cache)
    assert (match.start, match.end) == (text.index("a apple"), text.index("a apple") + 1)
    assert text[match.start : match.end] == "a"
    assert match.rule_id == "EN_A_VS_AN" and match.auditor_rule_id == "LT:EN_A_VS_AN"
    assert match.replacements == ("an",)
    assert (match.category, match.family, match.severity) == ("MISC", "grammar", "warning")
    assert server.checks[0]["text"] == text and server.checks[0]["language"] == "en-US"


def test_a_span_holding_astral_characters_keeps_its_length_in_code_points(server: FakeServer, cache: AnswerCache) -> None:
    text = "🙂 Greek 𝛼𝛽 𝛼𝛽 again."
    [[match]] = run([text], server, cache)
    assert text[match.start : match.end] == "𝛼𝛽 𝛼𝛽"
    assert match.replacements == ("𝛼𝛽",)


def test_chunks_end_at_paragraph_breaks_so_a_match_near_the_limit_is_whole(server: FakeServer, cache: AnswerCache) -> None:
    first = "A short first paragraph.\n\n"
    second = "Then some words that say the the end.\n\n"
    third = "A third paragraph with a apple in it.\n"
    text = first + second + third
    limit = 54
    repeat = text.index("the the")
    assert repeat < limit < repeat + len("the the")  # a cut every 54 characters would split the match
    [matches] = run([text], server, cache, max_chunk_chars=limit)
    assert [(text[m.start : m.end], m.rule_id) for m in matches] == [
        ("the the", "ENGLISH_WORD_REPEAT_RULE"),
        ("a", "EN_A_VS_AN"),
    ]
    assert matches[1].start == text.index("a apple")
    assert sorted(check["text"] for check in server.checks) == sorted([first, second, third])  # sent in parallel


def test_markdown_prose_view_offsets_point_into_the_file(server: FakeServer, cache: AnswerCache) -> None:
    original = "# Fruit 🍎\n\nCode `a apple` is skipped, but **a apple** is not, nor [a apple](http://a.example).\n"
    document = markdown_document(original)
    [matches] = run([document.text], server, cache)  # the prose view: markup blanked, same length
    assert [m.start for m in matches] == [original.index("**a apple") + 2, original.index("[a apple") + 1]
    assert {original[m.start : m.end] for m in matches} == {"a"}
    assert "`" not in server.checks[0]["text"] and "http" not in server.checks[0]["text"]


def test_several_texts_each_get_their_own_matches_in_order(server: FakeServer, cache: AnswerCache) -> None:
    results = run(["No problem here.", "It was a apple.", "   \n\n  "], server, cache)
    assert [[m.rule_id for m in matches] for matches in results] == [[], ["EN_A_VS_AN"], []]
    assert len(server.checks) == 2  # a text of white space is not sent


def test_http_500_is_retried_with_back_off(server: FakeServer, cache: AnswerCache) -> None:
    server.script[:] = ["500", "500"]
    fake_time = FakeTime()
    [[match]] = run(["It was a apple."], server, cache, fake_time)
    assert match.rule_id == "EN_A_VS_AN"
    assert fake_time.sleeps == [0.5, 1.0]
    assert len(server.checks) == 3


def test_a_server_failing_every_try_is_one_line(server: FakeServer, cache: AnswerCache) -> None:
    server.script[:] = ["500"] * 3
    with pytest.raises(EngineUnavailable) as raised:
        run(["It was a apple."], server, cache)
    assert str(raised.value) == f"languagetool: the server at {server.url} answered HTTP 500 (3 tries)"


def test_a_timeout_is_retried(server: FakeServer, cache: AnswerCache) -> None:
    server.script[:] = ["hang"]
    server.hang_seconds = 4.0
    fake_time = FakeTime()
    [[match]] = run(["It was a apple."], server, cache, fake_time, timeout=1.0)
    assert match.rule_id == "EN_A_VS_AN"
    assert fake_time.sleeps == [0.5]
    assert len(server.checks) == 2


def test_timeouts_on_every_try_are_one_line(server: FakeServer, cache: AnswerCache) -> None:
    server.script[:] = ["hang", "hang"]
    server.hang_seconds = 1.0
    with pytest.raises(EngineUnavailable, match=r"did not answer within 0\.2 s \(2 tries\)$"):
        run(["It was a apple."], server, cache, timeout=0.2, retries=2)


@pytest.mark.parametrize(
    ("answer", "problem"), [("html", "sent an answer that is not JSON"), ("offsets", "sent matches auditor cannot read")]
)
def test_an_answer_that_is_not_languagetools_is_one_line(
    server: FakeServer, cache: AnswerCache, answer: str, problem: str
) -> None:
    server.script[:] = [answer]
    with pytest.raises(EngineUnavailable) as raised:
        run(["It was a apple."], server, cache)
    assert str(raised.value) == f"languagetool: the server at {server.url} {problem}"
    assert cache.folder is not None and not cache.folder.exists()  # nothing was cached


def test_a_429_answer_waits_for_retry_after(server: FakeServer, cache: AnswerCache) -> None:
    server.script[:] = ["429"]
    fake_time = FakeTime()
    [[match]] = run(["It was a apple."], server, cache, fake_time)
    assert match.rule_id == "EN_A_VS_AN"
    assert fake_time.sleeps == [7.0]


def test_the_rate_limit_spaces_requests_a_minute_apart(server: FakeServer, cache: AnswerCache) -> None:
    fake_time = FakeTime()
    texts = ["It was a apple.", "It was a orange.", "It was a egg."]
    results = run(texts, server, cache, fake_time, requests_per_minute=2, concurrency=1)
    assert [len(matches) for matches in results] == [1, 1, 1]
    assert fake_time.sleeps == [60.0]  # the probe and the first check filled the first minute
    assert len(server.checks) == 3


def test_the_public_api_is_limited_to_20_requests_a_minute() -> None:
    assert LanguageToolSettings(server="https://api.languagetool.org").rate_limit == 20
    assert LanguageToolSettings(server="http://localhost:8081").rate_limit is None
    assert LanguageToolSettings(server="https://api.languagetool.org", requests_per_minute=80).rate_limit == 80


def test_parallel_requests_give_the_same_matches(server: FakeServer, cache: AnswerCache) -> None:
    texts = [f"Text {n}: 𝒳 then a apple and the the end." for n in range(12)]
    results = run(texts, server, cache, concurrency=4)
    for text, matches in zip(texts, results):
        assert [text[m.start : m.end] for m in matches] == ["a", "the the"]


def test_a_second_run_is_answered_from_the_cache(server: FakeServer, cache: AnswerCache) -> None:
    texts = ["It was a apple.", "First.\n\nThen the the end."]
    first = run(texts, server, cache, max_chunk_chars=10)
    sent = len(server.requests)
    assert sent > 0
    assert run(texts, server, cache, max_chunk_chars=10) == first
    assert len(server.requests) == sent  # nothing at all was sent, not even a probe
    run(texts, server, cache, max_chunk_chars=10, language="en-GB")
    assert len(server.requests) > sent  # other settings are other answers


def test_cache_entries_are_whole_json_files(server: FakeServer, cache: AnswerCache) -> None:
    run(["It was a apple."], server, cache)
    assert cache.folder is not None
    entries = list(cache.folder.iterdir())
    assert [entry.suffix for entry in entries] == [".json"]  # no temporary file left behind
    entries[0].write_text("[{broken", encoding="utf-8")
    [[match]] = run(["It was a apple."], server, cache)  # a damaged entry is a miss
    assert match.rule_id == "EN_A_VS_AN"


def test_spelling_is_off_unless_enabled(server: FakeServer, cache: AnswerCache) -> None:
    text = "Xyzzy wrote a apple."
    [matches] = run([text], server, cache)
    assert [m.rule_id for m in matches] == ["EN_A_VS_AN"]
    assert server.checks[0]["disabledCategories"] == "TYPOS"
    [matches] = run([text], server, cache, enabled_categories=("TYPOS",))
    assert [(m.rule_id, m.family) for m in matches] == [("MORFOLOGIK_RULE_EN_US", "spelling"), ("EN_A_VS_AN", "grammar")]


def test_rules_and_level_are_sent(server: FakeServer, cache: AnswerCache) -> None:
    text = "A very good a apple."
    [matches] = run([text], server, cache, picky=True, disabled_rules=("EN_A_VS_AN",), enabled_rules=("X_RULE",))
    assert [m.rule_id for m in matches] == ["PHRASE_REPETITION"]
    check = server.checks[0]
    assert (check["level"], check["disabledRules"], check["enabledRules"]) == ("picky", "EN_A_VS_AN", "X_RULE")


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_no_server_is_one_line(cache: AnswerCache) -> None:
    url = closed_port_url()
    with pytest.raises(EngineUnavailable) as raised:
        check_texts(["It was a apple."], LanguageToolSettings(server=url), cache=cache)
    assert str(raised.value) == (
        f"languagetool: no server at {url} (connection refused); set [tool.auditor.languagetool] server = ..."
        " or run LanguageTool locally: see docs/languagetool.md"
    )


def test_an_unknown_language_is_one_line(server: FakeServer, cache: AnswerCache) -> None:
    with pytest.raises(EngineUnavailable) as raised:
        run(["Text."], server, cache, language="xx-XX")
    assert str(raised.value) == f"languagetool: the server at {server.url} does not offer language 'xx-XX'"


def test_a_missing_local_install_is_one_line(tmp_path: Path, cache: AnswerCache) -> None:
    with pytest.raises(EngineUnavailable, match=r"^languagetool: no LanguageTool install at .*languagetool-server\.jar missing"):
        check_texts(["Text."], LanguageToolSettings(install=tmp_path / "LanguageTool-6.6"), cache=cache)


def test_a_local_install_without_java_is_one_line(tmp_path: Path, cache: AnswerCache, monkeypatch: pytest.MonkeyPatch) -> None:
    install = tmp_path / "LanguageTool-6.6"
    install.mkdir()
    (install / "languagetool-server.jar").write_bytes(b"")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EngineUnavailable, match=r"^languagetool: Java not found \(a local install runs with Java 17"):
        check_texts(["Text."], LanguageToolSettings(install=install), cache=cache)


@pytest.fixture(scope="module")
def local_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shaped like a LanguageTool install whose server jar is a small stand-in (built with javac)."""
    if not (shutil.which("javac") and shutil.which("jar")):
        pytest.skip("javac and jar are needed to build the stand-in LanguageTool install")
    build = tmp_path_factory.mktemp("lt-build")
    install = tmp_path_factory.mktemp("LanguageTool-6.6")
    source = Path(__file__).parent / "data" / "HTTPServer.java"
    subprocess.run(["javac", "-d", str(build), str(source)], check=True)
    subprocess.run(["jar", "cf", str(install / "languagetool-server.jar"), "-C", str(build), "."], check=True)
    return install


def test_a_local_install_is_started_and_checked(local_install: Path, cache: AnswerCache) -> None:
    text = "Emoji 😀 first, then a apple."
    try:
        [[match]] = check_texts([text], LanguageToolSettings(install=local_install, startup_timeout=60), cache=cache)
    finally:
        stop_local_servers()
    assert (match.rule_id, match.start, match.end) == ("EN_A_VS_AN", text.index("a apple"), text.index("a apple") + 1)


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java")
def test_a_local_install_whose_server_does_not_start_is_one_line(tmp_path: Path, cache: AnswerCache) -> None:
    install = tmp_path / "LanguageTool-6.6"
    install.mkdir()
    (install / "languagetool-server.jar").write_bytes(b"not a jar")
    with pytest.raises(EngineUnavailable) as raised:
        check_texts(["Text."], LanguageToolSettings(install=install, startup_timeout=60), cache=cache)
    message = str(raised.value)
    assert message.startswith(f"languagetool: the server of the LanguageTool install at {install} exited with code 1;")
    assert "\n" not in message
