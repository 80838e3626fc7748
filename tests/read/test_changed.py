"""`--changed-only REF` audits only the files git reports as changed against REF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PROBLEM = "Thousands of protestors marched.\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / ".auditor.toml").write_text('select = ["ST001"]\n', encoding="utf-8")
    for name in ("kept.txt", "edited.txt", "gone.txt"):
        (tmp_path / name).write_text(PROBLEM, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    return tmp_path


def audited(cli, *args: str) -> list[str]:
    data = cli("check", "--format", "json", "--fail-on", "never", *args).json()
    return sorted(Path(f["path"]).name for f in data["files"])


def test_only_changed_files_among_the_paths_are_audited(cli, repo: Path) -> None:
    (repo / "edited.txt").write_text("Calm.\n" + PROBLEM, encoding="utf-8")
    (repo / "gone.txt").unlink()
    assert audited(cli, "--changed-only", "HEAD", str(repo)) == ["edited.txt"]
    assert audited(cli, "--changed-only", "HEAD", str(repo / "kept.txt")) == []


def test_committed_changes_count_against_an_older_ref(cli, repo: Path) -> None:
    (repo / "new.txt").write_text(PROBLEM, encoding="utf-8")
    git(repo, "add", "new.txt")
    git(repo, "commit", "-q", "-m", "more")
    assert audited(cli, "--changed-only", "HEAD~1", str(repo)) == ["new.txt"]


@pytest.mark.parametrize("ref", ["no-such-ref", "--output=x"])
def test_bad_ref_is_one_line_and_exit_two(cli, repo: Path, ref: str) -> None:
    run = cli("check", f"--changed-only={ref}", str(repo))
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith("auditor: --changed-only") and len(run.stderr.strip().splitlines()) == 1


def test_outside_a_repository_is_one_line_and_exit_two(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PROBLEM, encoding="utf-8")
    run = cli("check", "--changed-only", "HEAD", str(tmp_path))
    assert run.code == 2 and "git rev-parse failed" in run.stderr
