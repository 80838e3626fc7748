"""The layout holds: imports point down the pipeline, registries name real code, API and CLI agree."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

import auditor
from auditor.api import __all__ as api_names
from auditor.api import audit_text
from auditor.cli.commands import SUMMARIES
from auditor.findings.config import load_config
from auditor.kinds import KIND_MODULES, kind_class
from auditor.kinds.base import Rule
from auditor.packs.load import RESOURCE_SECTIONS
from auditor.report.formats import FORMATS
from tests.conftest import CliRun
from tests.import_graph import circles, import_graph, kind_to_kind_imports, stage_of, upward_imports

GRAPH = import_graph()


def test_no_module_imports_one_of_a_later_stage() -> None:
    assert upward_imports(GRAPH) == []


def test_no_import_circle() -> None:
    assert circles(GRAPH) == []


def test_no_rule_kind_imports_another() -> None:
    assert kind_to_kind_imports(GRAPH) == []


def test_every_module_has_a_stage_and_engines_sit_at_the_check_stage() -> None:
    for module in GRAPH:
        stage_of(module)  # raises for a module outside every stage
    assert stage_of("auditor.engines.ml") == stage_of("auditor.check.batch")
    assert stage_of("auditor.engines.ml") < stage_of("auditor.findings.pipeline")


def test_the_guard_sees_an_import_up_the_pipeline_and_a_circle() -> None:
    graph = {"auditor.engines.ml": {"auditor.report.run"}, "auditor.report.run": {"auditor.engines.ml"}}
    assert upward_imports(graph) == ["auditor.engines.ml (check) -> auditor.report.run (report)"]
    assert circles(graph) == [["auditor.engines.ml", "auditor.report.run"]]


@pytest.mark.parametrize("kind", sorted(KIND_MODULES))
def test_every_kind_module_names_a_rule_class(kind: str) -> None:
    assert issubclass(kind_class(kind), Rule)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_report_format_renders(name: str) -> None:
    assert callable(importlib.import_module(FORMATS[name]).render)


@pytest.mark.parametrize("section", sorted(RESOURCE_SECTIONS))
def test_every_resource_section_names_a_parser(section: str) -> None:
    module_name, _, function_name = RESOURCE_SECTIONS[section].partition(":")
    assert callable(getattr(importlib.import_module(module_name), function_name))


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_every_command_module_has_a_parser_and_a_run(name: str) -> None:
    module = importlib.import_module(f"auditor.cli.commands.{name}")
    assert callable(module.add_parser) and callable(module.run)


def test_top_level_help_imports_no_command_module() -> None:
    import subprocess
    import sys

    # argparse exits after printing the help: the loaded command modules are listed at exit.
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith('auditor.cli.commands.'))))\n"
        "from auditor.cli.main import main\n"
        "main(['--help'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "audit files and report findings" in done.stdout
    assert done.stdout.rstrip().endswith("[]")


@pytest.mark.parametrize("name", api_names)
def test_every_public_name_is_exported_by_the_package_root(name: str) -> None:
    assert getattr(auditor, name) is getattr(importlib.import_module("auditor.api"), name)


def test_the_package_root_exports_nothing_else() -> None:
    with pytest.raises(AttributeError, match="audit_files"):
        auditor.audit_files  # noqa: B018 - exported once, never existed


def test_the_api_and_the_cli_report_the_same_findings(tmp_path: Path, cli: Callable[..., CliRun]) -> None:
    # Findings that two filters change: a severity override (config) and a suppression comment.
    text = (
        "The Coruna virus spread.\n"
        "# auditor-disable-next-line repeated-word\n"
        "Officials said that that the plan was ready.\n"
        "The the plan was was ready, said the the minister.\n"
    )
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    config_file = tmp_path / ".auditor.toml"
    config_file.write_text('[severity]\nTM = "info"\n', encoding="utf-8")
    run = cli("check", "--format", "json", "--config", str(config_file), str(article))
    assert run.code in (0, 1), run.stderr
    from_cli = [(f["rule"], f["severity"], f["start"], f["message"]) for f in run.json()["files"][0]["findings"]]
    result = audit_text(text, path=str(article), config=load_config(config_file))
    assert [(f.rule_id, f.severity.label, f.span.start, f.message) for f in result.findings] == from_cli
    assert ("TM001", "info") in {(rule, severity) for rule, severity, _, _ in from_cli}
    assert text.index("that that") not in {start for _, _, start, _ in from_cli}
    assert len(from_cli) == 4
