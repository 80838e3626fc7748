"""Colour and the progress bar appear only on a terminal, and NO_COLOR turns colour off."""

from __future__ import annotations

import io

import pytest

from auditor.cli import terminal


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert terminal.wants_color(FakeTerminal())
    assert not terminal.wants_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not terminal.wants_color(FakeTerminal())


def test_progress_is_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with terminal.progress(100, "auditing", stream) as advance:
        for _ in range(100):
            advance()
    assert stream.getvalue() == ""


@pytest.fixture
def not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)


def test_progress_draws_a_bar_on_a_terminal_for_long_runs(not_in_ci: None) -> None:
    stream = FakeTerminal()
    with terminal.progress(terminal.PROGRESS_MIN_ITEMS, "auditing", stream) as advance:
        for _ in range(terminal.PROGRESS_MIN_ITEMS):
            advance()
    assert "auditing" in stream.getvalue()


def test_progress_of_a_stream_of_unknown_length_shows_the_count_and_the_rate(not_in_ci: None) -> None:
    stream = FakeTerminal()
    with terminal.progress(None, "auditing", stream) as advance:
        for _ in range(50):
            advance()
    assert "50/?" in stream.getvalue()
    assert "docs/s" in stream.getvalue()


def test_progress_is_silent_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = FakeTerminal()
    with terminal.progress(100, "auditing", stream) as advance:
        for _ in range(100):
            advance()
    assert stream.getvalue() == ""


def test_progress_is_silent_for_short_runs_on_a_terminal() -> None:
    stream = FakeTerminal()
    with terminal.progress(terminal.PROGRESS_MIN_ITEMS - 1, "auditing", stream) as advance:
        advance()
    assert stream.getvalue() == ""
