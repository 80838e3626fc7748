"""Known-name kinds on text: misspelled names, title/gender agreement, given name as surname."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.api import audit_text, load_ruleset
from auditor.model import Applicability, Finding, Severity
from auditor.packs.load import RuleSet


def _findings(ruleset: RuleSet, text: str, *names: str) -> list[Finding]:
    only = ruleset.select(lambda rule: rule.name in names)
    return audit_text(text, ruleset=only).findings


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Jens Stoltemberg", "Jens Stoltenberg"),
        ("Sergey Lavrow", "Sergei Lavrov"),
        ("Zhao Lijan", "Zhao Lijian"),
        ("Hua Chuning", "Hua Chunying"),
        ("Kristalina Georgeiva", "Kristalina Georgieva"),
        ("Narendra Modhi", "Narendra Modi"),
        ("Volodymyr Zelenskky", "Volodymyr Zelenskyy"),
        ("Jacinda Arden", "Jacinda Ardern"),
        ("Kim Jung-un", "Kim Jong-un"),
    ],
)
def test_misspelling_listed_nowhere_is_corrected_to_the_canonical_name(ruleset: RuleSet, written: str, canonical: str) -> None:
    text = f"On Monday {written} told reporters in Geneva that talks would resume."
    (finding,) = _findings(ruleset, text, "misspelled-person-name")
    assert text[finding.span.start : finding.span.end] == written
    assert finding.suggestions[0] == canonical
    assert finding.fix is not None and finding.fix.applicability == Applicability.UNSAFE
    assert canonical in finding.message and "gazetteer-people" in finding.message


def test_one_edit_in_a_full_name_is_an_error_two_edits_a_warning(ruleset: RuleSet) -> None:
    one, two = _findings(ruleset, "Hua Chuning met Kristalina Gorgeiva.", "misspelled-person-name")
    assert (one.severity, two.severity) == (Severity.ERROR, Severity.WARNING)


@pytest.mark.parametrize(
    "text",
    [
        "Fergus Hansen and Mohammad Ali spoke to Zhang Wei and Li Wei.",
        "Premier Li Qiang, Kim Yo-jong and Moon Jae-in met Recep Tayyip Erdogan.",
        "Floods hit Henan and Hunan; Nigerian and Bahraini envoys met in Shanxi and Shaanxi.",
        "UNESCO, NATO and the WHO met the Russian and Ukrainian delegations.",
        "Hua Chunyings are rare.",
        "Samsung chairman Lee Jae-yong met Kim Jong-nam's lawyers.",
    ],
)
def test_correct_and_unknown_names_are_left_alone(ruleset: RuleSet, text: str) -> None:
    names = ("misspelled-person-name", "misspelled-place-name", "misspelled-organisation-name")
    assert _findings(ruleset, text, *names) == []


def test_a_listed_misspelling_is_fixed_safely_from_a_user_pack(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "newsroom.yaml").write_text(
        "pack: newsroom\ngazetteer:\n"
        "  - {name: Hua Chunying, type: person, misspellings: [Hua Chun Ying]}\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset([folder])
    (finding,) = _findings(ruleset, "said Hua Chun Ying.", "misspelled-person-name")
    assert finding.fix is not None and finding.fix.applicability == Applicability.SAFE
    assert "listed misspelling" in finding.message


def test_a_common_misspelling_listed_in_the_builtin_gazetteer_is_fixed_safely(ruleset: RuleSet) -> None:
    (finding,) = _findings(ruleset, "a visit to the Phillipines next week", "misspelled-place-name")
    assert finding.suggestions[0] == "Philippines"
    assert finding.fix is not None and finding.fix.applicability == Applicability.SAFE


def test_accepted_words_are_never_corrected(ruleset: RuleSet) -> None:
    from auditor.check.document import context_for

    only = ruleset.select(lambda rule: rule.name == "misspelled-person-name")
    context = context_for(only, accepted_words=["Chuning"])
    assert audit_text("said Hua Chuning.", ruleset=only, context=context).findings == []


def test_spokesman_for_a_misspelt_woman_gives_spokeswoman(ruleset: RuleSet) -> None:
    text = "said Chinese spokesman Hua Chuning."
    (finding,) = _findings(ruleset, text, "wrong-gender-title")
    assert text[finding.span.start : finding.span.end] == "spokesman"
    assert finding.suggestions == ("spokeswoman",)


@pytest.mark.parametrize(
    ("text", "title", "replacement"),
    [
        ("Foreign Ministry spokesman Maria Zakharova said.", "spokesman", "spokeswoman"),
        ("IMF chairman Kristalina Georgieva spoke.", "chairman", "chairwoman"),
        ("Ursula von der Leyen, the commission's chairman, said.", "chairman", "chairwoman"),
        ("Dmitry Peskov spoke first. Spokeswoman Peskov then left.", "Spokeswoman", "Spokesman"),
        ("Hua Chunying arrived. Mr Hua said nothing.", "Mr", "Ms"),
    ],
)
def test_title_that_disagrees_with_a_known_gender_is_flagged(ruleset: RuleSet, text: str, title: str, replacement: str) -> None:
    (finding,) = _findings(ruleset, text, "wrong-gender-title")
    assert text[finding.span.start : finding.span.end] == title
    assert finding.suggestions == (replacement,)


@pytest.mark.parametrize(
    "text",
    [
        "A Chinese Foreign Ministry spokesman did not comment on the allegations.",
        "The spokesman met Hua Chunying, who said nothing.",
        "Hua Chunying, who met the chairman, declined to comment.",
        "Fergus Hansen, the institute's spokeswoman, said.",
    ],
)
def test_title_without_a_named_person_of_known_gender_is_left_alone(ruleset: RuleSet, text: str) -> None:
    assert _findings(ruleset, text, "wrong-gender-title") == []


def test_given_name_after_the_full_name_becomes_the_family_name(ruleset: RuleSet) -> None:
    text = "spokeswoman Hua\u00a0Chunying said so.\u00a0Chunying\u00a0claimed that it was unfair."
    (finding,) = _findings(ruleset, text, "given-name-as-surname")
    assert text[finding.span.start : finding.span.end] == "Chunying"
    assert finding.suggestions == ("Hua",)
    assert finding.fix is not None and finding.fix.applicability == Applicability.SAFE
    assert finding.related and text[finding.related[0].span.start : finding.related[0].span.end] == "Hua\u00a0Chunying"


def test_given_name_of_a_misspelt_full_name_is_flagged_unsafely(ruleset: RuleSet) -> None:
    (finding,) = _findings(ruleset, "Xi Jinpin spoke. Later Jinpin said more.", "given-name-as-surname")
    assert finding.suggestions == ("Xi",)
    assert finding.fix is not None and finding.fix.applicability == Applicability.UNSAFE


@pytest.mark.parametrize(
    ("text", "given", "family"),
    [
        ("Trade envoy Zhou Xiaochuan arrived. Xiaochuan said prices would fall.", "Xiaochuan", "Zhou"),
        ("Taiwan's Lin Chia-ming spoke. Later Chia-ming left.", "Chia-ming", "Lin"),
        ("Coach Park Hang-seo smiled. Mr Hang-seo waved.", "Hang-seo", "Park"),
    ],
)
def test_given_name_of_a_person_missing_from_the_gazetteer_is_recognised_by_shape(
    ruleset: RuleSet, text: str, given: str, family: str
) -> None:
    (finding,) = _findings(ruleset, text, "given-name-as-surname")
    assert text[finding.span.start : finding.span.end] == given
    assert finding.suggestions == (family,)


@pytest.mark.parametrize(
    "text",
    [
        "Chunying claimed it first. Hua Chunying agreed.",
        "British MP Lee Anderson spoke. Anderson said he was hopeful.",
        "Singer Kim Linda performed. Linda waved.",
        "Hong Kong police said Kong was calm.",
        "Le Duan led Vietnam. Duan died in 1986.",
        "Prime Minister Pham Minh Chinh arrived. Chinh said the plan would work.",
        "Viktor Orbán spoke. Orbán said Hungary would wait.",
        "Kim Jong-un and Kim Yo-jong appeared. Kim waved.",
    ],
)
def test_family_names_short_forms_and_earlier_given_names_are_left_alone(ruleset: RuleSet, text: str) -> None:
    assert _findings(ruleset, text, "given-name-as-surname") == []


@pytest.mark.parametrize(
    ("text", "written", "canonical"),
    [
        ("German Chancellor Olaf Schulz met union leaders in Berlin.", "Olaf Schulz", "Olaf Scholz"),
        ("Russian President Vladimir Putting spoke on television.", "Vladimir Putting", "Vladimir Putin"),
        ("Italy's Giorgia Melons won the vote of confidence.", "Giorgia Melons", "Giorgia Meloni"),
        ("The Finnish Petteri Orbo spoke first.", "Petteri Orbo", "Petteri Orpo"),
    ],
)
def test_a_known_person_whose_surname_became_another_word_is_identified_by_role_or_country(
    ruleset: RuleSet, text: str, written: str, canonical: str
) -> None:
    found = _findings(ruleset, text, "misspelled-person-name")
    assert [(text[f.span.start : f.span.end], f.suggestions[0]) for f in found] == [(written, canonical)]


@pytest.mark.parametrize(
    "text",
    [
        "Olaf Schulz, a baker from Hamburg, opened a second shop.",  # nothing says who he is
        "Prime Minister Rishi Mode addressed the rally.",  # another given name
        "The Canadian singer Justin Trudeau loves hockey.",  # the name itself is right
        "Niger's military leader Abdourahamane Tiani met envoys.",  # a romanisation, not a word
    ],
)
def test_a_close_surname_without_the_given_name_or_a_context_is_left_alone(ruleset: RuleSet, text: str) -> None:
    assert not _findings(ruleset, text, "misspelled-person-name")
