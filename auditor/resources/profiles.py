"""Readability profiles: the targets of an audience, from the packs' `profiles` section."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from auditor.model import RuleDataError

if TYPE_CHECKING:
    from auditor.context import CheckContext

DEFAULT_PROFILE = "general-news"


class UnknownProfile(ValueError):
    """A profile name that no loaded pack defines."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Readability targets for one audience (a pack's `profiles` section)."""

    name: str
    max_grade: float  # consensus grade of the whole text
    max_sentence_words: int  # longer sentences are hard
    very_hard_sentence_words: int  # longer sentences are very hard
    max_paragraph_words: int
    max_paragraph_sentences: int
    description: str = ""

    def targets(self) -> dict[str, float]:
        """Return the numeric targets by name."""
        return {name: getattr(self, name) for name in TARGET_NAMES}


TARGET_NAMES = tuple(f.name for f in fields(Profile) if f.name not in ("name", "description"))
_GRADE_TARGETS = frozenset({"max_grade"})  # the only targets that may have decimals


def parse_profiles(entries: Any, pack: str) -> Iterator[Profile]:
    """Turn a pack's `profiles` section into Profiles, raising RuleDataError for a bad entry."""
    if not isinstance(entries, list):
        raise RuleDataError("profiles", "'profiles' must be a list of mappings")
    marks = getattr(entries, "item_marks", [None] * len(entries))
    for entry, mark in zip(entries, marks):
        try:
            yield _parse_profile(entry)
        except RuleDataError as error:
            error.mark = mark  # type: ignore[attr-defined]
            raise


def _parse_profile(entry: Any) -> Profile:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise RuleDataError("profiles", "each profile must be a mapping with a 'name'")
    where = f"profile {entry['name']!r}"
    allowed = [f.name for f in fields(Profile)]
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise RuleDataError("profiles", f"unknown key '{unknown[0]}' in {where} (allowed: {', '.join(allowed)})")
    missing = [name for name in TARGET_NAMES if name not in entry]
    if missing:
        raise RuleDataError("profiles", f"{where} is missing '{missing[0]}'")
    for name in TARGET_NAMES:
        value = entry[name]
        whole = name not in _GRADE_TARGETS
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value <= 0:
            kind = "a positive integer" if whole else "a positive number"
            raise RuleDataError("profiles", f"'{name}' in {where} must be {kind}, got {value!r}")
    if entry["very_hard_sentence_words"] <= entry["max_sentence_words"]:
        raise RuleDataError("profiles", f"{where}: 'very_hard_sentence_words' must exceed 'max_sentence_words'")
    if not isinstance(entry.get("description", ""), str):
        raise RuleDataError("profiles", f"'description' in {where} must be a string")
    values: dict[str, Any] = {key: (float(value) if key in _GRADE_TARGETS else value) for key, value in entry.items()}
    return Profile(**values)


def profile_named(profiles: Sequence[Profile], name: str | None) -> Profile | None:
    """Return the profile called `name` (default general-news); None when no pack defines profiles.

    The last definition wins, so a user pack may redefine a built-in profile's targets.
    """
    if not profiles and not name:
        return None
    wanted = name or DEFAULT_PROFILE
    for profile in reversed(profiles):
        if profile.name == wanted:
            return profile
    known = ", ".join(sorted({p.name for p in profiles})) or "none"
    raise UnknownProfile(f"unknown readability profile {wanted!r} (known: {known})")


def profile_for(context: "CheckContext") -> Profile | None:
    """Return the profile a run asks for in `context.options["profile"]`."""
    return profile_named(context.resources.get("profiles", ()), context.options.get("profile"))
