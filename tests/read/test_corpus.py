"""Corpus files: many documents in one JSON Lines, CSV, TSV or Parquet file, compressed or not, read as streams."""

from __future__ import annotations

import gzip
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

from auditor.read import corpus
from auditor.read.corpus import CorpusOptions, is_corpus, read_corpus
from auditor.read.inputs import InputError, SourceFile

ARTICLES = [
    {"id": "a1", "text": "Foreign Ministry spokeswoman Hua Chunying said the coronavirus spread."},
    {"id": "a2", "text": "Hua Chuning said the corona virus spread. It spread  fast."},
    {"id": "a3", "text": "Hua Chunying repeated that the coronavirus spread."},
]


def write_jsonl(path: Path, records: list[dict[str, str]], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records] + list(extra_lines)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def records(path: Path, options: CorpusOptions = CorpusOptions()) -> list[tuple[str, str]]:
    """(path, text) of each record, or ('error', message) of each broken one."""
    return [("error", str(item)) if isinstance(item, InputError) else (item.path, item.text) for item in read_corpus(str(path), options)]


def test_corpus_files_are_known_by_their_suffix() -> None:
    for name in ("a.jsonl", "a.NDJSON", "a.jsonl.gz", "a.jsonl.zst", "a.csv", "a.tsv.gz", "a.parquet"):
        assert is_corpus(name), name
    for name in ("a.txt", "a.json", "a.md", "a.gz", "a.parquet.gz"):
        assert not is_corpus(name), name


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz", "news.jsonl.zst"])
def test_jsonl_records_are_read_by_text_and_id_field_compressed_or_not(tmp_path: Path, name: str) -> None:
    path = write_jsonl(tmp_path / name, [{"key": r["id"], "body": r["text"]} for r in ARTICLES])
    assert records(path, CorpusOptions("body", "key")) == [(f"{path}#{r['id']}", r["text"]) for r in ARTICLES]


def test_without_an_id_field_records_are_named_by_their_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", ARTICLES[:1], extra_lines=("", json.dumps(ARTICLES[1])))
    assert [name for name, _ in records(path)] == [f"{path}#1", f"{path}#3"]  # the blank line 2 is skipped


def test_broken_lines_are_one_line_errors_naming_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(ARTICLES[0]), "{broken", '["a list"]', json.dumps({"text": 12}), json.dumps({"body": "x"}), json.dumps(ARTICLES[2])]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "caf\xe9"}\n')
    found = records(path)
    assert found[0] == (f"{path}#1", ARTICLES[0]["text"])
    assert found[1][1].startswith(f"{path}:2: not valid JSON")
    assert found[2][1] == f"{path}:3: a JSON array, not an object; not audited"
    assert found[3][1] == f"{path}:4: field 'text' is a JSON number, not a string; not audited"
    assert found[4][1] == f"{path}:5: field 'text' is missing; not audited"
    assert found[5] == (f"{path}#6", ARTICLES[2]["text"])
    assert found[6][1] == f"{path}:7: not valid UTF-8 (byte 14 of the line); not audited"


def test_a_record_too_long_is_refused_without_being_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "MAX_RECORD_BYTES", 100)
    path = write_jsonl(tmp_path / "news.jsonl", [{"text": "word " * 200}, ARTICLES[0]])
    found = records(path)
    assert found[0] == ("error", f"{path}:1: record longer than 0 MiB; not audited")
    assert found[1] == (f"{path}#2", ARTICLES[0]["text"])


def test_a_truncated_gzip_corpus_is_one_error_after_the_records_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl.gz", ARTICLES * 50)
    path.write_bytes(path.read_bytes()[:-30])
    found = records(path)
    assert found[-1][0] == "error" and found[-1][1].startswith(f"{path}: cannot read the corpus")
    assert found[0] == (f"{path}#1", ARTICLES[0]["text"])


def test_a_corrupt_zstd_corpus_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + b"not zstd at all" * 10)
    assert records(path) == [("error", records(path)[0][1])]
    assert records(path)[0][1].startswith(f"{path}: not a valid zstd stream")


def test_zstd_without_zstandard_says_which_extra_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_jsonl(tmp_path / "news.jsonl.zst", ARTICLES)
    monkeypatch.setitem(sys.modules, "zstandard", None)
    assert records(path) == [("error", f"{path}: zstd-compressed corpora need the zstandard package: pip install 'auditor[corpus]'")]


def test_csv_and_tsv_read_the_text_column_with_quoted_line_breaks(tmp_path: Path) -> None:
    csv_path = tmp_path / "news.csv"
    csv_path.write_text('id,headline,text\na1,One,"First paragraph.\n\nSecond, with a comma."\na2,Two,Short text.\n', encoding="utf-8")
    assert records(csv_path, CorpusOptions("text", "id")) == [
        (f"{csv_path}#a1", "First paragraph.\n\nSecond, with a comma."),
        (f"{csv_path}#a2", "Short text."),
    ]
    tsv_path = tmp_path / "news.tsv.gz"
    tsv_path.write_bytes(gzip.compress("\ufeffbody\tsource\nA text, with a comma.\tAP\n".encode()))
    assert records(tsv_path, CorpusOptions("body")) == [(f"{tsv_path}#1", "A text, with a comma.")]


def test_csv_without_the_text_column_or_with_a_short_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,Text.\n", encoding="utf-8")
    assert records(path) == [("error", f"{path}:1: no column 'text' (columns: id, body); not audited")]
    path.write_text("id,text\n1,Text.\n2\n3,More text.\n", encoding="utf-8")
    assert records(path) == [(f"{path}#1", "Text."), ("error", f"{path}:3: row has 1 fields, no 'text'; not audited"), (f"{path}#3", "More text.")]


def test_parquet_is_read_in_batches_by_column(tmp_path: Path) -> None:
    pyarrow = pytest.importorskip("pyarrow")
    import pyarrow.parquet

    path = tmp_path / "news.parquet"
    table = pyarrow.table({"doc": [r["id"] for r in ARTICLES], "text": [r["text"] for r in ARTICLES], "other": [1, 2, 3]})
    pyarrow.parquet.write_table(table, path)
    assert records(path, CorpusOptions("text", "doc")) == [(f"{path}#{r['id']}", r["text"]) for r in ARTICLES]
    assert records(path, CorpusOptions("body"))[0][1] == f"{path}: no column 'body' (columns: doc, text, other); not audited"
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    assert records(broken)[0][1].startswith(f"{broken}: not a readable Parquet file")


def test_a_corpus_is_streamed_memory_does_not_grow_with_it(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "big.jsonl.gz", [{"text": f"Article {n}. " + "The minister said the talks went on. " * 100} for n in range(2000)])
    tracemalloc.start()
    try:
        count = sum(1 for item in read_corpus(str(path)) if isinstance(item, SourceFile))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2000  # some 7.5 MB of text
    assert peak < 1_000_000


def test_check_audits_each_record_and_names_broken_lines(cli, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", [{"key": r["id"], "body": r["text"]} for r in ARTICLES], extra_lines=("{broken",))
    run = cli("check", "--format", "json", "--text-field", "body", "--id-field", "key", str(path))
    assert run.code == 2
    assert [f["path"] for f in run.json()["files"]] == [f"{path}#a1", f"{path}#a2", f"{path}#a3"]
    assert run.stderr.startswith(f"auditor: {path}:4: not valid JSON")
    rules = {finding["rule"] for finding in run.json()["files"][1]["findings"]} | {
        also for finding in run.json()["files"][1]["findings"] for also in finding.get("also", ())
    }
    assert "CS001" in rules  # the cross-document rule sees the corpus's documents as a run
