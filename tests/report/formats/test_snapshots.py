"""Every format renders the shared sample exactly as its reviewed snapshot (UPDATE_SNAPSHOTS=1 rewrites them)."""

from __future__ import annotations

import os

import pytest

from auditor.report.formats import FORMATS, render
from tests.report.formats.conftest import SNAPSHOTS, sample_run

EXTENSIONS = {"json": "json", "sarif": "json", "rdjson": "json", "jsonl": "jsonl", "junit": "xml", "csv": "csv", "markdown": "md"}


def snapshot_path(name: str):  # type: ignore[no-untyped-def]
    return SNAPSHOTS / f"{name}.{EXTENSIONS.get(name, 'txt')}"


@pytest.mark.parametrize("name", list(FORMATS))
def test_format_renders_the_sample_as_its_snapshot(name: str) -> None:
    output = render(name, sample_run())
    path = snapshot_path(name)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_bytes(output.encode("utf-8"))
    assert path.exists(), f"no snapshot for {name}: run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert output == path.read_bytes().decode("utf-8")


def test_every_snapshot_belongs_to_a_format() -> None:
    expected = {snapshot_path(name).name for name in FORMATS}
    assert {path.name for path in SNAPSHOTS.iterdir()} == expected
