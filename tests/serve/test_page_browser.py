"""The editors' page end to end: headless Chromium (Debian's) driven by Playwright against a live `auditor serve`.

Skipped, saying why, without Playwright or Chromium (`make test` installs Chromium when apt is
usable). With UPDATE_SCREENSHOTS=1 (`make audit` sets it) the screenshots reports/serve-*.png
are refreshed: the page as an editor sees it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.findings.config import load_config
from auditor.packs.load import RuleSet
from tests.conftest import ROOT, SEEDS, CliRun
from tests.browser import launched_chromium
from tests.serve.conftest import live_server, make_app

SEED_000 = (SEEDS / "000_6631a8e0a366c5c7.txt").read_text(encoding="utf-8")
SEED_002 = (SEEDS / "002_398bcd745f4edaa2.txt").read_text(encoding="utf-8")
HOSTILE = 'Note <script>window.ran = 1; alert(1)</script> and <img src=x onerror="window.ran = 2; alert(2)"> in the Coruna virus story.\n'
SCREENSHOTS = ROOT / "reports"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium()


@pytest.fixture
def served(ruleset: RuleSet, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A live server whose config file starts with a comment and one accepted word."""
    config = tmp_path / ".auditor.toml"
    config.write_text('# the desk\'s vocabulary\naccepted-words = ["Xinhua"]\n', encoding="utf-8")
    app = make_app(ruleset, tmp_path, config=config)
    app.state.service.warm_up()  # as `auditor serve` does: the figures on screen are a warm server's
    with live_server(app) as url:
        yield url, config


@pytest.fixture
def page(browser: Any, served: tuple[str, Path]) -> Iterator[Any]:
    url, _ = served
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    opened.on("request", lambda request: requests.append(request.url))
    opened.on("pageerror", lambda error: problems.append(str(error)))
    # Chromium logs every 4xx answer; a refused upload's 422 is the page working as meant.
    refused = "Failed to load resource: the server responded with a status of 422"
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" and not message.text.startswith(refused) else None)
    opened.on("dialog", lambda dialog: problems.append("dialog: " + dialog.message))
    opened.goto(url)
    yield opened
    context.close()
    assert all(request.startswith(url) for request in requests), f"the page loaded {requests}"
    assert problems == []


def expect(locator: Any) -> Any:
    """Playwright's auto-waiting assertions: they need no `eval`, which the page's CSP forbids."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _check(page: Any, text: str) -> None:
    page.fill("#draft", text)
    page.click("#check-button")
    page.wait_for_selector("#text:not([hidden])")
    expect(page.locator("#status")).to_contain_text("finding")


def _listed(page: Any) -> list[str]:
    """The side list: each finding's rule and evidence."""
    return [item.inner_text().split(" ", 1)[1] for item in page.locator("#findings li").all()]


def _screenshot(page: Any, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / name))


def test_accepting_a_correction_changes_the_text_and_keeps_the_other_findings(page: Any) -> None:
    _check(page, SEED_000)
    coruna = page.locator("#text .finding", has_text="Coruna virus")
    assert coruna.count() == 1 and coruna.inner_text() == "Coruna virus"
    assert coruna.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert coruna.evaluate("e => getComputedStyle(e).textDecorationColor") == "rgb(198, 40, 40)"  # error red
    before = _listed(page)
    underlined_before = page.locator("#text .finding").all_inner_texts()
    coruna.click()
    assert "mangled" in page.locator("#detail").inner_text()
    _screenshot(page, "serve-finding.png")
    page.locator("#detail button.correction", has_text="coronavirus").click()
    expect(page.locator("#text")).not_to_contain_text("Coruna virus")
    text = page.locator("#text").text_content()
    assert text == SEED_000.replace("Coruna virus", "coronavirus")
    after = _listed(page)
    assert not any("Coruna virus" in item for item in after)
    assert [item for item in before if "Coruna virus" not in item] == after
    assert page.locator("#text .finding").all_inner_texts() == [t for t in underlined_before if t != "Coruna virus"]


def test_marking_hanson_as_correct_writes_it_into_the_config(page: Any, served: tuple[str, Path]) -> None:
    _, config = served
    _check(page, SEED_002)
    page.evaluate(
        """() => {
            const walker = document.createTreeWalker(document.querySelector('#text'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf('Hanson put');
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + 'Hanson'.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                document.querySelector('#text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return;
            }
        }"""
    )
    assert page.input_value("#vocabulary-entry") == "Hanson" and page.input_value("#vocabulary-kind") == "name"
    page.click("#vocabulary-form button")
    expect(page.locator("#vocabulary-status")).to_contain_text("Hanson")
    assert "accepted-names" in page.locator("#vocabulary-status").inner_text()
    assert load_config(config).accepted_names == ("Hanson",)
    assert config.read_text(encoding="utf-8").startswith("# the desk's vocabulary\naccepted-words = [\"Xinhua\"]\n")


def test_marking_a_finding_correct_in_the_page_changes_what_auditor_check_reports(page: Any, served: tuple[str, Path], cli: Callable[..., CliRun]) -> None:
    _, config = served
    story = config.parent / "story.txt"
    story.write_text("The Coruna virus closed the port.\n", encoding="utf-8")
    assert [f["rule"] for f in cli("check", "--config", str(config), "--format", "json", str(story)).json()["files"][0]["findings"]] == ["TM001"]
    _check(page, story.read_text(encoding="utf-8"))
    page.locator("#text .finding", has_text="Coruna virus").click()
    page.click("#correct-button")
    expect(page.locator("#status")).to_contain_text("Added")
    assert load_config(config).accepted_words == ("Xinhua", "Coruna virus")
    assert page.locator("#text .finding").count() == 0
    run = cli("check", "--config", str(config), "--format", "json", str(story))
    assert run.code == 0 and run.json()["files"][0]["findings"] == []


def test_markup_and_script_in_the_text_are_shown_as_text_and_never_run(page: Any) -> None:
    _check(page, HOSTILE)
    assert page.locator("#text").text_content() == HOSTILE
    assert page.locator("#text script, #text img").count() == 0
    assert page.evaluate("window.ran") is None
    page.locator("#text .finding", has_text="Coruna virus").click()
    assert "<script>" not in page.locator("#detail").inner_html() or "&lt;script&gt;" in page.locator("#detail").inner_html()
    page.click("#edit-button")
    assert page.input_value("#draft") == HOSTILE
    page.fill("#draft", HOSTILE)
    page.click("#check-button")
    page.wait_for_selector("#text:not([hidden])")
    assert page.locator("img").count() == 0 and page.evaluate("window.ran") is None


def test_keyboard_moves_between_findings_ignores_and_accepts(page: Any) -> None:
    _check(page, SEED_000)
    total = page.locator("#findings li").count()
    page.keyboard.press("j")
    first = page.locator("#detail .head").inner_text()
    page.keyboard.press("j")
    second = page.locator("#detail .head").inner_text()
    assert first != second
    page.keyboard.press("k")
    assert page.locator("#detail .head").inner_text() == first
    page.keyboard.press("i")  # ignore the first: the next one is selected
    assert page.locator("#findings li").count() == total - 1
    assert page.locator("#detail .head").inner_text() == second
    while "TM001" not in page.locator("#detail .head").inner_text() or "Coruna" not in page.locator("#detail .context").inner_text():
        page.keyboard.press("n")
    page.keyboard.press("a")
    expect(page.locator("#text")).not_to_contain_text("Coruna virus")
    assert "the coronavirus." in page.locator("#text").text_content()
    assert page.locator("#findings li").count() == total - 2  # the ignored one stays hidden


def test_accept_all_safe_fixes_shows_the_diff_first(page: Any) -> None:
    _check(page, SEED_000)
    page.click("#fix-all-button")
    page.wait_for_selector("#diff-dialog[open]")
    assert page.locator("#diff .removed").count() >= 1 and page.locator("#diff .added").count() >= 1
    assert "Previous Post Next Post" in page.locator("#diff").inner_text()
    assert "Previous Post Next Post" in page.locator("#text").text_content()  # nothing applied yet
    _screenshot(page, "serve-fix-all.png")
    page.click("#diff-apply")
    expect(page.locator("#text")).not_to_contain_text("Previous Post Next Post")
    assert page.locator("#fix-all-button").is_disabled()


def test_readability_panel_filters_and_exports(page: Any, tmp_path: Path) -> None:
    draft = tmp_path / "story.md"
    draft.write_text("# A story\n\n" + SEED_002, encoding="utf-8")
    page.set_input_files("#upload", str(draft))
    page.wait_for_selector("#text:not([hidden])")
    expect(page.locator("#status")).to_contain_text("finding")
    assert page.locator("#filename").inner_text() == "story.md"
    assert float(page.locator("#grade").inner_text()) > 5 and page.locator(".paragraphs li").count() >= 5
    assert page.locator("#text .hard, #text .very-hard").count() >= 1
    _screenshot(page, "serve-page.png")
    typography = page.locator('input[data-family="typography"]')
    shown = page.locator("#findings li").count()
    typography.uncheck()
    assert page.locator("#findings li").count() < shown and page.locator("#text .finding").count() < shown
    page.locator('input[data-severity="info"]').uncheck()
    assert page.locator("#findings li.sev-info").count() == 0
    with page.expect_download() as download:
        page.click('[data-export="text"]')
    assert Path(download.value.path()).read_text(encoding="utf-8") == draft.read_text(encoding="utf-8")
    with page.expect_download() as download:
        page.click('[data-export="html"]')
    assert download.value.suggested_filename == "story.md.auditor.html"


def test_a_binary_upload_is_refused_with_its_reason(page: Any, tmp_path: Path) -> None:
    photo = tmp_path / "photo.txt"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page.set_input_files("#upload", str(photo))
    expect(page.locator("#status")).to_have_text("photo.txt: binary file (contains NUL bytes), not audited")
    assert page.locator("#text").is_hidden() and page.input_value("#draft") == ""
