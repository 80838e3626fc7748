"""`auditor check --format json` keeps its documented contract on the seeds."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEEDS


def test_every_finding_points_at_its_text_and_position(cli) -> None:
    data = cli("check", "--format", "json", str(SEEDS)).json()
    assert data["version"] == 1
    assert data["summary"]["files"] == 2
    total = 0
    for record in data["files"]:
        text = Path(record["path"]).read_text(encoding="utf-8")
        lines = text.split("\n")
        for finding in record["findings"]:
            total += 1
            assert finding["text"] == text[finding["start"] : finding["end"]]
            line_start = sum(len(line) + 1 for line in lines[: finding["line"] - 1])
            assert line_start + finding["column"] - 1 == finding["start"]
            end_line_start = sum(len(line) + 1 for line in lines[: finding["end_line"] - 1])
            assert end_line_start + finding["end_column"] - 1 == finding["end"]
            assert finding["severity"] in {"error", "warning", "info"}
            for edit in (finding["fix"] or {}).get("edits", []):
                assert 0 <= edit["start"] <= edit["end"] <= len(text)
    assert data["summary"]["findings"] == total
    assert sum(data["summary"]["by_severity"].values()) == total


def test_exit_code_follows_fail_on(cli) -> None:
    assert cli("check", "--fail-on", "never", str(SEEDS)).code == 0
    assert cli("check", "--fail-on", "info", str(SEEDS)).code == 1


def test_help_imports_no_heavy_dependency() -> None:
    import subprocess
    import sys

    code = "import sys; from auditor.cli.main import build_parser; build_parser().format_help(); " \
        "heavy = [m for m in ('yaml','rapidfuzz','wordfreq','textstat','rich','jinja2','lxml','torch','transformers','language_tool_python','dask') if m in sys.modules]; print(heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
