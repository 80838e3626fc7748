"""Headless Chromium for the browser tests: Debian's `chromium`, driven by Playwright (never its own download).

`make test` installs Chromium when apt is usable; without it (or without Playwright) the
browser tests are skipped, saying why.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def chromium_path() -> str | None:
    """Return the system Chromium executable, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launched_chromium() -> Iterator[Any]:
    """Yield a launched Chromium (for a module-scoped fixture), or skip the tests saying what is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium not found: install Debian's chromium (`make test` does when apt is usable)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
