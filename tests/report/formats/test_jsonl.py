"""`jsonl` writes one JSON object per finding: the `json` finding plus its path."""

from __future__ import annotations

import json

from auditor.report.formats import json_report, jsonl
from auditor.report.run import RunResult


def test_each_line_is_one_finding_of_the_json_format(sample: RunResult) -> None:
    records = [json.loads(line) for line in jsonl.render(sample).splitlines()]
    expected = [dict(finding, path=file["path"]) for file in json_report.document(sample)["files"] for finding in file["findings"]]
    assert records[: len(expected)] == expected
    assert records[len(expected) :] == [{"path": e.path, "error": str(e)} for e in sample.input_errors]
    assert records[0]["path"] == "news/A Coruña.txt"
