"""`text`, `concise` and `grouped`: code frames, one-liners, per-file groups; colour only when asked."""

from __future__ import annotations

import re

from auditor.check.document import Result
from auditor.model import Finding, Severity, Span
from auditor.report.formats import concise, grouped, text
from auditor.report.run import RunResult
from auditor.text.document import Document

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _frame_of(output: str, rule: str) -> list[str]:
    blocks = output.split("\n\n")
    return next(block for block in blocks if f"[{rule}]" in block).splitlines()


def test_caret_sits_under_the_span_even_after_a_wide_emoji(sample: RunResult) -> None:
    frame = _frame_of(text.render(sample), "MT001")
    source_line, carets = frame[2], frame[3]
    assert source_line == "1 | 😀 Spokesman Hua Chuning said the Coruna virus spread"
    # The emoji is two cells wide, so the carets start one column further than code points say.
    assert carets.index("^") == source_line.index("Coruna") + 1
    assert carets.count("^") == len("Coruna virus")
    assert "replace 'Coruna virus' with 'coronavirus' (safe fix)" in carets


def test_a_multi_line_span_underlines_each_of_its_lines(sample: RunResult) -> None:
    frame = _frame_of(text.render(sample), "BP001")
    assert frame[2:6] == [
        "2 | Leave a Reply",
        "  | " + "^" * len("Leave a Reply"),
        "3 | Your email address will not be published.",
        "  | " + "^" * len("Your email address will not be published.") + " delete 'Leave a Reply\\nYour email address will not be published.\\n' (safe fix)",
    ]


def test_an_insertion_point_gets_one_caret(sample: RunResult) -> None:
    frame = _frame_of(text.render(sample), "PU001")
    assert frame[3].endswith("^ insert '.' (safe fix)")


def test_a_long_line_is_cut_around_the_span() -> None:
    line = "word " * 100 + "Coruna virus" + " tail" * 100
    start = line.index("Coruna")
    finding = Finding("MT001", "mangled-coronavirus", Severity.ERROR, "mangled", Span(start, start + 12))
    frame = text.frame(Result(Document(line, "long.txt"), [finding]), finding)
    shown = frame[2].plain
    assert shown.startswith("1 | …") and shown.endswith("…")
    assert len(shown) <= len("1 | ") + text.FRAME_WIDTH + 2
    assert frame[3].plain.index("^") == shown.index("Coruna")


def test_colour_adds_ansi_codes_to_the_same_text(sample: RunResult) -> None:
    for module in (text, concise, grouped):
        plain = module.render(sample)
        coloured = module.render(sample, color=True)
        assert "\x1b[" not in plain
        assert "\x1b[" in coloured
        assert ANSI.sub("", coloured) == plain


def test_concise_keeps_the_one_line_format(sample: RunResult) -> None:
    lines = concise.render(sample).splitlines()
    assert lines[1] == "news/A Coruña.txt:1:34: error [MT001] 'Coruna virus' is a mangled form of 'coronavirus' -> 'coronavirus'"
    assert lines[-1] == "3 files audited, 1 not audited, 10 findings (2 error, 4 warning, 4 info)"


def test_grouped_lists_files_with_findings_under_their_path(sample: RunResult) -> None:
    output = grouped.render(sample)
    assert output.startswith("news/A Coruña.txt:\n  1:13: error [NM001]")
    assert "news/clean.txt" not in output


def test_check_prints_plain_text_when_piped(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("Thousands of protestors marched.\n", encoding="utf-8")
    for name in ("text", "concise", "grouped"):
        run = cli("check", "--format", name, "--fail-on", "never", str(path))
        assert "\x1b[" not in run.stdout
        assert "[ST001]" in run.stdout


def test_a_span_over_many_lines_shows_its_first_line_and_where_it_ends() -> None:
    source = "One.\n\nTwo.\nThree.\nFour.\nFive.\n"
    finding = Finding("RD004", "hard-to-read-text", Severity.INFO, "Hard to read", Span(0, len(source) - 1))
    frame = [line.plain for line in text.frame(Result(Document(source, "a.txt"), [finding]), finding)]
    assert frame[1:] == ["  |", "1 | One.", "  | ^^^^", "  ... to line 6"]
