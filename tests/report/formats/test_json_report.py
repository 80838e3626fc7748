"""The JSON report's own encoder writes exactly what `json.dumps(indent=2, ensure_ascii=False)` writes."""

from __future__ import annotations

import enum
import io
import json
import math

import pytest

from auditor.report.formats import json_report
from auditor.report.run import RunResult


class Level(enum.IntEnum):
    HIGH = 3


VALUES = [
    {},
    [],
    (),
    "plain",
    "quotes \" and \\ backslash, control \x01 \t \n, non-ASCII “Coruña” 中文 \u2028 \ud83d\ude00",
    0,
    -17,
    10**30,
    Level.HIGH,
    True,
    False,
    None,
    0.1,
    -2.5e-12,
    1e16,
    math.inf,
    -math.inf,
    math.nan,
    {"a": {}, "b": [], "c": [{}], "d": [[1, [2, []]], {"e": None}], "f": (1, "two")},
    {1: "int key", 2.5: "float key", True: "bool key", None: "null key", "s": "str key"},
    [{"rule": "TY011", "start": 3, "fix": {"edits": [{"start": 3, "end": 4, "replacement": ""}]}, "suggestions": ["x"]}],
    # Containers of scalars only, which go to the C encoder in one call, and ones that look so.
    {"grade": 14.8, "nan": math.nan, "big": 10**30, "yes": True, "none": None, "text": "“Coruña”\n"},
    [{"start": 0, "end": 3, "grade": 1.5}, {"start": 4, "end": 9, "grade": -math.inf}],
    ("tuple", 1, 2.5),
    {"level": Level.HIGH, "n": 1},
    [Level.HIGH, 1],
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("level", [0, 1, 3])
def test_indented_matches_json_dumps(value: object, level: int) -> None:
    wrapped = value
    for _ in range(level):
        wrapped = [wrapped]
    assert json_report.indented(wrapped) == json.dumps(wrapped, indent=2, ensure_ascii=False)
    nested = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert json_report.indented(value, level) == nested


def test_unserialisable_values_raise_like_json_dumps() -> None:
    with pytest.raises(TypeError):
        json_report.indented({"a": object()})
    with pytest.raises(TypeError):
        json_report.indented({(1, 2): "tuple key"})


def test_streamed_report_equals_the_document_dumped_at_once(sample: RunResult) -> None:
    out = io.StringIO()
    json_report.write(sample, out)
    assert out.getvalue() == json.dumps(json_report.document(sample), indent=2, ensure_ascii=False) + "\n"


def test_empty_run_is_written_like_json_dumps() -> None:
    run = RunResult()
    assert json_report.render(run) == json.dumps(json_report.document(run), indent=2, ensure_ascii=False) + "\n"
