"""Spelling consistency: close spellings of one name or term, in a file and across a run."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from auditor.api import audit_text
from auditor.check.document import context_for
from auditor.findings.pipeline import audit_documents
from auditor.kinds.base import BatchRule
from auditor.packs.load import RuleSet
from auditor.text.document import Document
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def only_consistency(ruleset: RuleSet) -> RuleSet:
    return ruleset.select(lambda rule: rule.name == "inconsistent-spelling")


def _flagged(ruleset: RuleSet, text: str) -> list[str]:
    result = audit_text(text, ruleset=ruleset)
    return [text[f.span.start : f.span.end] for f in result.findings]


def test_term_spelled_four_ways_flags_the_split_and_the_mangled_spelling(only_consistency: RuleSet) -> None:
    text = (
        "Cities hit by the Coronavirus closed. Reports about the Coruna virus spread.\n\n"
        "Rumours said the corona virus was a weapon. The coronavirus kept spreading."
    )
    result = audit_text(text, ruleset=only_consistency)
    assert [text[f.span.start : f.span.end] for f in result.findings] == ["Coruna virus", "corona virus"]
    assert all(f.suggestions[0] == "coronavirus" for f in result.findings)
    assert all(text[f.related[0].span.start : f.related[0].span.end].lower() == "coronavirus" for f in result.findings)


@pytest.mark.parametrize(
    "text",
    [
        "He closed one account, then 20 accounts. Nigeria and Nigerian officials met.",
        "We meet every day; everyday life goes on. It may be late, maybe not.",
        "Fergus Hanson met Fergus Hansen. Floods hit Henan and Hunan.",
        "The Coronavirus pandemic and the coronavirus pandemic.",
        "The government's plan and other governments' plans.",
        "Science-fiction films and science fiction; she'll see the shell.",
        "Police will crack down on gangs; the crackdown began.",
    ],
)
def test_inflections_real_names_case_and_deliberate_splits_are_left_alone(only_consistency: RuleSet, text: str) -> None:
    assert _flagged(only_consistency, text) == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The e-mail said so; the email said more; the email ended.", "e-mail"),
        ("Attacks by Al-Qaeda grew. Experts on Al-Qaeda and on Al Qaeda disagree.", "Al Qaeda"),
        ("He met Tsai Ing-wen. Later he met Tsai Ing-wen and Tsai Ingwen again.", "Tsai Ingwen"),
    ],
)
def test_hyphenation_and_spacing_variants_of_one_name_or_word_are_flagged(only_consistency: RuleSet, text: str, flagged: str) -> None:
    assert _flagged(only_consistency, text) == [flagged]


def test_unknown_name_spelled_two_ways_flags_the_rarer(only_consistency: RuleSet) -> None:
    text = "Analyst Tomasz Wrzesniewski spoke. Wrzesniewski said so. Later Wrzesnieswki added more."
    assert _flagged(only_consistency, text) == ["Wrzesnieswki"]


def test_tie_between_two_unknown_spellings_is_not_reported(only_consistency: RuleSet) -> None:
    assert _flagged(only_consistency, "Wrzesniewski spoke. Wrzesnieswki left.") == []


def test_across_files_the_rarer_spelling_points_at_the_other_file(cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Chinese spokeswoman Hua Chuning said the move was unfair.\n", encoding="utf-8")
    second.write_text("Spokeswoman Hua Chunying spoke. Hua Chunying later added more.\n", encoding="utf-8")
    report = cli("check", "--format", "json", str(first), str(second)).json()
    by_file = {Path(entry["path"]).name: entry["findings"] for entry in report["files"]}
    # The gazetteer rule reports the same correction too: one finding, naming CS001 in `also`.
    flagged = [f for f in by_file["a.txt"] if "CS001" in (f["rule"], *f.get("also", []))]
    assert [(f["text"], f["suggestions"][0]) for f in flagged] == [("Hua Chuning", "Hua Chunying")]
    assert any(Path(r["path"]).name == "b.txt" for r in flagged[0]["related"])
    assert not [f for f in by_file["b.txt"] if "CS001" in (f["rule"], *f.get("also", []))]


def test_many_files_are_judged_through_small_picklable_summaries(only_consistency: RuleSet) -> None:
    rule = only_consistency.rules[0]
    assert isinstance(rule, BatchRule)
    context = context_for(only_consistency)
    documents = [Document(f"Report {n}: the coronavirus spread in Wuhan.\n", f"r{n}.txt") for n in range(200)]
    documents.append(Document("Report: the corona virus spread in Wuhan.\n", "odd.txt"))
    summary = rule.summarize(documents[-1], context)
    assert pickle.loads(pickle.dumps(summary)) == summary
    results = audit_documents(documents, only_consistency, context)
    flagged = {r.path: [r.document.slice(f.span) for f in r.findings] for r in results if r.findings}
    assert flagged == {"odd.txt": ["corona virus"]}


def test_different_counts_of_one_thing_in_two_articles_on_one_story_get_one_note(cli) -> None:
    run = cli("check", "--format", "json", str(SEEDS / "000_6631a8e0a366c5c7.txt"), str(SEEDS / "002_398bcd745f4edaa2.txt"))
    notes = [(Path(entry["path"]).name, f) for entry in run.json()["files"] for f in entry["findings"] if f["name"] == "count-differs-across-files"]
    assert [(name, f["text"], f["severity"]) for name, f in notes] == [("000_6631a8e0a366c5c7.txt", "170,000", "info")]
    assert "23,000" in notes[0][1]["message"] and "150,000" in notes[0][1]["message"]


def test_counts_in_articles_on_different_stories_are_not_compared(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Twitter removed 170,000 accounts tied to Beijing, Hong Kong and Taiwan.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A bank in Lagos closed 23,000 accounts, Nigerian officials said.\n", encoding="utf-8")
    report = cli("check", "--format", "json", str(tmp_path)).json()
    assert not [f for entry in report["files"] for f in entry["findings"] if f["name"] == "count-differs-across-files"]


def test_a_run_finds_every_document_of_a_spelling_however_far_apart() -> None:
    """`_Run` keeps the steps between a spelling's documents in arrays that widen as steps grow."""
    from auditor.kinds.consistency import Spelling, _Run

    run = _Run()
    wanted = [3, 4, 300, 301, 70_301, 70_302]
    spelling = Spelling(key="chuning", uses=1, spans=((0, 7, False),), written=(("Chuning", 1),))
    for number in range(70_400):
        run.add(f"d{number}.txt", {"chuning": spelling} if number in wanted else {})
    assert run.paths("chuning") == [f"d{number}.txt" for number in wanted]
    assert run.count("chuning") == len(wanted) and run.written("chuning") == {"Chuning": len(wanted)}


@pytest.mark.parametrize("run_keys", [3000, 400], ids=["fewer-asked-than-run-keys", "more-asked-than-run-keys"])
def test_the_deletion_index_finds_exactly_the_keys_one_edit_away(run_keys: int) -> None:
    """`_NearKeys` replaces generating every edit of a key; it must find the same keys,
    whichever of the keys asked about and the run's keys it indexes."""
    import random

    from auditor.kinds.consistency import _edits, _NearKeys

    rng = random.Random(11)
    words = sorted({"".join(rng.choice("abcde1") for _ in range(rng.randint(2, 9))) for _ in range(3000)})
    keys = set(rng.sample(words, min(run_keys, len(words))))
    asked = words[:600] if run_keys > 600 else words
    near_keys = _NearKeys(dict.fromkeys(keys), set(asked))
    for key in asked:
        for lowest, highest in ((1, len(key) - 1), (1, len(key) - 2), (2, len(key) - 1), (0, len(key) - 1), (1, len(key)), (0, len(key)), (3, 2)):
            expected = {near for near in set(_edits(key, lowest, highest)) if near in keys}
            assert near_keys.within_one_edit(key, lowest, highest) == expected, (key, lowest, highest)


@pytest.mark.parametrize(
    ("text", "flagged", "dominant"),
    [
        # letters swapped at the very end, where inflections are (no English ending is "csu")
        ("Mirela Dobrescu chairs the panel. Dobrescu called for calm. Critics say Dobrescu waited. The board backed Dobrecsu.", "Dobrecsu", "Dobrescu"),
        # a letter replaced in the last place
        ("Skipper Ola Halvorsen found the wreck. Halvorsen filmed it. Halvorsen is proud. A museum will show what Halvorsem found.", "Halvorsem", "Halvorsen"),
        # only ever written at the start of a sentence
        ("Doctor Ana Ferreira led the study. The drug worked, Ferreira said. Her team praised Ferreira. Ferriera will publish in May.", "Ferriera", "Ferreira"),
        # a letter dropped, the slip opening a sentence
        ("Chef Tuomas Kettunen opened a bistro. Kettunen cooks. Guests love Kettunen. Ketunen also bakes bread.", "Ketunen", "Kettunen"),
        # a real surname, once, in a text that writes another three times
        ("Prime Minister Janez Horvat met unions. Horvat promised a deal. Horvat was bluffing. Horvath wants an election.", "Horvath", "Horvat"),
        # a title before the slip is the same person's
        ("Coach Ismael Quintanar named his squad. Quintanar left out two veterans. Coach Quintannar said form mattered.", "Quintannar", "Quintanar"),
    ],
)
def test_a_capitalised_name_used_several_times_and_once_with_one_slip_is_flagged(
    only_consistency: RuleSet, text: str, flagged: str, dominant: str
) -> None:
    result = audit_text(text, ruleset=only_consistency)
    assert [(text[f.span.start : f.span.end], f.suggestions[0]) for f in result.findings] == [(flagged, dominant)]


@pytest.mark.parametrize(
    "text",
    [
        # two politicians, each surname with its own given name
        "Prime Minister Janez Horvat met unions. Horvat promised a deal. Opposition leader Marko Horvath said Horvat was bluffing.",
        "Senator Anna Kovacic opposed the bill. Kovacic said it was rushed. Kovacic voted no. Governor Petra Kovacik signed it. Kovacik called it fair.",
        # each with a title of their own
        "Senator Ulrike Brandtner spoke first. Brandtner wants lower taxes, and Brandtner said so twice. Governor Brantner disagreed.",
        # a father and a son whose given names differ by a letter
        "Radoslaw Wierzbicki founded the firm. Radoslaw Wierzbicki owns half of it. His son Radoslav Wierzbicki runs the factory.",
        "Opposition leader Lee Jae-myung met Samsung chief Lee Jae-yong. Lee Jae-myung asked for investment. Lee Jae-yong agreed.",
        # two real surnames once each, and inflections of names
        "Fergus Hanson met Fergus Hansen. Nigeria and Nigerian troops. The Kenyans in Kenya. Nigeria again, Nigeria.",
        "The Ivanov brothers and Olga Ivanova. Ivanov said so. Ivanov left, and Ivanova stayed.",
    ],
)
def test_distinct_people_with_close_names_are_left_alone(only_consistency: RuleSet, text: str) -> None:
    assert _flagged(only_consistency, text) == []
