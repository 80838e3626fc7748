"""`make eval`'s LanguageTool rows: skipped without AUDITOR_LT_URL, per category with a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.datasets import CONLL
from benchmarks.eval_languagetool import languagetool_section
from tests.engines.lt_server import running_server

# Two learner sentences in CoNLL-2014's shape: an annotated "a" before a vowel, and one nobody annotated.
RECORDS = [
    {"id": "c|0", "text": "He ate a apple .", "errors": [{"start": 7, "end": 8, "category": "ArtOrDet"}]},
    {"id": "c|1", "text": "She saw a eagle .", "errors": []},
]


def test_without_a_server_the_rows_are_skipped_with_a_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_LT_URL", raising=False)
    section = languagetool_section(tmp_path, [CONLL])
    assert section.endswith("Not measured: set AUDITOR_LT_URL to a LanguageTool server to add these rows.\n")


def test_with_a_server_each_category_gets_its_precision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / CONLL).mkdir()
    (tmp_path / CONLL / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    with running_server() as server:
        monkeypatch.setenv("AUDITOR_LT_URL", server.url)
        section = languagetool_section(tmp_path, [CONLL])
    assert "| CoNLL-2014 | MISC | 2 | 200.00 | 0.500 (1/2) |" in section
    assert "| CoNLL-2014 | all | 2 | 200.00 | 0.500 (1/2) |" in section
