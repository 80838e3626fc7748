"""`auditor fix` on bitext files: only the fixed target text changes, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRun

DATA = Path(__file__).resolve().parent.parent / "data" / "bitext"


@pytest.mark.parametrize(
    ("name", "replacements"),
    [
        ("news-1.2.xlf", [(b"Hua Chuning", b"Hua Chunying"), (b"the the capital", b"the capital")]),
        ("news-2.0.xlf", [(b"Hua Chuning", b"Hua Chunying")]),
        ("news.tmx", [(b"Zhao Lijan", b"Zhao Lijian")]),
        ("news.tsv", [(b"Hua Chuning", b"Hua Chunying")]),
        ("news.jsonl", [(b"Hua Chuning", b"Hua Chunying")]),
    ],
)
def test_fix_changes_only_the_target_text(cli: Callable[..., CliRun], tmp_path: Path, name: str, replacements: list[tuple[bytes, bytes]]) -> None:
    original = (DATA / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(original)
    result = cli("fix", "--unsafe-fixes", str(path))
    assert result.code == 0, result.stderr
    expected = original
    for before, after in replacements:
        assert expected.count(before) == 1
        expected = expected.replace(before, after)
    assert path.read_bytes() == expected


def test_fix_leaves_sources_escapes_and_markup_alone(cli: Callable[..., CliRun], tmp_path: Path) -> None:
    xliff = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="en" target-language="en"><body>\n'
        '<trans-unit id="1"><source>Teh cat &amp; the the dog.</source>'
        '<target>The cat &amp;  the the <g id="1">dog</g>.</target></trans-unit>\n</body></file></xliff>\n'
    )
    path = tmp_path / "t.xlf"
    path.write_text(xliff, encoding="utf-8")
    assert cli("fix", "--unsafe-fixes", str(path)).code == 0
    fixed = path.read_text(encoding="utf-8")
    assert "<source>Teh cat &amp; the the dog.</source>" in fixed
    assert '<target>The cat &amp;  the <g id="1">dog</g>.</target>' in fixed
