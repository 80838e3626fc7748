"""The checked-in reports/ is exactly what `make audit` writes for seeds/ with the current code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.screenshots import page_digest, stamped

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


@pytest.mark.parametrize("screenshot", ["screenshot-index.png", "screenshot-file.png"])
def test_checked_in_screenshot_shows_the_checked_in_page(screenshot: str) -> None:
    """`make audit` stamps each screenshot with the SHA-256 of the page it shows (tests/screenshots.py)."""
    recorded = stamped(REPORTS / screenshot)
    assert recorded is not None, f"reports/{screenshot} does not say which page it shows: run make audit"
    name, digest = recorded
    assert digest == page_digest(REPORTS / name), f"reports/{screenshot} shows an older reports/{name}: run make audit"
