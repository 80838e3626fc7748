"""`markdown` escapes audited text so that it shows literally, and keeps tables intact."""

from __future__ import annotations

from auditor.report.formats import markdown
from auditor.report.run import RunResult


def test_html_and_table_syntax_in_audited_text_is_escaped(sample: RunResult) -> None:
    output = markdown.render(sample)
    assert "<script>" not in output
    assert "&lt;script&gt;" in output
    assert markdown.escape("a | b_c *d* [e](f) `g` $x$") == r"a \| b\_c \*d\* \[e\](f) \`g\` \$x\$"


def test_each_table_row_has_as_many_cells_as_its_header(sample: RunResult) -> None:
    for line in markdown.render(sample).splitlines():
        if line.startswith("| Line:Col") or line.startswith("| 1:") or line.startswith("| 2:") or line.startswith("| 4:"):
            assert line.replace("\\|", "").count("|") == 7, line
