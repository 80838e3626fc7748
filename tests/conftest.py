"""Shared fixtures: the built-in rule set (loaded once) and a CLI runner."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from auditor.api import load_ruleset
from auditor.cli.main import main
from auditor.packs.load import RuleSet

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def cli() -> Callable[..., CliRun]:
    """Run the auditor CLI in-process and capture its exit code and output."""

    def run(*args: str) -> CliRun:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        return CliRun(code, out.getvalue(), err.getvalue())

    return run
