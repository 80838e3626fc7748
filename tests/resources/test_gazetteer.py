"""The gazetteer: pack sections parse strictly, users extend it, the index finds forms fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.api import load_ruleset
from auditor.packs.load import PackError, RuleSet
from auditor.resources.gazetteer import EntityType, Gender, NameOrder, index_for


def _user_pack(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "people.yaml").write_text("pack: newsroom-people\ngazetteer:\n" + body, encoding="utf-8")
    return folder


def test_builtin_gazetteer_has_at_least_500_entries_of_every_type(ruleset: RuleSet) -> None:
    entities = ruleset.resources["gazetteer"]
    assert len(entities) >= 500
    assert {e.type for e in entities} == set(EntityType)


def test_builtin_entries_record_gender_and_name_order(ruleset: RuleSet) -> None:
    index = index_for(ruleset.resources)
    assert index is not None
    (hua,) = {f.entity for f in index.lookup("Hua Chunying")}
    assert (hua.gender, hua.order, hua.second_reference, hua.given_names) == (Gender.FEMALE, NameOrder.FAMILY_FIRST, "Hua", ("Chunying",))
    assert hua.pack == "gazetteer-people"
    (phuc,) = {f.entity for f in index.lookup("Nguyen Xuan Phuc")}
    assert (phuc.second_reference, phuc.given_names) == ("Phuc", ("Xuan",))


def test_lookup_ignores_case_diacritics_spacing_and_hyphens(ruleset: RuleSet) -> None:
    index = index_for(ruleset.resources)
    assert index is not None
    for written in ("KIM JONG UN", "Kim Jong-un", "Recep Tayyip Erdogan", "Hua\u00a0Chunying"):
        assert index.lookup(written), written
    assert index.is_known_word("Chunying") and not index.is_known_word("Chuning")


def test_a_pack_with_only_a_gazetteer_section_extends_the_builtin_one(tmp_path: Path) -> None:
    folder = _user_pack(tmp_path, "  - {name: Zorana Mihajlovic, type: person, gender: female, role: Serbian minister}\n")
    ruleset = load_ruleset([folder])
    index = index_for(ruleset.resources)
    assert index is not None and index.lookup("Zorana Mihajlovic")
    assert index.lookup("Hua Chunying")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{name: A B, type: persn}", "'type' must be one of person, place, organisation"),
        ("{name: A B, type: person, colour: red}", "unknown key 'colour'"),
        ("{type: person}", "missing 'name'"),
        ("{name: Lagos, type: place, gender: female}", "apply to people only"),
        ("{name: Hua Chunying, type: person, short: Wang}", "'short' must be written as in the name"),
        ("{name: Hua Chunying, type: person, misspellings: [HUA CHUNYING]}", "also an accepted form"),
    ],
)
def test_bad_gazetteer_entries_fail_with_the_entry_line(tmp_path: Path, entry: str, message: str) -> None:
    folder = _user_pack(tmp_path, f"  - {{name: Fine Name, type: person}}\n  - {entry}\n")
    with pytest.raises(PackError) as raised:
        load_ruleset([folder])
    assert raised.value.line == 4
    assert message in raised.value.message
