"""`jsonl`: JSON Lines, one finding per line: the `json` finding object plus its `path`.

An input that could not be audited is a line `{"path": ..., "error": message}` after the findings.
"""

from __future__ import annotations

import json

from auditor.report.formats.json_report import finding_record
from auditor.report.run import RunResult


def render(run: RunResult) -> str:
    """Render one JSON object per finding, in file then text order."""
    return "".join(
        json.dumps({"path": result.path, **finding_record(result, finding)}, ensure_ascii=False) + "\n"
        for result, finding in run.findings()
    ) + "".join(json.dumps({"path": error.path, "error": str(error)}, ensure_ascii=False) + "\n" for error in run.input_errors)
