"""The pre-commit hook in .pre-commit-hooks.yaml is valid and runs auditor on the staged prose files.

`pre-commit try-repo . auditor` installs auditor and its dependencies into a fresh virtual
environment (about a minute, and it needs the package index), so this test runs the same hook
definition as a `language: system` local hook against the auditor already installed; the full
try-repo check is documented in docs/ci.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")


def test_manifest_passes_pre_commits_own_validation() -> None:
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(MANIFEST))
    assert (hook["id"], hook["entry"], hook["language"]) == ("auditor", "auditor check", "python")
    assert set(hook["types_or"]) == {"markdown", "html", "plain-text"}


def run_hook(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    [hook] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    hook["language"] = "system"  # the auditor on PATH instead of a fresh install
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}), encoding="utf-8")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hook_audits_prose_files_and_fails_the_commit_on_errors(tmp_path: Path) -> None:
    repo = tmp_path / "content"
    repo.mkdir()
    (repo / "story.md").write_text("# Report\n\nThousands of protestors marched.\n", encoding="utf-8")
    (repo / "script.py").write_text('print("protestors")\n', encoding="utf-8")
    passed = run_hook(repo, tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "story.md:3:14: info [ST001]" in passed.stdout and "script.py" not in passed.stdout
    (repo / ".auditor.toml").write_text('[severity]\nST001 = "error"\n', encoding="utf-8")
    failed = run_hook(repo, tmp_path)
    assert failed.returncode == 1 and "auditor" in failed.stdout and "Failed" in failed.stdout
