"""A baseline records today's findings; `check --baseline` then reports only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLE = "Officials met the press.\n\nThousands of protestors marched on Sunday.\n\nThe police watched.\n"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".auditor.toml").write_text('select = ["ST001"]\n', encoding="utf-8")
    return tmp_path


def new_findings(cli, baseline: Path, *paths: Path) -> list[tuple[str, int, int]]:
    data = cli("check", "--format", "json", "--fail-on", "never", "--baseline", str(baseline), *map(str, paths)).json()
    return [(Path(f["path"]).name, g["line"], g["column"]) for f in data["files"] for g in f["findings"]]


def create(cli, archive: Path) -> Path:
    baseline = archive / "auditor-baseline.json"
    run = cli("baseline", "create", str(archive / "news"), "-o", str(baseline))
    assert run.code == 0, run.stderr
    assert "recorded 1 findings in 1 files" in run.stdout
    return baseline


def test_baselined_archive_reports_nothing_and_exits_zero(cli, archive: Path) -> None:
    baseline = create(cli, archive)
    assert new_findings(cli, baseline, archive / "news") == []
    assert cli("check", "--fail-on", "info", "--baseline", str(baseline), str(archive / "news")).code == 0
    assert cli("check", "--fail-on", "info", str(archive / "news")).code == 1


def test_baseline_survives_lines_inserted_above_a_finding(cli, archive: Path) -> None:
    baseline = create(cli, archive)
    article = archive / "news" / "a.txt"
    article.write_text("Breaking.\n\nAn update was added here.\n\n" + ARTICLE, encoding="utf-8")
    assert new_findings(cli, baseline, archive / "news") == []


def test_only_a_new_problem_is_reported(cli, archive: Path) -> None:
    baseline = create(cli, archive)
    article = archive / "news" / "a.txt"
    article.write_text("More protestors came.\n\n" + ARTICLE + "\nThe protestors left at dusk.\n", encoding="utf-8")
    assert new_findings(cli, baseline, archive / "news") == [("a.txt", 1, 6), ("a.txt", 9, 5)]


def test_a_repeated_identical_line_counts_its_occurrences(cli, archive: Path) -> None:
    article = archive / "news" / "a.txt"
    line = "Thousands of protestors marched on Sunday.\n\n"
    article.write_text(line * 2, encoding="utf-8")
    baseline = archive / "auditor-baseline.json"
    assert cli("baseline", "create", str(archive / "news"), "-o", str(baseline)).code == 0
    article.write_text(line * 3, encoding="utf-8")
    assert len(new_findings(cli, baseline, archive / "news")) == 1


def test_paths_in_the_baseline_are_relative_to_it(cli, archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(archive)
    assert cli("baseline", "create", "news", "-o", "auditor-baseline.json").code == 0
    recorded = json.loads((archive / "auditor-baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["rule"], e["line"], e["text"]) for e in recorded["findings"]] == [("news/a.txt", "ST001", 3, "protestors")]
    monkeypatch.chdir(archive / "news")
    assert new_findings(cli, archive / "auditor-baseline.json", Path("a.txt")) == []


@pytest.mark.parametrize(("content", "message"), [(None, "baseline file not found"), ("{not json", "not a baseline file"), ('{"version": 9}', "not a version 1")])
def test_unusable_baseline_is_one_line_and_exit_two(cli, archive: Path, content: str | None, message: str) -> None:
    baseline = archive / "broken.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    run = cli("check", "--baseline", str(baseline), str(archive / "news"))
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith(f"auditor: {baseline}: {message}")
    assert len(run.stderr.strip().splitlines()) == 1
