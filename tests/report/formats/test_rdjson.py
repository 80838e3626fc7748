"""`rdjson` is reviewdog's DiagnosticResult with columns counted in UTF-8 bytes."""

from __future__ import annotations

import json

from auditor.report.formats import rdjson
from auditor.report.run import RunResult
from tests.report.formats.conftest import ARTICLE


def test_columns_count_utf8_bytes_and_fixes_become_suggestions(sample: RunResult) -> None:
    data = json.loads(rdjson.render(sample))
    assert data["source"]["name"] == "auditor"
    virus = next(d for d in data["diagnostics"] if d["code"]["value"] == "MT001")
    line = ARTICLE.splitlines()[0]
    byte_column = len(line[: line.index("Coruna virus")].encode("utf-8")) + 1
    assert virus["location"]["range"]["start"] == {"line": 1, "column": byte_column}
    assert virus["severity"] == "ERROR"
    assert virus["suggestions"] == [{"range": virus["location"]["range"], "text": "coronavirus"}]
    nbsp = next(d for d in data["diagnostics"] if d["code"]["value"] == "TY009")
    start, end = nbsp["location"]["range"]["start"], nbsp["location"]["range"]["end"]
    assert end["column"] - start["column"] == 2  # U+00A0 is two bytes in UTF-8
