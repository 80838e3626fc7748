"""`auditor report`: a self-contained, escaped, reproducible HTML audit with summaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

from auditor.check.document import Result
from auditor.model import Finding, Severity, Span
from auditor.report.html import grade_class, write_report
from auditor.report.html.pages import page_name
from auditor.report.run import RunResult
from auditor.text.document import Document
from tests.report.formats.conftest import ARTICLE_PATH, sample_run


def _pages(out: Path) -> dict[str, str]:
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8") for path in sorted(out.rglob("*")) if path.is_file()}


def test_report_writes_index_a_page_per_file_and_summaries(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    assert sorted(_pages(tmp_path)) == [
        "files/news__2020_review_part_2.txt.html",
        "files/news__A_Coru_a.txt.html",
        "files/news__clean.txt.html",
        "index.html",
        "summary.json",
        "summary.md",
    ]


def test_audited_html_is_escaped_everywhere(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    for name, html in _pages(tmp_path).items():
        assert "<script" not in html.lower(), name
    page = (tmp_path / "files/news__A_Coru_a.txt.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_pages_load_nothing_from_elsewhere(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    for name, html in _pages(tmp_path).items():
        if name.endswith(".html"):
            assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|url\(|@import", html), name
            assert re.findall(r'href="([^"#][^"]*)"', html) == [h for h in re.findall(r'href="([^"#][^"]*)"', html) if not h.startswith(("http:", "https:", "//"))]
            assert "default-src 'none'" in html


def test_every_finding_is_highlighted_and_listed_with_its_correction(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    page = (tmp_path / "files/news__A_Coru_a.txt.html").read_text(encoding="utf-8")
    for number in range(1, 8):
        assert f'id="f{number}"' in page and f'id="m{number}"' in page
    assert page.count('<mark class="hl sev-') == 7  # the boilerplate span is one mark on each of its lines
    assert 'class="ins sev-warning"' in page  # the insertion point of the missing period
    assert "error NM001: &#39;Hua Chuning&#39; looks like a misspelling of &#39;Hua Chunying&#39;\n→ replace" in page
    assert "<del>Hua Chuning</del><ins>Hua Chunying</ins>" in page
    assert "U+00A0 NO-BREAK SPACE" in page


def test_paragraph_readability_and_the_safe_fix_diff_are_shown(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    page = (tmp_path / "files/news__A_Coru_a.txt.html").read_text(encoding="utf-8")
    assert page.count('<span class="grade ') == 6  # three paragraphs: gutter badge and table cell each
    assert '<span class="grade hard"' in page and '<span class="grade easy"' in page
    diff = page[page.index('<pre class="diff">') :]
    assert '<span class="changed">coronavirus</span>' in diff
    assert "Hua Chunying" not in diff  # an unsafe fix is not applied


def test_summary_json_counts_by_family_severity_and_grade(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    # The review has no readability figures: its 11 words come from the segmenter.
    assert summary["totals"] == {"files": 3, "not_audited": 1, "findings": 10, "words": 25 + 11 + 2, "files_with_findings": 2}
    assert summary["by_severity"] == {"error": 2, "warning": 4, "info": 4}
    assert summary["by_family"]["typography"] == {"error": 0, "warning": 2, "info": 0}
    assert summary["worst_files"] == [ARTICLE_PATH, "news/2020: review, part 2.txt"]
    bands = {band["band"]: band["files"] for band in summary["readability"]["grade_distribution"]}
    assert bands["8-10"] == 1 and bands["< 6"] == 1 and summary["readability"]["files_measured"] == 2
    markdown = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "[news/A Coruña.txt](files/news__A_Coru_a.txt.html)" in markdown


def test_the_report_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path / "a")
    write_report(sample_run(), tmp_path / "b")
    assert _pages(tmp_path / "a") == _pages(tmp_path / "b")


def test_pages_of_files_no_longer_audited_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "files" / "gone.txt.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    write_report(sample_run(), tmp_path)
    assert not stale.exists()


def test_page_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    assert page_name("../a/b c.txt", taken) == "a__b_c.txt.html"
    assert page_name("a/b?c.txt", taken) == "a__b_c.txt-2.html"
    assert page_name("/", taken) == "text.html"


def test_report_command_writes_the_report(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.txt"
    source.write_text("Thousands of protestors marched.\n", encoding="utf-8")
    run = cli("report", str(source), "--out", str(tmp_path / "out"))
    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / "index.html").exists()
    assert "report written to" in run.stdout
    assert cli("report", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out2")).code == 2


def test_a_finding_over_a_whole_paragraph_marks_its_lines_not_its_words(tmp_path: Path) -> None:
    text = "First line of a long paragraph " * 12 + "\nsecond line, still the same paragraph.\nLast.\n"
    wide = Finding("RD003", "long-paragraph", Severity.WARNING, "Paragraph is long", Span(0, text.index("\nLast")))
    small = Finding("ST001", "protestors-spelling", Severity.INFO, "Spelling", Span(6, 10))
    write_report(RunResult(results=[Result(Document(text, "long.txt"), [wide, small])]), tmp_path)
    page = (tmp_path / "files" / "long.txt.html").read_text(encoding="utf-8")
    assert page.count('<a class="flag sev-warning"') == 2  # the two lines of the paragraph
    assert page.count('<mark class="hl') == 1  # only the small finding is highlighted in the text
    assert f"({wide.span.end} characters)" in page  # the side list shortens the long text


def test_an_empty_run_still_writes_a_report(tmp_path: Path) -> None:
    write_report(RunResult(), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Batch audit of 0 files" in index and "No findings." in index


def test_grades_are_judged_against_the_profile_target_when_there_is_one() -> None:
    assert [grade_class(g) for g in (7.9, 11.0, 12.5)] == ["easy", "mid", "hard"]
    assert [grade_class(g, 14.0) for g in (9.5, 13.0, 14.5)] == ["easy", "mid", "hard"]
