"""Bitext inputs: each format's target view points into the file, each segment carries its source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.read.bitext import BitextError, bitext_document
from auditor.read.inputs import SourceFile, read_source
from auditor.read.markup import document_for
from auditor.text.document import Document
from tests.conftest import CliRun

DATA = Path(__file__).resolve().parent.parent / "data" / "bitext"


def read(name: str) -> Document:
    return document_for(read_source(str(DATA / name)))


def targets(document: Document) -> list[tuple[str, str, str]]:
    """(id, source, target as the view shows it) for each segment."""
    assert document.alignment is not None
    return [(s.id, s.source, document.text[s.target.start : s.target.end]) for s in document.alignment.segments]


def test_xliff_1_2_units_skip_alt_trans_and_decode_entities_in_place() -> None:
    document = read("news-1.2.xlf")
    (first_id, first_source, first_target), second = targets(document)
    assert (first_id, first_source) == ("s1", "外交部发言人华春莹说，中国将派出1500名医生。")
    assert first_target == "Foreign ministry spokeswoman Hua Chuning said China will send 1,500 doctors &     nurses."
    # inline <g> tags are blanked in the target and left out of the source
    assert second[1] == "他们在北京工作。"
    assert second[2].split() == ["They", "work", "in", "Beijing", "—", "the", "the", "capital."]
    assert document.alignment is not None and document.alignment.source_language == "zh-CN"
    assert "<source>" not in document.text and "x" not in document.text.split()


def test_xliff_2_segments_are_named_unit_slash_segment_and_codes_are_not_text() -> None:
    document = read("news-2.0.xlf")
    assert targets(document) == [
        ("u1/1", "华春莹说，增长了15%。", "Hua Chuning said it grew 15%."),
        ("u1/2", "谢谢。", "Thank you            ."),
    ]
    assert document.alignment is not None and (document.alignment.source_language, document.alignment.target_language) == ("zh", "en")


def test_tmx_source_side_is_the_header_srclang_whatever_the_order() -> None:
    assert targets(read("news.tmx")) == [("7", "赵立坚说，增长率为5.2%。", "Zhao Lijan said growth was 5.2 percent.")]


def test_tsv_csv_and_jsonl_read_source_and_target_columns() -> None:
    assert targets(read("news.tsv"))[0] == ("h1", "华春莹说，派出1500名医生。", "Hua Chuning said 1,500 doctors were sent.")
    csv_rows = targets(read("news.csv"))
    assert csv_rows[0] == ("2", "该项目投资150万元。", 'The project cost " 15 million"  yuan, officials said.')
    assert csv_rows[1][2] == "They work in Beijing."
    jsonl = targets(read("news.jsonl"))
    assert jsonl[0][:2] == ("a", "该市人口为1.5亿。")
    # an escape shows its character on the backslash and spaces on the rest, as HTML entities do
    assert jsonl[0][2].split() == ["The", "city", "has", "150", "million", "people", "—", "café", "."]


def test_the_view_has_the_file_length_and_blank_lines_outside_targets() -> None:
    for name in ("news-1.2.xlf", "news-2.0.xlf", "news.tmx", "news.tsv", "news.csv", "news.jsonl"):
        document = read(name)
        assert len(document.text) == len(document.original)
        assert document.text.count("\n") == document.original.count("\n")


def test_an_aligned_pair_goes_line_by_line_then_paragraph_by_paragraph() -> None:
    lines = bitext_document(SourceFile("t.txt", "One.\nTwo.\n", translated_from="一。\n二。\n"))
    assert [(s, t) for _, s, t in targets(lines)] == [("一。", "One."), ("二。", "Two.")]
    paragraphs = bitext_document(SourceFile("t.txt", "One.\nStill one.\n\nTwo.\n", translated_from="一。\n\n二。"))
    assert [(s, t) for _, s, t in targets(paragraphs)] == [("一。", "One.\nStill one."), ("二。", "Two.")]
    with pytest.raises(BitextError, match="2 lines and 1 paragraphs against the source's 3 lines and 3 paragraphs"):
        bitext_document(SourceFile("t.txt", "One.\nTwo.\n", translated_from="一。\n\n二。\n\n三。"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlf", "<xliff><file><body><trans-unit id='1'><source>a</source>", "broken.xlf: not well-formed XLIFF: no element found at line 1"),
        ("empty.xlf", "<xliff version='1.2'/>", "empty.xlf: no translation units: not XLIFF"),
        ("nocolumn.tsv", "src\tnote\na\tb\n", "nocolumn.tsv: no target column (the header row needs one of: target, tgt, translation)"),
        ("quote.csv", 'source,target\na,"b\n', "quote.csv: line 2: unclosed quote at column 3"),
        ("bad.jsonl", '{"source": "a", "target": "b"}\n{"source": 1}\n', "bad.jsonl: line 2: needs string fields 'source' and 'target'"),
        ("notjson.jsonl", "{oops\n", "notjson.jsonl:1: not valid JSON"),  # no fields to tell: the corpus reader's line
    ],
)
def test_broken_bitext_is_not_audited_with_one_line_naming_the_file(
    cli: Callable[..., CliRun], tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli("check", str(path))
    assert result.code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("auditor:")]
    assert len(errors) == 1 and message in errors[0] and "Traceback" not in result.stderr


def test_source_option_pairs_one_file_and_refuses_misaligned_or_several(cli: Callable[..., CliRun], tmp_path: Path) -> None:
    three = tmp_path / "three.txt"
    three.write_text("a\n\nb\n\nc\n", encoding="utf-8")
    misaligned = cli("check", str(DATA / "pair.en.txt"), "--source", str(three))
    assert misaligned.code == 2 and "does not align with its source: 2 lines" in misaligned.stderr
    several = cli("check", str(DATA / "pair.en.txt"), str(DATA / "news.tsv"), "--source", str(three))
    assert several.code == 2 and "exactly one PATH" in several.stderr
    missing = cli("check", str(DATA / "pair.en.txt"), "--source", str(tmp_path / "nothere.txt"))
    assert missing.code == 2 and "nothere.txt: no such file or directory" in missing.stderr


def test_jsonl_and_tsv_are_bitext_or_a_corpus_by_their_fields(cli: Callable[..., CliRun], tmp_path: Path) -> None:
    # A corpus may name its publisher "source"; only a target field, or a source without the text field, is bitext.
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"source": "Agency", "text": "The the minister spoke."}\n', encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("source\ttarget\n两会开幕。\tThe the meetings opened.\n", encoding="utf-8")
    report = cli("check", str(corpus), str(pairs), "--format", "json").json()
    by_path = {Path(record["path"]).name: record for record in report["files"]}
    assert set(by_path) == {"news.jsonl#1", "pairs.tsv"}
    assert by_path["pairs.tsv"]["findings"][0].get("source", {}).get("text") == "两会开幕。"
