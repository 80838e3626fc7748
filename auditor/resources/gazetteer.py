"""The gazetteer: people, places and organisations that recur in the news, and fast lookup.

A pack's `gazetteer` section lists entities; every pack's entries are concatenated (users add
theirs with `--rules DIR`). `index_for` builds, once per rule set, an index with exact lookup
of every accepted form (case, diacritics and spacing ignored) and blocked candidate sets for
fuzzy matching: only forms with the same first letter and a compact length within the edit
budget are ever compared with a name-like span.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.model import RuleDataError
from auditor.text.names import compact, fold

RESOURCE = "gazetteer"


class EntityType(enum.Enum):
    """What an entry names."""

    PERSON = "person"
    PLACE = "place"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return self.value


class Gender(enum.Enum):
    """A person's gender where it is public, for title agreement."""

    FEMALE = "female"
    MALE = "male"


class NameOrder(enum.Enum):
    """How the canonical form orders a person's names as English news writes them."""

    GIVEN_FIRST = "given-first"
    FAMILY_FIRST = "family-first"


@dataclass(frozen=True, slots=True)
class Entity:
    """One gazetteer entry.

    `variants` are accepted spellings (never flagged); `misspellings` are known wrong forms,
    corrected safely. `short` is how news refers to a person on second reference (by default
    the family name: the first word when `order` is family-first, else the last).
    """

    name: str
    type: EntityType
    variants: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    gender: Gender | None = None
    order: NameOrder = NameOrder.GIVEN_FIRST
    short: str = ""
    role: str = ""
    country: str = ""
    pack: str = ""

    @property
    def second_reference(self) -> str:
        """The short form news uses after the full name has appeared."""
        if self.short:
            return self.short
        words = self.name.split()
        return words[0] if self.order is NameOrder.FAMILY_FIRST else words[-1]

    @property
    def given_names(self) -> tuple[str, ...]:
        """For a family-name-first person, the words of the name other than the family name and short form."""
        if self.order is not NameOrder.FAMILY_FIRST:
            return ()
        words = self.name.split()
        return tuple(w for w in words[1:] if w not in self.second_reference.split())


_FIELDS = {"name", "type", "variants", "misspellings", "gender", "order", "short", "role", "country"}


def parse_entries(entries: Any, pack: str) -> Iterator[Entity]:
    """Turn the entries of a pack's `gazetteer` section into entities; raise RuleDataError on bad data."""
    if not isinstance(entries, list):
        raise RuleDataError(None, "'gazetteer' must be a list of entries")
    marks = getattr(entries, "item_marks", [None] * len(entries))
    for entry, mark in zip(entries, marks):
        try:
            yield _parse_entry(entry, pack)
        except RuleDataError as error:
            error.mark = mark  # type: ignore[attr-defined]
            raise


def _parse_entry(entry: Any, pack: str) -> Entity:
    if not isinstance(entry, dict):
        raise RuleDataError(None, "each gazetteer entry must be a mapping with 'name' and 'type'")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise RuleDataError(None, f"unknown key '{unknown[0]}' in gazetteer entry (allowed: {', '.join(sorted(_FIELDS))})")
    name = _text(entry, "name", required=True)
    entity = Entity(
        name=name,
        type=_choice(EntityType, entry.get("type"), "type", required=True),
        variants=_texts(entry, "variants"),
        misspellings=_texts(entry, "misspellings"),
        gender=_choice(Gender, entry.get("gender"), "gender"),
        order=_choice(NameOrder, entry.get("order"), "order") or NameOrder.GIVEN_FIRST,
        short=_text(entry, "short"),
        role=_text(entry, "role"),
        country=_text(entry, "country"),
        pack=pack,
    )
    if entity.type is not EntityType.PERSON and (entity.gender or "order" in entry or entity.short):
        raise RuleDataError(None, f"{name}: 'gender', 'order' and 'short' apply to people only")
    if entity.short and f" {exact_key(entity.short)} " not in f" {exact_key(name)} ":
        raise RuleDataError(None, f"{name}: 'short' must be written as in the name (one or more of its words)")
    accepted = {fold(form) for form in (name, *entity.variants)}
    clash = next((m for m in entity.misspellings if fold(m) in accepted), None)
    if clash is not None:
        raise RuleDataError(None, f"{name}: misspelling {clash!r} is also an accepted form")
    return entity


def _text(entry: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = entry.get(key)
    if value is None:
        if required:
            raise RuleDataError(None, f"gazetteer entry is missing '{key}'")
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RuleDataError(None, f"'{key}' must be a non-empty string, got {value!r}")
    return " ".join(value.split())


def _texts(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleDataError(None, f"'{key}' must be a list of strings")
    return tuple(" ".join(v.split()) for v in value)


def _choice(enum_type: type[enum.Enum], value: Any, key: str, *, required: bool = False) -> Any:
    if value is None and not required:
        return None
    allowed = [member.value for member in enum_type]
    if value not in allowed:
        raise RuleDataError(None, f"'{key}' must be one of {', '.join(allowed)}, got {value!r}")
    return enum_type(value)


# --------------------------------------------------------------------------- index


def exact_key(text: str) -> str:
    """Return the lookup key of a written name: "Kim Jong Un", "Kim Jong-un" (and "U.S.", "US") share one."""
    return " ".join(fold(text).replace("-", " ").replace(".", "").split())


@dataclass(frozen=True, slots=True)
class Form:
    """One written form of an entity, pre-folded for comparison."""

    text: str
    entity: Entity
    words: tuple[str, ...]  # folded words
    key: str  # compact: letters and digits only
    misspelling: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer form near a written span, with how near it is."""

    form: Form
    distance: int  # edits between the compact forms
    differing: tuple[tuple[str, str], ...]  # (written word, listed word) pairs that differ


@dataclass
class GazetteerIndex:
    """Exact and blocked fuzzy lookup over every form of every entity."""

    entities: Sequence[Entity]
    exact: dict[str, list[Form]] = field(default_factory=dict)
    blocks: dict[tuple[str, int], list[Form]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    max_words: int = 1
    memo: dict[Any, Any] = field(default_factory=dict)  # matches of recurring runs, kept by `mentions`
    by_given_names: dict[str, list[Form]] = field(default_factory=dict)  # "petteri" -> [Petteri Orpo]

    def __post_init__(self) -> None:
        for entity in self.entities:
            if entity.type is EntityType.PERSON and entity.order is NameOrder.GIVEN_FIRST and " " in entity.name:
                form = Form(entity.name, entity, tuple(fold(entity.name).split()), compact(entity.name))
                self.by_given_names.setdefault(" ".join(form.words[:-1]), []).append(form)
            for text in (entity.name, *entity.variants):
                self._add(Form(text, entity, tuple(fold(text).split()), compact(text)))
            for text in entity.misspellings:
                self._add(Form(text, entity, tuple(fold(text).split()), compact(text), misspelling=True))

    def _add(self, form: Form) -> None:
        if not form.key:
            return
        self.exact.setdefault(exact_key(form.text), []).append(form)
        self.max_words = max(self.max_words, len(form.words))
        if not form.misspelling:
            self.blocks.setdefault((form.key[0], len(form.key)), []).append(form)
            self.words.update(form.words)

    def lookup(self, text: str) -> list[Form]:
        """Return the forms written exactly as `text` (case, diacritics, spacing and hyphens aside)."""
        return self.exact.get(exact_key(text), [])

    def is_known_word(self, word: str) -> bool:
        """Return whether `word` is a word of some accepted form ("Chunying", "Xinjiang")."""
        return fold(word) in self.words

    def candidates(self, key: str, budget: int) -> Iterator[Form]:
        """Yield the accepted forms that share the first letter of `key` and lie within `budget` in length."""
        if not key:
            return
        for length in range(len(key) - budget, len(key) + budget + 1):
            yield from self.blocks.get((key[0], length), ())


_INDEXES: dict[int, tuple[list[Entity], GazetteerIndex]] = {}


def index_for(resources: dict[str, Any]) -> GazetteerIndex | None:
    """Return the (cached) index of the rule set's gazetteer, or None when no pack has one."""
    entities = resources.get(RESOURCE)
    if not entities:
        return None
    cached = _INDEXES.get(id(entities))
    if cached is not None and cached[0] is entities:
        return cached[1]
    index = GazetteerIndex(entities)
    if len(_INDEXES) >= 8:  # rule sets are few per process; keep the cache from growing in test runs
        _INDEXES.clear()
    _INDEXES[id(entities)] = (entities, index)
    return index
