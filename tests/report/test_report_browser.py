"""The HTML report renders in headless Chromium with JavaScript disabled: highlights, tooltips, charts.

Needs Debian's `chromium` (`make test` installs it when apt is usable) and Playwright (the
`test` extra); Playwright's own browser download is never used. With UPDATE_SCREENSHOTS=1
(`make audit` sets it) the screenshots of reports/ are refreshed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from urllib.parse import unquote, urlparse

import pytest

from auditor.report.html import write_report
from tests.browser import launched_chromium
from tests.conftest import ROOT
from tests.report.formats.conftest import sample_run
from tests.report.formats.conftest import sample_run
from tests.screenshots import stamp

REPORTS = ROOT / "reports"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    requests: list[str] = []
    opened.on("request", lambda request: requests.append(request.url))
    yield opened
    context.close()
    assert all(url.startswith("file://") for url in requests), f"the report loaded {requests}"


def _visible_boxes(locator: Any) -> int:
    return sum(1 for index in range(locator.count()) if (box := locator.nth(index).bounding_box()) and box["width"] > 0 and box["height"] > 0)


def test_file_page_highlights_findings_and_shows_their_tooltip(page: Any, tmp_path: Path) -> None:
    write_report(sample_run(), tmp_path)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.goto((tmp_path / "files" / "news__A_Coru_a.txt.html").as_uri())
    marks = page.locator("mark.hl")
    assert marks.count() == 7 and _visible_boxes(marks) == 7
    error = page.locator("mark.sev-error").first
    assert error.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    error.hover()
    tip = error.evaluate("e => getComputedStyle(e, '::after').content")
    assert "NM001" in tip and "Hua Chunying" in tip
    assert page.locator("aside.findings li").count() == 7
    assert page.get_by_text('<script>alert("x")</script>', exact=True).count() >= 1  # shown as text, never run
    assert dialogs == []
    assert _visible_boxes(page.locator("svg.chart rect")) == 3  # the three paragraph grades


def test_checked_in_seed_report_renders_charts_and_highlights(page: Any, tmp_path: Path) -> None:
    out = REPORTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    page.goto((REPORTS / "index.html").as_uri())
    assert page.locator("svg.chart").count() >= 2
    assert _visible_boxes(page.locator("svg.chart rect")) >= 2
    page.screenshot(path=str(out / "screenshot-index.png"), full_page=True)
    stamp(out / "screenshot-index.png", REPORTS / "index.html", "index.html")
    worst = page.locator("table a").first
    worst.click()
    marks = page.locator("mark.hl")
    assert marks.count() > 0 and _visible_boxes(marks) == marks.count()
    page.locator("mark.sev-error").first.hover()  # the screenshot shows a tooltip
    page.screenshot(path=str(out / "screenshot-file.png"))
    shown = Path(unquote(urlparse(page.url).path))
    stamp(out / "screenshot-file.png", shown, shown.relative_to(REPORTS).as_posix())
