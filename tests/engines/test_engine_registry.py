"""The engine registry: an engine plugs in with one entry, its rules run only when it is enabled,
its settings are checked like other config keys, and examples of rules whose engine is missing are skipped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import auditor.engines as engines
from auditor.api import audit_text, load_ruleset
from auditor.context import Signal
from auditor.examples import engine_missing, example_problems
from auditor.findings.config import Config, ConfigError, load_config
from auditor.kinds.engine_signal import EngineSignal
from auditor.model import Severity

PACK = """\
pack: fake
rules:
  - id: FK001
    name: shouted-word
    kind: engine-signal
    engine: fake
    signal: shouting
    message: "'{match}' is shouted ({letters} letters)"
    docs: Words in capitals, as a stand-in engine sees them.
    examples:
      - bad: "Please [STOP] now."
      - good: "Please stop now."
"""


class FakeEngine:
    """An engine shaped like a wrapper of LanguageTool's `check_texts`: matches to signals."""

    name = "fake"

    def signals(self, text: str, signal: str) -> Sequence[Signal]:
        assert signal == "shouting"
        words = [(i, i + len(w)) for i, w in ((text.index(w), w) for w in text.split()) if w.isupper() and len(w) > 1]
        return [Signal(start, end, {"letters": end - start}, (text[start:end].lower(),)) for start, end in words]

    def stories(self, texts: Mapping[str, str]) -> list[list[str]] | None:
        return None


def parse_fake(table: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    if set(table) - {"level"}:
        raise engines.SettingsError(sorted(set(table) - {"level"})[0], "unknown key (allowed: level)")
    return tuple(sorted(table.items()))


def load_fake(settings: Any) -> FakeEngine:
    return FakeEngine()


def load_broken(settings: Any) -> FakeEngine:
    raise engines.EngineUnavailable("the fake engine needs 'fakelib': pip install 'auditor[fake]'")


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The one entry that plugs the fake engine in, and a pack folder with its rule."""
    here = __name__
    monkeypatch.setitem(engines.ENGINES, "fake", engines.EngineEntry(f"{here}:parse_fake", f"{here}:load_fake", "fake"))
    (tmp_path / "fake.yaml").write_text(PACK, encoding="utf-8")
    return tmp_path


def test_one_registry_entry_plugs_an_engine_in(fake_engine: Path) -> None:
    ruleset = load_ruleset([fake_engine])
    assert audit_text("Please STOP now.", ruleset=ruleset).findings == []  # not enabled
    [finding] = audit_text("Please STOP now.", ruleset=ruleset, config=Config(engines=("fake",))).findings
    assert (finding.rule_id, finding.engine, finding.severity) == ("FK001", "fake", Severity.WARNING)
    assert finding.message == "'STOP' is shouted (4 letters)"
    assert finding.suggestions == ("stop",)


def test_examples_of_a_rule_whose_engine_cannot_load_are_skipped(fake_engine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = load_ruleset([fake_engine])
    rule = ruleset.by_id("FK001")
    assert engine_missing(rule) is None
    assert list(example_problems(rule, ruleset)) == []
    monkeypatch.setitem(engines.ENGINES, "fake", engines.EngineEntry(f"{__name__}:parse_fake", f"{__name__}:load_broken", "fake"))
    monkeypatch.setattr(engines, "_loaded", {key: value for key, value in engines._loaded.items() if key[0] != "fake"})
    assert engine_missing(rule) == "rule FK001 needs the fake engine: the fake engine needs 'fakelib': pip install 'auditor[fake]'"
    assert list(example_problems(rule, ruleset)) == []
    load_ruleset([fake_engine])  # a user pack whose engine is missing still loads


def test_an_engine_signal_rule_must_name_its_engine() -> None:
    with pytest.raises(ValueError, match="must name its engine"):
        EngineSignal(id="X1", name="x", kind="engine-signal", message="m", signal="s")


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ('engines = ["gpt"]\n', 1, "engines: unknown engine 'gpt' (known: languagetool, ml)"),
        ('[ml]\nlm = "trigram"\nbatch-size = 0\n', 3, "ml.batch-size: must be a whole number of 1 or more"),
        ('[ml]\ndevice = "tpu"\n', 2, "ml.device: unknown device 'tpu' (expected auto, cpu, cuda)"),
        ('[ml]\ncolour = 1\n', 2, "ml.colour: unknown key (allowed: batch-size, device, lm, thresholds)"),
        ('[ml.thresholds]\nword-error = 1.5\n', 2, "ml.thresholds.word-error: must be a number from 0 to 1"),
        ('[ml.thresholds]\nspeed = 1\n', 2, "ml.thresholds.speed: unknown threshold"),
        ('ml = 3\n', 1, "ml: must be a table of the engine's settings"),
    ],
)
def test_engine_settings_are_checked_with_file_and_line(tmp_path: Path, toml: str, line: int, message: str) -> None:
    path = tmp_path / ".auditor.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}:{line}: {message}")


def test_engine_settings_in_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.auditor]\nengines = ["ml"]\n[tool.auditor.ml]\nlm = "gemma-3-270m"\nbatch-size = 8\ndevice = "cpu"\n'
        '[tool.auditor.ml.thresholds]\nword-error = 0.95\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.engines == ("ml",)
    [(name, settings)] = config.engine_settings
    assert name == "ml"
    assert (settings.lm, settings.batch_size, settings.device) == ("gemma-3-270m", 8, "cpu")
    assert settings.threshold("word-error", 0.89) == 0.95
    assert settings.threshold("fluency-z", 3.0) == 3.0


def test_the_cli_runs_an_enabled_engine_and_sarif_names_it(fake_engine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from auditor.cli.main import main

    text = tmp_path / "note.txt"
    text.write_text("Please STOP now.\n", encoding="utf-8")
    assert main(["check", "--rules", str(fake_engine), "--format", "sarif", str(text)]) == 0
    assert [r for r in json.loads(capsys.readouterr().out)["runs"][0]["results"] if r["ruleId"] == "FK001"] == []
    assert main(["check", "--engine", "fake", "--rules", str(fake_engine), "--format", "sarif", str(text)]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    [result] = [r for r in run["results"] if r["ruleId"] == "FK001"]
    assert result["properties"]["engine"] == "fake"
    [descriptor] = [d for d in run["tool"]["driver"]["rules"] if d["id"] == "FK001"]
    assert descriptor["properties"]["engine"] == "fake"
