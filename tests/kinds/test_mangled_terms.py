"""mangled-term on words that no pack lists: frequency decides, names and British spellings stay silent."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from auditor.model import Applicability, Finding, Severity
from auditor.packs.load import RuleSet
from tests.helpers import findings_of


def _findings(ruleset: RuleSet, text: str, **options: object) -> list[Finding]:
    return findings_of(ruleset, text, "mangled-term", **options)


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [("comittee", "committee"), ("ambasador", "ambassador"), ("finanse", "finance"), ("thier", "their"), ("enviroment", "environment")],
)
def test_misspelled_common_word_listed_nowhere_is_a_warning_with_the_frequent_word(
    ruleset: RuleSet, written: str, suggestion: str
) -> None:
    text = f"Officials said the {written} would be announced on Monday."
    (finding,) = _findings(ruleset, text)
    assert text[finding.span.start : finding.span.end] == written
    assert finding.suggestions == (suggestion,)
    assert finding.severity == Severity.WARNING
    assert finding.fix is not None and finding.fix.applicability == Applicability.UNSAFE


@pytest.mark.parametrize(("written", "suggestion"), [("concieve", "conceive"), ("percieve", "perceive"), ("retreive", "retrieve"), ("greivance", "grievance")])
def test_two_swapped_letters_of_a_moderately_common_word_are_a_misspelling(ruleset: RuleSet, written: str, suggestion: str) -> None:
    text = f"Officials said voters would {written} the plan differently."
    (finding,) = _findings(ruleset, text)
    assert (text[finding.span.start : finding.span.end], finding.suggestions) == (written, (suggestion,))
    assert "two swapped letters" in finding.message and finding.severity == Severity.WARNING


def test_real_words_two_swapped_letters_apart_are_left_alone(ruleset: RuleSet) -> None:
    # "causal"/"casual", "marital"/"martial", "bale"/"able" (the first letter), "dairy"/"diary"
    text = "The causal link, a marital dispute, a bale of hay and a dairy farm were all in the report."
    assert _findings(ruleset, text) == []


@pytest.mark.parametrize(("written", "term"), [("Facebok", "Facebook"), ("Instagarm", "Instagram"), ("pandemy", "pandemic")])
def test_mangled_known_term_is_an_error_whose_message_gives_both_frequencies(ruleset: RuleSet, written: str, term: str) -> None:
    text = f"The rumours spread on {written} within hours."
    (finding,) = _findings(ruleset, text)
    assert finding.suggestions == (term,)
    assert finding.severity == Severity.ERROR
    assert finding.message.count("Zipf") == 2 and term in finding.message


def test_mangled_pair_with_a_capitalised_first_word_is_one_finding(ruleset: RuleSet) -> None:
    text = "Misleading claims about the Corona virsu spread quickly."
    (finding,) = _findings(ruleset, text)
    assert text[finding.span.start : finding.span.end] == "Corona virsu"
    assert finding.suggestions == ("coronavirus",)


def test_split_spelling_of_a_term_is_a_warning_with_a_safe_fix(ruleset: RuleSet) -> None:
    text = "A wave of dis information followed the vote."
    (finding,) = _findings(ruleset, text)
    assert text[finding.span.start : finding.span.end] == "dis information"
    assert finding.suggestions == ("disinformation",)
    assert finding.severity == Severity.WARNING
    assert finding.fix is not None and finding.fix.applicability == Applicability.SAFE


@pytest.mark.parametrize(("written", "split"), [("inthe", "in the"), ("saidTwitter", "said Twitter"), ("foreignminister", "foreign minister")])
def test_two_words_run_together_are_split(ruleset: RuleSet, written: str, split: str) -> None:
    text = f"Officials {written} capital met on Monday."
    (finding,) = _findings(ruleset, text)
    assert text[finding.span.start : finding.span.end] == written
    assert finding.suggestions == (split,)


def test_correction_is_capitalised_only_where_a_sentence_opens(ruleset: RuleSet) -> None:
    text = "Coruna virus cases rose. Officials blamed the Coruna virus."
    first, second = _findings(ruleset, text)
    assert first.suggestions == ("Coronavirus",)
    assert second.suggestions == ("coronavirus",)


def test_foreign_names_are_never_spell_checked(ruleset: RuleSet) -> None:
    text = (
        "Chinh said Szijjártó and Zakharova met Peskov in Yekaterinburg. Bagchi, Jaishankar and "
        "Sitharaman flew to Bengaluru, while Hua Wei and Tedros Adhanom Ghebreyesus stayed in Geneva."
    )
    assert _findings(ruleset, text) == []


def test_names_near_a_brand_and_plurals_of_a_brand_are_not_corrected(ruleset: RuleSet) -> None:
    text = "Dean Witter met Cyril Wecht. Reuter reported that the Twitters and Telegrams of old are gone."
    assert _findings(ruleset, text) == []


def test_british_spellings_and_inflections_of_frequent_words_are_not_flagged(ruleset: RuleSet) -> None:
    text = (
        "The minister took cognisance of the criticism, praised the organisation's behaviour in "
        "favour of the programme, and visited tented camps where negotiators were levelling charges. "
        "A spate of storks and cavers could glean nothing; they douse the scone."
    )
    assert _findings(ruleset, text) == []


def test_accepted_words_are_not_flagged(ruleset: RuleSet) -> None:
    text = "Officials said the finanse plan would be announced."
    assert _findings(ruleset, text, accepted_words=["finanse"]) == []


@pytest.mark.parametrize(
    "token", ["e" * 16_000, "https://example.com/" + "abcdefgh" * 1_000, "supercalifragilisticexpialidociousx" * 3]
)
def test_a_token_longer_than_any_word_costs_no_edit_generation(ruleset: RuleSet, token: str) -> None:
    """Reproducer of issue 11 item 2: 16,000 "e"s took 41 s and 14 GB in edit generation."""
    start = time.process_time()
    findings = _findings(ruleset, f"Officials said the comittee met. {token} ended.")
    assert time.process_time() - start < 10
    assert [finding.suggestions for finding in findings] == [("committee",)]


TIED_SLIPS = "The company said the pecent of sales fell, the spply of grain rose and it was alost over."


def test_a_tie_between_two_common_words_goes_to_the_dropped_letter_whatever_the_hash_seed() -> None:
    # wordfreq rounds: "recent" and "percent", "apply" and "supply", "lost" and "almost" tie.
    script = (
        "from auditor import audit_text\n"
        f"print([f.suggestions[0] for f in audit_text({TIED_SLIPS!r}).findings if f.rule_id == 'TM001'])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "5")
    }
    assert outputs == {"['percent', 'supply', 'almost']\n"}
