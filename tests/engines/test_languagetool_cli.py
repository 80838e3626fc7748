"""The languagetool engine wired into auditor: `auditor check --engine languagetool` against the
stand-in server, on the seed articles plus planted errors, in every output format."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from auditor.api import audit_text, load_ruleset
from auditor.check.batch import check_documents
from auditor.check.document import context_for
from auditor.context import EngineReport
from auditor.engines.languagetool import LanguageToolSettings
from auditor.findings.config import Config
from auditor.model import Finding
from auditor.report.formats import FORMATS
from auditor.text.document import Document
from tests.conftest import SEEDS, CliRun
from tests.engines.lt_server import FakeServer, running_server
from tests.engines.test_languagetool import closed_port_url
from tests.report.formats.test_sarif import SCHEMA as SARIF_SCHEMA

# Astral characters before each match: LanguageTool counts UTF-16 code units, auditor code points.
PLANTED = "Emoji 😀😀 and 𝒳 first.\nThen 🙂 a apple fell, and it was the the end.\n"
MARKDOWN = "# Fruit 🍎\n\nCode `a apple` is skipped, but **a apple** is not.\n"
Cli = Callable[..., CliRun]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_server() as state:
        yield state


@pytest.fixture
def project(tmp_path: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed articles, a text with planted errors and a Markdown file, with a config naming the server."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "planted.txt").write_text(PLANTED, encoding="utf-8")
    (folder / "fruit.md").write_text(MARKDOWN, encoding="utf-8")
    write_config(tmp_path, f'server = "{server.url}"\n')
    return folder


def write_config(tmp_path: Path, table: str) -> Path:
    config = tmp_path / ".auditor.toml"
    config.write_text("[languagetool]\n" + table, encoding="utf-8")
    return config


def check(cli: Cli, project: Path, *args: str) -> CliRun:
    return cli("check", "--config", str(project.parent / ".auditor.toml"), *args, str(project))


def by_file(run: CliRun) -> dict[str, list[dict[str, Any]]]:
    return {Path(entry["path"]).name: entry["findings"] for entry in run.json()["files"]}


def test_the_servers_matches_are_findings_at_the_right_lines_and_columns(cli: Cli, project: Path) -> None:
    run = check(cli, project, "--engine", "languagetool", "--format", "json")
    found = by_file(run)
    [match] = [f for f in found["planted.txt"] if f["rule"].startswith("LT:")]
    line_two = PLANTED.split("\n")[1]
    assert (match["rule"], match["line"], match["column"]) == ("LT:EN_A_VS_AN", 2, line_two.index("a apple") + 1)
    assert (match["start"], match["text"], match["engine"]) == (PLANTED.index("a apple"), "a", "languagetool")
    assert (match["family"], match["severity"], match["suggestions"]) == ("grammar", "warning", ["an"])
    assert match["fix"] == {"applicability": "unsafe", "edits": [{"start": match["start"], "end": match["start"] + 1, "replacement": "an"}]}
    # The seed articles hold none of the stand-in's errors: their findings are auditor's alone.
    plain = by_file(check(cli, project, "--format", "json"))
    assert {name: found[name] for name in plain if name.endswith(".txt") and name != "planted.txt"} == {
        name: plain[name] for name in plain if name.endswith(".txt") and name != "planted.txt"
    }
    assert run.code == 1 and run.stderr == ""


def test_a_match_repeating_auditors_finding_is_reported_once(cli: Cli, project: Path, server: FakeServer) -> None:
    found = by_file(check(cli, project, "--engine", "languagetool", "--format", "json"))["planted.txt"]
    repeat = PLANTED.index("the the")
    at_repeat = [(f["rule"], f["engine"]) for f in found if f["start"] == repeat]
    assert at_repeat == [("DU001", "rules")]  # LanguageTool's ENGLISH_WORD_REPEAT_RULE agreed
    [result] = [r for r in audit_with_engine(server) if r.rule_id == "DU001"]
    assert result.also == ("LT:ENGLISH_WORD_REPEAT_RULE",)


def audit_with_engine(server: FakeServer) -> list[Finding]:
    settings = LanguageToolSettings(server=server.url)
    config = Config(engines=("languagetool",), engine_settings=(("languagetool", settings),))
    return audit_text(PLANTED, config=config).findings


def test_overlapping_but_different_findings_are_both_kept(cli: Cli, project: Path) -> None:
    (project / "planted.txt").write_text("It rained on a a orange tree.\n", encoding="utf-8")
    found = by_file(check(cli, project, "--engine", "languagetool", "--format", "json"))["planted.txt"]
    assert {(f["rule"], f["text"]) for f in found} >= {("DU001", "a a"), ("LT:EN_A_VS_AN", "a")}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_reports_the_match(cli: Cli, project: Path, name: str) -> None:
    run = check(cli, project, "--engine", "languagetool", "--format", name)
    assert run.code == 1 and run.stderr == ""
    # GitHub's workflow commands escape ':' in a property, Markdown escapes '_'
    assert "LT:EN_A_VS_AN" in run.stdout.replace("%3A", ":").replace("\\_", "_")
    if name == "csv":
        rows = [row for row in csv.reader(io.StringIO(run.stdout)) if "LT:EN_A_VS_AN" in row]
        assert len(rows) == 2  # planted.txt and fruit.md
    elif name == "junit":
        ElementTree.fromstring(run.stdout)
    elif name in ("json", "sarif", "rdjson"):
        json.loads(run.stdout)


def test_sarif_rules_describe_the_languagetool_rules(cli: Cli, project: Path) -> None:
    sarif = json.loads(check(cli, project, "--engine", "languagetool", "--format", "sarif").stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    log = sarif["runs"][0]
    rules = {rule["id"]: rule for rule in log["tool"]["driver"]["rules"]}
    rule = rules["LT:EN_A_VS_AN"]
    assert rule["shortDescription"]["text"] == "Use “an” instead of “a” before a vowel sound."
    assert rule["properties"]["category"] == "MISC" and rule["properties"]["engine"] == "languagetool"
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert "LT:ENGLISH_WORD_REPEAT_RULE" in rules  # named by DU001's agreement
    [result] = [r for r in log["results"] if r["ruleId"] == "LT:EN_A_VS_AN" and "planted" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert log["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "LT:EN_A_VS_AN"
    region = result["locations"][0]["physicalLocation"]["region"]
    line_two = PLANTED.split("\n")[1]
    utf16_column = len(line_two[: line_two.index("a apple")].encode("utf-16-le")) // 2 + 1
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, utf16_column, utf16_column + 1)


def test_markdown_markup_is_not_sent_and_positions_point_into_the_file(cli: Cli, project: Path, server: FakeServer) -> None:
    found = by_file(check(cli, project, "--engine", "languagetool", "--format", "json"))["fruit.md"]
    [match] = [f for f in found if f["rule"].startswith("LT:")]
    line = MARKDOWN.split("\n")[2]
    assert (match["line"], match["column"], match["start"]) == (3, line.index("**a apple") + 3, MARKDOWN.index("**a apple") + 2)
    assert not any("`" in request.get("text", "") for request in server.checks)


def test_jobs_report_what_a_serial_run_reports_sending_each_text_once(
    cli: Cli, project: Path, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    serial = check(cli, project, "--engine", "languagetool", "--format", "json").json()
    sent = len(server.checks)
    parallel = check(cli, project, "--engine", "languagetool", "--format", "json", "--jobs", "2").json()
    assert parallel == serial
    assert len(server.checks) == 2 * sent  # each text once per run


def test_without_a_server_one_line_and_auditors_own_findings(cli: Cli, project: Path) -> None:
    plain = check(cli, project, "--format", "json")
    write_config(project.parent, f'server = "{closed_port_url()}"\n')
    run = check(cli, project, "--engine", "languagetool", "--format", "json")
    assert run.code == plain.code == 1
    assert run.json()["files"] == plain.json()["files"]
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("auditor: engine languagetool is off: languagetool: no server at http://127.0.0.1:")
    required = check(cli, project, "--engine", "languagetool", "--require-engines", "--format", "json")
    assert required.code == 2 and required.stdout == "" and required.stderr.count("\n") == 1


def test_a_server_failing_during_the_run_is_one_line_and_the_audit_goes_on(cli: Cli, project: Path, server: FakeServer) -> None:
    write_config(project.parent, f'server = "{server.url}"\nretries = 1\n')
    plain = check(cli, project, "--format", "json")
    server.script[:] = ["500"] * 3
    run = check(cli, project, "--engine", "languagetool", "--format", "json")
    assert run.code == plain.code and run.json()["files"] == plain.json()["files"]
    assert run.stderr == f"auditor: engine languagetool is off: languagetool: the server at {server.url} answered HTTP 500 (1 tries)\n"
    server.script[:] = ["500"] * 3
    required = check(cli, project, "--engine", "languagetool", "--require-engines", "--format", "json")
    assert required.code == 2 and required.stderr.count("\n") == 1


def test_the_config_can_enable_the_engine(cli: Cli, project: Path, server: FakeServer) -> None:
    config = project.parent / ".auditor.toml"
    config.write_text(f'engines = ["languagetool"]\n\n[languagetool]\nserver = "{server.url}"\n', encoding="utf-8")
    found = by_file(check(cli, project, "--format", "json"))
    assert any(f["rule"] == "LT:EN_A_VS_AN" for f in found["planted.txt"])


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ('server = "http://x"\nlevel = "strict"\n', 3, "languagetool.level: must be 'default' or 'picky', not 'strict'"),
        ("concurrency = 0\n", 2, "languagetool.concurrency: must be positive"),
        ('sever = "http://x"\n', 2, "languagetool.sever: unknown key (known: "),
        ('disabled_rules = "A,B"\n', 2, "languagetool.disabled_rules: must be a list of strings"),
        ('server = "localhost:8081"\n', 2, "languagetool.server: must be an http(s) URL, not 'localhost:8081'"),
    ],
)
def test_bad_settings_are_one_line_naming_file_line_and_key(cli: Cli, project: Path, table: str, line: int, message: str) -> None:
    config = write_config(project.parent, table)
    run = check(cli, project, "--engine", "languagetool")
    assert run.code == 2
    assert run.stderr.startswith(f"auditor: {config}:{line}: {message}")
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "selection",
    ['ignore = ["LT"]\n', 'ignore = ["LT:EN_A_VS_AN"]\n', '[per-file-ignores]\n"**/planted.txt" = ["LT:EN_A_VS_AN"]\n'],
)
def test_config_selectors_name_languagetool_rules(cli: Cli, project: Path, server: FakeServer, selection: str) -> None:
    (project.parent / ".auditor.toml").write_text(selection + f'\n[languagetool]\nserver = "{server.url}"\n', encoding="utf-8")
    run = check(cli, project, "--engine", "languagetool", "--format", "json")
    assert run.stderr == ""
    assert not any(f["rule"] == "LT:EN_A_VS_AN" for f in by_file(run)["planted.txt"])


def test_a_suppression_comment_names_a_languagetool_rule(cli: Cli, project: Path) -> None:
    (project / "fruit.md").write_text("<!-- auditor-disable-next-line LT:EN_A_VS_AN -->\nIt was a apple.\n\nIt was a egg.\n", encoding="utf-8")
    found = by_file(check(cli, project, "--engine", "languagetool", "--format", "json"))["fruit.md"]
    assert [(f["rule"], f["line"]) for f in found] == [("LT:EN_A_VS_AN", 4)]


class RecordingEngine:
    """A reporting engine that adds nothing and records who asked it, with how many texts."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def signals(self, text: str, signal: str) -> tuple[()]:
        return ()

    def stories(self, texts: object) -> None:
        return None

    def report(self, texts: Sequence[str], findings: Sequence[Sequence[Finding]]) -> list[EngineReport]:
        self.calls.append((os.getpid(), len(texts)))
        return [EngineReport(list(own)) for own in findings]


def test_a_reporting_engine_is_asked_once_per_run_from_the_checking_process() -> None:
    ruleset = load_ruleset()
    engine = RecordingEngine()
    documents = [Document(f"Text number {n} was the the best.\n", f"{n}.txt") for n in range(5)]
    results = check_documents(documents, ruleset, context_for(ruleset, {"recording": engine}), jobs=2)
    assert engine.calls == [(os.getpid(), 5)]
    assert all([f.rule_id for f in result.findings] == ["DU001"] for result in results)


def test_the_engine_costs_no_import_when_off() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from auditor.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['check', '--format', 'concise', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if 'languagetool' in m or m == 'urllib.request'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(SEEDS)], capture_output=True, text=True, timeout=300)
    assert done.stdout == "[]\n", done.stderr
