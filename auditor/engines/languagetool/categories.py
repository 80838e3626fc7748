"""LanguageTool's categories as auditor families and severities (data, not logic).

Spelling (`TYPOS`) is off by default: LanguageTool's speller flags every foreign or rare
proper noun, and auditor's own name rules judge names better. A category that is off is
neither requested from the server nor reported, unless the settings enable it by name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryMapping:
    family: str
    severity: str  # "error", "warning" or "info", as auditor's Severity labels
    on_by_default: bool = True


CATEGORIES: dict[str, CategoryMapping] = {
    "TYPOS": CategoryMapping("spelling", "warning", on_by_default=False),
    "GRAMMAR": CategoryMapping("grammar", "error"),
    "CONFUSED_WORDS": CategoryMapping("grammar", "warning"),
    "COLLOCATIONS": CategoryMapping("grammar", "warning"),
    "CASING": CategoryMapping("typography", "warning"),
    "PUNCTUATION": CategoryMapping("typography", "warning"),
    "TYPOGRAPHY": CategoryMapping("typography", "info"),
    "COMPOUNDING": CategoryMapping("typography", "info"),
    "SEMANTICS": CategoryMapping("grammar", "warning"),
    "NONSTANDARD_PHRASES": CategoryMapping("style", "info"),
    "REDUNDANCY": CategoryMapping("style", "info"),
    "REPETITIONS_STYLE": CategoryMapping("style", "info"),
    "STYLE": CategoryMapping("style", "info"),
    "PLAIN_ENGLISH": CategoryMapping("style", "info"),
    "MISC": CategoryMapping("grammar", "warning"),
}

# A category LanguageTool adds later still reports, as the mildest kind of finding.
UNKNOWN_CATEGORY = CategoryMapping("grammar", "info")


def category_mapping(category_id: str) -> CategoryMapping:
    return CATEGORIES.get(category_id, UNKNOWN_CATEGORY)


def default_off_categories() -> tuple[str, ...]:
    return tuple(sorted(name for name, mapping in CATEGORIES.items() if not mapping.on_by_default))
