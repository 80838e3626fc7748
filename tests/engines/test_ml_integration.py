"""The ml engine wired into auditor: ML001-ML004 through the CLI and the API on real text, story
linking for cross-file consistency, and what happens when the engine cannot load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.api import audit_text
from auditor.findings.config import Config

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ML_ENGINE = Config(engines=("ml",))
SPORTS = (
    "Hua Chuning won the women's singles final of the table tennis open on Sunday evening in Doha.\n"
    "The twenty-year-old beat the world number three in five games after losing the first two.\n"
    "Her coach said the young player had trained twice a day since the start of the season.\n"
    "The final was watched by a full arena and the crowd cheered every long rally of the match.\n"
)
RECIPE = "Preheat the oven to 180 degrees, whisk the eggs with the sugar and fold in the flour gently.\n"
BLOCK_TORCH = "import sys; sys.modules['torch'] = None; "


def needs_ml_engine() -> None:
    from auditor.engines import EngineUnavailable, load_engine

    try:
        load_engine("ml")
    except EngineUnavailable as error:
        pytest.skip(str(error))


def run_auditor(*args: str, prelude: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    code = prelude + "from auditor.cli.main import main; raise SystemExit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", "import sys; " + code, *args],
        capture_output=True, text=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1"}, timeout=600,
    )


def findings_by_file(output: str) -> dict[str, list[dict[str, Any]]]:
    return {Path(entry["path"]).name: entry["findings"] for entry in json.loads(output)["files"]}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seed articles (one story) and an unrelated sports report naming 'Hua Chuning'."""
    folder = tmp_path_factory.mktemp("batch")
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sports.txt").write_text(SPORTS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def with_engine(batch: Path) -> dict[str, list[dict[str, Any]]]:
    needs_ml_engine()
    done = run_auditor("check", "--engine", "ml", "--format", "json", str(batch))
    assert done.returncode == 1, done.stderr
    return findings_by_file(done.stdout)


def test_ml_findings_carry_the_engine_and_exact_offsets(with_engine: dict[str, list[dict[str, Any]]], batch: Path) -> None:
    ml = {name: [f for f in found if f["engine"] == "ml"] for name, found in with_engine.items()}
    assert all(f["rule"].startswith("ML") for found in ml.values() for f in found)
    assert all(f["engine"] == "rules" for found in with_engine.values() for f in found if not f["rule"].startswith("ML"))
    seed = "000_6631a8e0a366c5c7.txt"
    text = (batch / seed).read_text(encoding="utf-8")
    for finding in ml[seed]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
    coruna = [f for f in ml[seed] if f["rule"] == "ML002" and f["text"] == "Coruna"]
    assert len(coruna) == 1 and "Corona" in coruna[0]["suggestions"]
    assert text.index("the Coruna virus") + 4 == coruna[0]["start"]
    # a word English uses often is not "unlikely", however old the LM (max_zipf in rules/ml.yaml)
    assert not [f for f in ml[seed] if f["rule"] == "ML002" and f["text"].lower() == "coronavirus"]


def test_cross_file_consistency_stays_within_a_story(with_engine: dict[str, list[dict[str, Any]]], batch: Path) -> None:
    def spellings(found: dict[str, list[dict[str, Any]]], name: str) -> list[str]:
        """Texts CS001 reported, on their own or folded into a more specific rule's finding (`also`)."""
        return [f["text"] for f in found[name] if f["rule"] == "CS001" or "CS001" in f.get("also", ())]

    without = run_auditor("check", "--format", "json", str(batch))
    plain = findings_by_file(without.stdout)
    assert spellings(plain, "sports.txt") == ["Hua Chuning"]  # linked to an unrelated article
    assert spellings(with_engine, "sports.txt") == []
    # within the story of the two seed articles the inconsistent spelling is still found
    assert "Hua Chuning" in spellings(with_engine, "000_6631a8e0a366c5c7.txt")


def test_the_seed_articles_are_one_story_and_the_sports_report_another(batch: Path) -> None:
    needs_ml_engine()
    from auditor.engines import load_engine

    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(batch.glob("*.txt"))}
    assert load_engine("ml").stories(texts) == [["000_6631a8e0a366c5c7.txt", "002_398bcd745f4edaa2.txt"], ["sports.txt"]]


def test_planted_word_errors_are_flagged_and_clean_sentences_are_not() -> None:
    needs_ml_engine()
    planted = ["The president said that their going to visit Beijing next week.",
               "The report was published by an university in Boston."]
    clean = ["Scientists say the new vaccine is safe and effective.",
             "The museum will reopen next month after a two-year renovation."]
    text = " ".join(planted[:1] + clean[:1] + planted[1:] + clean[1:])
    found = [f for f in audit_text(text, config=ML_ENGINE).findings if f.rule_id == "ML001"]
    assert [text[f.span.start : f.span.end] for f in found] == ["their", "an"]
    assert all(f.engine == "ml" and "error probability 0.9" in f.message for f in found)


def test_accepted_words_are_not_reported_as_unlikely() -> None:
    needs_ml_engine()
    text = "The accounts published misleading information about Hong Kong and the Coruna virus."
    [finding] = [f for f in audit_text(text, config=ML_ENGINE).findings if f.rule_id == "ML002"]
    assert text[finding.span.start : finding.span.end] == "Coruna"
    accepting = Config(engines=("ml",), accepted_words=("Coruna",))
    assert [f for f in audit_text(text, config=accepting).findings if f.rule_id == "ML002"] == []


def test_an_inserted_paragraph_is_out_of_place() -> None:
    needs_ml_engine()
    article = (SEEDS / "002_398bcd745f4edaa2.txt").read_text(encoding="utf-8")
    assert [f for f in audit_text(article, config=ML_ENGINE).findings if f.rule_id == "ML004"] == []
    paragraphs = article.split("\n\n")
    text = "\n\n".join([*paragraphs[:2], RECIPE.strip(), *paragraphs[2:]])
    found = [f for f in audit_text(text, config=ML_ENGINE).findings if f.rule_id == "ML004"]
    assert [text[f.span.start : f.span.end] for f in found] == [RECIPE.strip()]


def test_engine_rules_do_not_run_without_the_engine() -> None:
    text = (SEEDS / "000_6631a8e0a366c5c7.txt").read_text(encoding="utf-8")
    assert not [f for f in audit_text(text).findings if f.rule_id.startswith("ML")]


def test_without_the_engine_torch_is_never_imported(batch: Path) -> None:
    code = (
        "import sys; from auditor.cli.main import main; main(['check', sys.argv[1]]); "
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(batch / "sports.txt")], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_missing_extra_is_one_line_and_the_audit_goes_on(batch: Path) -> None:
    plain = run_auditor("check", str(batch / "sports.txt"))
    done = run_auditor("check", "--engine", "ml", str(batch / "sports.txt"), prelude=BLOCK_TORCH)
    assert done.returncode == plain.returncode
    assert done.stdout == plain.stdout
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("auditor: engine ml is off: ") and "'torch'" in line and "auditor[ml]" in line


def test_require_engines_fails_the_run_when_an_engine_cannot_load(batch: Path) -> None:
    done = run_auditor("check", "--engine", "ml", "--require-engines", str(batch / "sports.txt"), prelude=BLOCK_TORCH)
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert "'torch'" in line and "auditor[ml]" in line


def test_an_unknown_engine_is_a_usage_error(batch: Path) -> None:
    done = run_auditor("check", "--engine", "nope", str(batch / "sports.txt"))
    assert done.returncode == 2
    assert done.stderr.strip() == "auditor: unknown engine 'nope' (known: languagetool, ml)"


def test_config_enables_the_engine(batch: Path, tmp_path: Path) -> None:
    (tmp_path / ".auditor.toml").write_text('engines = ["ml"]\n[ml]\nlm = "trigram"\n', encoding="utf-8")
    (tmp_path / "sports.txt").write_text(SPORTS, encoding="utf-8")
    done = run_auditor("check", "--format", "json", "sports.txt", prelude=BLOCK_TORCH, cwd=tmp_path)
    assert "engine ml is off" in done.stderr
