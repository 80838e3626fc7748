"""The configuration and CI examples in docs/ work as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from auditor.cli.main import build_parser
from auditor.findings.config import load_config
from auditor.packs.load import RuleSet
from tests.conftest import ROOT


def fenced(doc: str, language: str) -> list[str]:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def test_configuration_example_loads_and_names_real_rules(tmp_path: Path, ruleset: RuleSet) -> None:
    example, engine_example, languagetool_example = fenced("configuration.md", "toml")
    (tmp_path / "style" / "auditor-rules").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    config.check_selectors(ruleset)
    assert config.fail_on == "warning" and config.per_file_ignores and config.severity
    (tmp_path / "pyproject.toml").write_text(engine_example, encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.engines == ("ml",) and [name for name, _ in config.engine_settings] == ["ml"]
    (tmp_path / "pyproject.toml").write_text(languagetool_example, encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.engines == ("languagetool",) and [name for name, _ in config.engine_settings] == ["languagetool"]


def test_github_workflow_uploads_the_sarif_the_audit_writes() -> None:
    [workflow] = [block for block in fenced("ci.md", "yaml") if "jobs:" in block]
    steps = yaml.safe_load(workflow)["jobs"]["audit"]["steps"]
    [audit] = [step for step in steps if "auditor check" in step.get("run", "")]
    [upload] = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    arguments = shlex.split(audit["run"].replace('"$BASE"', "main"))
    options = build_parser().parse_args(arguments[1:])
    assert (options.format, options.output, options.changed_only) == ("sarif", upload["with"]["sarif_file"], "main")
    assert upload["if"] == "always()"


def test_pre_commit_snippet_uses_the_shipped_hook_id() -> None:
    [config] = [block for block in fenced("ci.md", "yaml") if "hooks:" in block]
    [hook] = yaml.safe_load(config)["repos"][0]["hooks"]
    [shipped] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == shipped["id"] == "auditor"
