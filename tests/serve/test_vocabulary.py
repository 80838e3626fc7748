"""Mark as correct: the config file gains the word (comments kept, written atomically), and the next audit accepts it."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from auditor.findings.config import load_config
from auditor.packs.load import RuleSet
from auditor.serve.vocabulary import VocabularyError, add_entry
from tests.conftest import CliRun
from tests.serve.conftest import CSRF, client_of, make_app

TEXT = "Officials said the Coruna virus spread quickly through the port.\n"


def _coruna(check: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in check["findings"] if f["text"] == "Coruna virus"]


def test_the_new_entry_joins_the_list_and_every_comment_stays(config_file: Path) -> None:
    before = config_file.read_text(encoding="utf-8")
    added = add_entry(config_file, "Coruna virus", "word")
    assert added.added and added.entries == ("Xinhua", "Coruna virus") and added.key == "accepted-words"
    after = config_file.read_text(encoding="utf-8")
    assert after == before.replace('["Xinhua"]', '["Xinhua", "Coruna virus"]')
    assert load_config(config_file).accepted_words == ("Xinhua", "Coruna virus")


def test_an_entry_already_listed_in_any_case_is_not_added_twice(config_file: Path) -> None:
    before = config_file.read_text(encoding="utf-8")
    assert not add_entry(config_file, "XINHUA", "word").added
    assert config_file.read_text(encoding="utf-8") == before


def test_names_go_to_accepted_names_and_a_missing_file_is_created_readable(tmp_path: Path) -> None:
    path = tmp_path / ".auditor.toml"
    add_entry(path, "Fergus  Hanson", "name")
    assert load_config(path).accepted_names == ("Fergus Hanson",)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


def test_pyproject_gains_a_tool_auditor_table_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "desk"  # our package\n\n[tool.black]\nline-length = 100\n', encoding="utf-8")
    add_entry(path, "Hanson", "name")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "desk"  # our package\n\n[tool.black]\nline-length = 100\n')
    assert load_config(path).accepted_names == ("Hanson",)


@pytest.mark.parametrize("entry", ["", "   ", "nul\x00byte", "<script>", "x" * 101, "a = 1"])
def test_what_is_not_a_word_or_name_is_refused(tmp_path: Path, entry: str) -> None:
    with pytest.raises(VocabularyError, match="not a word or name"):
        add_entry(tmp_path / ".auditor.toml", entry, "word")
    assert not (tmp_path / ".auditor.toml").exists()


def test_a_broken_config_is_named_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / ".auditor.toml"
    path.write_text("accepted-words = [1, 2]\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"\.auditor\.toml:1: accepted-words: must be a list of non-empty strings"):
        add_entry(path, "Hanson", "name")
    assert path.read_text(encoding="utf-8") == "accepted-words = [1, 2]\n"
    assert [p.name for p in tmp_path.iterdir()] == [".auditor.toml"]  # no temporary file left


def test_concurrent_marks_all_land(tmp_path: Path) -> None:
    path = tmp_path / ".auditor.toml"
    words = [f"Word{number}" for number in range(12)]
    threads = [threading.Thread(target=add_entry, args=(path, word, "word")) for word in words]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(load_config(path).accepted_words) == sorted(words)


def test_writing_the_vocabulary_needs_the_pages_csrf_token_and_its_origin(client: Any, config_file: Path) -> None:
    before = config_file.read_text(encoding="utf-8")
    body = {"entry": "Hanson", "kind": "name"}
    assert client.post("/api/v1/vocabulary", json=body).status_code == 403
    assert client.post("/api/v1/vocabulary", json=body, headers={"X-CSRF-Token": "guess"}).status_code == 403
    evil = client.post("/api/v1/vocabulary", json=body, headers={"X-CSRF-Token": CSRF, "Origin": "http://evil.example"})
    assert evil.status_code == 403 and "cross-origin" in evil.json()["error"]
    assert config_file.read_text(encoding="utf-8") == before
    assert client.get("/api/v1/csrf").json() == {"header": "x-csrf-token", "token": CSRF}
    assert f'<meta name="csrf-token" content="{CSRF}">' in client.get("/").text
    ok = client.post("/api/v1/vocabulary", json=body, headers={"X-CSRF-Token": CSRF, "Origin": "http://127.0.0.1"})
    assert ok.status_code == 200 and ok.json() == {"config": str(config_file), "key": "accepted-names", "added": True, "entries": ["Hanson"]}


def test_a_bad_entry_is_a_422_and_changes_nothing(client: Any, config_file: Path) -> None:
    before = config_file.read_text(encoding="utf-8")
    for body in ({"entry": "<img src=x onerror=alert(1)>"}, {"entry": "Hanson", "kind": "planet"}, {"kind": "word"}):
        answer = client.post("/api/v1/vocabulary", json=body, headers={"X-CSRF-Token": CSRF})
        assert answer.status_code == 422, body
    assert config_file.read_text(encoding="utf-8") == before


def test_marking_a_word_correct_changes_the_next_audit_of_the_server_and_of_auditor_check(
    client: Any, config_file: Path, tmp_path: Path, cli: Callable[..., CliRun]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(TEXT, encoding="utf-8")
    assert _coruna(client.post("/api/v1/check", json={"text": TEXT}).json()) == ["TM001"]
    assert "TM001" in cli("check", "--config", str(config_file), "--format", "json", str(story)).stdout
    answer = client.post("/api/v1/vocabulary", json={"entry": "Coruna virus", "kind": "word"}, headers={"X-CSRF-Token": CSRF})
    assert answer.status_code == 200 and answer.json()["added"]
    assert _coruna(client.post("/api/v1/check", json={"text": TEXT}).json()) == []
    run = cli("check", "--config", str(config_file), "--format", "json", str(story))
    assert run.code == 0 and run.json()["summary"]["findings"] == 0


def test_without_a_config_the_first_mark_creates_one_in_the_served_folder(ruleset: RuleSet, tmp_path: Path) -> None:
    with client_of(make_app(ruleset, tmp_path)) as client:
        answer = client.post("/api/v1/vocabulary", json={"entry": "Hanson", "kind": "name"}, headers={"X-CSRF-Token": CSRF})
    assert answer.json()["config"] == str(tmp_path / ".auditor.toml")
    assert load_config(tmp_path / ".auditor.toml").accepted_names == ("Hanson",)


def test_a_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    gone = tmp_path / "removed-folder" / ".auditor.toml"
    with pytest.raises(VocabularyError, match=r"removed-folder/\.auditor\.toml: cannot write: No such file or directory; the file is unchanged"):
        add_entry(gone, "Hanson", "name")
