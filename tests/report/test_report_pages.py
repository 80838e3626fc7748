"""The batch report's file list is split into pages, so an index of tens of thousands of files stays quick to open."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.report import html


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    texts = ["Hua Chunying said the coronavirus spread.", "Hua Chuning said the corona virus spread.", "The talks went on."]
    path.write_text("".join(json.dumps({"id": f"n{n}", "text": texts[n % 3]}) + "\n" for n in range(7)), encoding="utf-8")
    return path


def test_index_lists_the_first_page_of_files_and_links_every_page(cli, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "FILES_PER_PAGE", 3)
    out = tmp_path / "report"
    out.mkdir()
    (out / "files-9.html").write_text("stale", encoding="utf-8")
    run = cli("report", "--id-field", "id", "--out", str(out), str(corpus))
    assert run.code == 0, run.stderr
    assert sorted(path.name for path in out.glob("files-*.html")) == ["files-2.html", "files-3.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    files_table = index.split("<h2>Files</h2>")[1]
    listed = re.findall(r">[^<]*news\.jsonl#(n\d)</a>", files_table)
    assert listed == ["n0", "n1", "n2"]
    assert 'Files 1–3 of 7' in files_table and '<a href="files-2.html">2</a>' in files_table and '<a href="files-3.html">3</a>' in files_table
    last = (out / "files-3.html").read_text(encoding="utf-8")
    assert re.findall(r">[^<]*news\.jsonl#(n\d)</a>", last) == ["n6"]
    assert '<strong aria-current="page">3</strong>' in last and '<a href="index.html">1</a>' in last
    for link in re.findall(r'<a href="(files/[^"]+)"', last):
        assert (out / link).exists()


def test_a_report_of_one_page_has_no_page_links(cli, corpus: Path, tmp_path: Path) -> None:
    run = cli("report", "--out", str(tmp_path / "report"), str(corpus))
    assert run.code == 0
    assert "pager" not in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "report").glob("files-*.html"))
