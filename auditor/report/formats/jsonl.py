"""`jsonl`: JSON Lines, one finding per line: the `json` finding object plus its `path`.

An input that could not be audited is a line `{"path": ..., "error": message}` after the findings.
"""

from __future__ import annotations

import io
import json
from typing import TextIO

from auditor.report.formats.json_report import finding_record
from auditor.report.run import RunResult


def render(run: RunResult) -> str:
    """Render one JSON object per finding, in file then text order."""
    out = io.StringIO()
    write(run, out)
    return out.getvalue()


def write(run: RunResult, stream: TextIO) -> None:
    """Write each finding's line as its file's results come (a streamed run holds none of them)."""
    for result in run.each_result():
        for finding in result.findings:
            stream.write(json.dumps({"path": result.path, **finding_record(result, finding)}, ensure_ascii=False) + "\n")
    for error in run.input_errors:
        stream.write(json.dumps({"path": error.path, "error": str(error)}, ensure_ascii=False) + "\n")
