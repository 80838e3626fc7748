"""`csv` round-trips through a CSV reader, line breaks and quotes included."""

from __future__ import annotations

import csv
import io

from auditor.report.formats import csv_report
from auditor.report.run import RunResult


def test_rows_read_back_with_their_text(sample: RunResult) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_report.render(sample))))
    assert len(rows) == 11
    unread = rows[-1]  # the input that could not be audited: a row without a rule
    assert unread["rule"] == "" and unread["severity"] == "error" and unread["message"].startswith(unread["path"] + ": ")
    rows = rows[:-1]
    boilerplate = next(row for row in rows if row["rule"] == "BP001")
    assert boilerplate["text"] == "Leave a Reply\nYour email address will not be published."
    assert (boilerplate["line"], boilerplate["end_line"]) == ("2", "3")
    script = next(row for row in rows if row["rule"] == "MK001")
    assert script["text"] == '<script>alert("x")</script>'
    spelling = next(row for row in rows if row["rule"] == "LT001")
    assert spelling["suggestions"] == "spreads | spread out" and spelling["fix"] == ""
    assert rows[-1]["path"] == "news/2020: review, part 2.txt"
