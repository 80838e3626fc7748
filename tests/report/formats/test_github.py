"""`github` writes workflow commands: `::level file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message`."""

from __future__ import annotations

import re

from auditor.report.formats import github
from auditor.report.run import RunResult
from tests.report.formats.conftest import REVIEW_PATH

COMMAND = re.compile(r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$")


def _unescape(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_every_line_is_a_workflow_command_with_escaped_properties(sample: RunResult) -> None:
    lines = github.render(sample).splitlines()
    assert len(lines) == 11  # ten findings and one unreadable file
    for line in lines:
        match = COMMAND.match(line)
        assert match, line
        assert "\n" not in match.group(3) and "\r" not in match.group(3)
    properties = dict(item.split("=", 1) for item in COMMAND.match(lines[7]).group(2).split(","))  # type: ignore[union-attr]
    assert _unescape(properties["file"]) == REVIEW_PATH
    assert (properties["line"], properties["col"], properties["endLine"], properties["endColumn"]) == ("1", "5", "1", "21")


def test_levels_follow_severity_and_messages_keep_percent_signs(sample: RunResult) -> None:
    lines = github.render(sample).splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:3]] == ["::error", "::error", "::notice"]
    percent = next(line for line in lines if "ST003" in line)
    message = _unescape(COMMAND.match(percent).group(3))  # type: ignore[union-attr]
    assert message.splitlines() == [
        "Write '100 per cent' for '100%' (100% means 'per cent')",
        "Suggested: replace '100%' with '100 per cent' (safe fix)",
    ]


def test_escaping_follows_the_documented_rules() -> None:
    assert github.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
