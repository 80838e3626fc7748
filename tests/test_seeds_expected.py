"""The audit of seeds/ reports what ../shared/seeds/EXPECTED.md asks, and nothing on correct names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS

MT = SEEDS / "000_6631a8e0a366c5c7.txt"
DRAFT = SEEDS / "002_398bcd745f4edaa2.txt"
NBSP = "\u00a0"

# (file, flagged text, correction that must be among the suggestions or None)
MUST_REPORT = [
    (MT, "China claims to be a victim, with Twitter demanding that the attackers be removed\nChina", None),
    (MT, "Coruna virus", "coronavirus"),
    (MT, "corona virus", "coronavirus"),
    (MT, "the Coronavirus", "coronavirus"),
    (MT, "Hua Chuning", "Hua Chunying"),
    (MT, "spokesman Hua", "spokeswoman"),
    (MT, 'information." "', None),
    (MT, 'distribute." .', None),
    (MT, "Previous Post Next Post", None),
    (DRAFT, NBSP, " "),
    (DRAFT, "Coronavirus pandemic", "coronavirus pandemic"),
    (DRAFT, f"Chunying{NBSP}claimed", "Hua"),
    (DRAFT, "Chinese communist party", "Chinese Communist Party"),
    (DRAFT, "foreign ministry", "Foreign Ministry"),
    (DRAFT, "called this action as discriminatory", "called this action"),
    (DRAFT, "deviate", "divert"),
    (DRAFT, "Since the last few years", "For the last few years"),
    (DRAFT, "Leave a Reply", None),
    (DRAFT, "Your email address will not be published.", None),
    (DRAFT, "Whereas,", None),
    (DRAFT, "informed that", None),
    (DRAFT, "accused that", None),
    (DRAFT, "protestors", "protesters"),
]

MUST_NOT_REPORT = [
    (DRAFT, f"Hua{NBSP}Chunying"),
    (DRAFT, "Mike Pompeo"),
    (DRAFT, "Fergus Hanson"),
    (MT, "Tiananmen"),
    (MT, "Hong Kong"),
    (MT, "Basic Law"),
    (MT, "CPC"),
    (MT, "A Chinese Foreign Ministry spokesman"),
    (DRAFT, "favour"),
    (DRAFT, "criticising"),
    (DRAFT, "cognisance"),
]


@pytest.fixture(scope="module")
def findings() -> dict[Path, list[dict]]:  # type: ignore[type-arg]
    import io
    import json
    from contextlib import redirect_stdout

    from auditor.cli.main import main

    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--format", "json", "--fail-on", "never", str(MT), str(DRAFT)])
    return {Path(record["path"]): record["findings"] for record in json.loads(out.getvalue())["files"]}


def _span(path: Path, needle: str) -> tuple[int, int]:
    start = path.read_text(encoding="utf-8").index(needle)
    return start, start + len(needle)


@pytest.mark.parametrize(("path", "needle", "correction"), MUST_REPORT, ids=[m[1][:30] for m in MUST_REPORT])
def test_expected_artifact_is_reported_with_its_correction(findings, path: Path, needle: str, correction: str | None) -> None:
    start, end = _span(path, needle)
    covering = [f for f in findings[path] if f["start"] < end and start < f["end"]]
    assert covering, f"{needle!r} is not reported"
    if correction is not None:
        suggestions = [s for f in covering for s in f["suggestions"]]
        assert any(correction in s for s in suggestions), suggestions


@pytest.mark.parametrize(("path", "needle"), MUST_NOT_REPORT, ids=[m[1][:30] for m in MUST_NOT_REPORT])
def test_correct_text_is_not_flagged(findings, path: Path, needle: str) -> None:
    text = path.read_text(encoding="utf-8")
    position = text.find(needle)
    while position != -1:
        inside = [f for f in findings[path] if position <= f["start"] and f["end"] <= position + len(needle) and f["end"] - f["start"] > 1]
        assert not inside, inside
        position = text.find(needle, position + 1)


def test_the_misspelt_name_points_at_the_spelling_in_the_other_article(findings) -> None:
    start, end = _span(MT, "Hua Chuning")
    related = [r for f in findings[MT] if f["start"] < end and start < f["end"] for r in f.get("related", [])]
    assert any(Path(r["path"]) == DRAFT for r in related), related


def test_the_different_account_counts_are_an_informational_note(findings) -> None:
    notes = [f for path in (MT, DRAFT) for f in findings[path] if "170,000" in f["message"]]
    assert notes and all(f["severity"] == "info" for f in notes)


def test_the_four_spellings_of_coronavirus_in_one_article_are_tied_together(findings) -> None:
    text = MT.read_text(encoding="utf-8")
    for variant in ("Coruna virus", "corona virus"):
        start = text.index(variant)
        assert any(f["start"] == start and "CS001" in (f["rule"], *f.get("also", [])) for f in findings[MT]), variant
