"""The checked-in reports/ is exactly what `make audit` writes for seeds/ with the current code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

REPORTS = ROOT / "reports"


def _files(folder: Path) -> dict[str, bytes]:
    # Screenshots come from a browser, not from auditor: they are refreshed, not compared.
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix != ".png"}


def test_checked_in_report_matches_a_fresh_one(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)  # the paths in the report are relative, as `make audit` gives them
    run = cli("report", "seeds/", "--out", str(tmp_path))
    assert run.code == 0, run.stderr
    fresh, checked_in = _files(tmp_path), _files(REPORTS)
    stale = sorted(name for name in fresh.keys() | checked_in.keys() if fresh.get(name) != checked_in.get(name))
    assert not stale, f"reports/ is out of date with the code ({', '.join(stale)}): run make audit"
