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


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def write(run: RunResult, stream: TextIO) -> None:
    """Write each file's lines as its results come (a streamed run holds none of them), in one call
    per file: an unbuffered standard output (PYTHONUNBUFFERED) makes each call a system call."""
    for result in run.each_result():
        if result.findings:
            stream.write("".join(_ENCODE({"path": result.path, **finding_record(result, finding)}) + "\n" for finding in result.findings))
    for error in run.input_errors:
        stream.write(_ENCODE({"path": error.path, "error": str(error)}) + "\n")
