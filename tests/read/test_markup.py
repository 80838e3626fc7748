"""Markdown and HTML are audited as prose: code, markup and front matter stay silent, positions stay true."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.api import audit_text, load_ruleset
from auditor.packs.load import RuleSet
from auditor.read.markup import html_document, markdown_document, plain_document
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "markup"

CORUNA_PACK = """\
pack: test-terms
rules:
  - id: TT001
    name: mangled-coronavirus
    kind: substitution
    fix: safe
    message: "Write '{replacement}'"
    docs: Mangled term.
    ignorecase: true
    preserve_case: false
    swap: {coruna virus: coronavirus}
    examples:
      - bad: "the [coruna virus] spread"
        fix: "the coronavirus spread"
      - good: "the coronavirus spread"
"""


@pytest.fixture(scope="module")
def coruna_rules(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    folder = tmp_path_factory.mktemp("packs")
    (folder / "terms.yaml").write_text(CORUNA_PACK, encoding="utf-8")
    return load_ruleset([folder], include_builtin=False)


SILENT = {
    "article.md": [
        "---\ntitle: Protestors gather\nslug: protestors-gather\n---",
        '(https://example.com/protestors "protestors map")',
        "<https://example.com/protestors-again>",
        "https://protestors.example.org/",
        "`protestors`",
        "<!-- A note for editors about protestors. -->",
        '```python\nprotestors = ["code is not prose"]\n```',
        "    indented protestors code",
    ],
    "article.html": [
        "<head>",
        "<title>Protestors gather</title>",
        '<meta name="description" content="protestors gather">',
        "<style>\n.protestors { color: red; }\n</style>",
        '<script>\nvar protestors = "not prose";\n</script>',
        "<!-- A note for editors about protestors. -->",
        "<pre><code>protestors = 1</code></pre>",
    ],
}
# (line, column) in the file of each prose "protestors": a heading, a paragraph, a list item
# or a second paragraph on the heading's line, and nothing from code or markup.
PROSE = {"article.md": [(5, 19), (6, 14), (19, 23)], "article.html": [(14, 21), (14, 55), (16, 32)]}


@pytest.mark.parametrize("name", ["article.md", "article.html"])
def test_prose_is_flagged_where_it_stands_in_the_file(cli, name: str) -> None:
    data = cli("check", "--format", "json", "--fail-on", "never", str(DATA / name)).json()
    flagged = [f for f in data["files"][0]["findings"] if f["rule"] == "ST001"]
    assert [(f["line"], f["column"]) for f in flagged] == PROSE[name]
    assert {f["text"] for f in flagged} == {"protestors"}


@pytest.mark.parametrize("name", ["article.md", "article.html"])
def test_code_script_style_front_matter_and_comments_produce_no_finding(cli, name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    findings = cli("check", "--format", "json", "--fail-on", "never", str(DATA / name)).json()["files"][0]["findings"]
    silent = [range(text.index(snippet), text.index(snippet) + len(snippet)) for snippet in SILENT[name]]
    assert not [f for f in findings if any(f["start"] in region for region in silent)]


@pytest.mark.parametrize("name", ["article.md", "article.html"])
def test_prose_view_keeps_length_and_line_breaks(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    document = (markdown_document if name.endswith(".md") else html_document)(text, name)
    assert len(document.text) == len(text)
    # Every line break stays one (HTML block tags may add some inside the tags they blank).
    assert all(document.text[i] == "\n" for i, c in enumerate(text) if c == "\n")
    assert document.original == text


def test_markdown_heading_right_above_its_paragraph_is_a_paragraph_of_its_own() -> None:
    document = markdown_document("# Title here\nBody text follows.\n", "a.md")
    assert [document.slice(p) for p in document.paragraphs] == ["Title here", "Body text follows."]


def test_html_block_elements_are_paragraphs_even_on_one_line() -> None:
    document = html_document("<h1>Title</h1><p>First one.</p><p>Second one.</p>", "a.html")
    assert [document.slice(p) for p in document.paragraphs] == ["Title", "First one.", "Second one."]


def test_html_entities_are_decoded_in_place() -> None:
    text = "<p>caf&eacute; &amp; tea&nbsp;time</p>"
    document = html_document(text, "a.html")
    start = text.index("caf")
    assert document.text[start : start + len("caf&eacute;")] == "café" + " " * 7
    assert "& " in document.text and "\u00a0" not in document.text


def test_markdown_defined_reference_loses_its_brackets_but_sic_keeps_them() -> None:
    document = markdown_document("He said [sic] and see [the map].\n\n[the map]: https://example.com\n", "a.md")
    assert "He said [sic] and see  the map ." in document.text
    assert "example.com" not in document.text


def test_markdown_emphasis_markers_are_blanked_but_snake_case_is_not() -> None:
    document = markdown_document("A **bold** claim about snake_case names.\n", "a.md")
    assert document.text.startswith("A   bold   claim about snake_case names.")


def test_fix_that_would_overwrite_markup_is_dropped(coruna_rules: RuleSet) -> None:
    inside = audit_text("The **Coruna** virus spread.\n", path="a.md", ruleset=coruna_rules).findings
    plain = audit_text("The **Coruna virus** spread.\n", path="a.md", ruleset=coruna_rules).findings
    assert [(f.rule_id, f.fix) for f in inside] == [("TT001", None)]
    assert inside[0].suggestions == ("coronavirus",)
    assert plain[0].fix is not None


def test_plain_text_blanks_directive_lines_only() -> None:
    text = "#MeToo marchers said\n# auditor-disable-next-line ST001\nprotestors\n"
    document = plain_document(text)
    assert document.text == "#MeToo marchers said\n" + " " * len("# auditor-disable-next-line ST001") + "\nprotestors\n"
    assert [text[c.start : c.end] for c in document.comments] == ["# auditor-disable-next-line ST001"]


@pytest.mark.parametrize("name", ["article.md", "article.html"])
def test_fix_changes_the_prose_and_leaves_code_and_markup_alone(cli, name: str, tmp_path: Path) -> None:
    original = (DATA / name).read_text(encoding="utf-8")
    copy = tmp_path / name
    copy.write_text(original, encoding="utf-8")
    assert cli("fix", "--fixable", "ST001", str(copy)).code == 0
    fixed = copy.read_text(encoding="utf-8").splitlines()
    prose_lines = {line for line, _ in PROSE[name]}
    for number, (before, after) in enumerate(zip(original.splitlines(), fixed), start=1):
        assert after == (before.replace("protestors", "protesters", 2) if number in prose_lines else before)
