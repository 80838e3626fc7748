"""Generic rule kinds: code that interprets the data of rule-pack entries.

Each kind lives in its own module and is registered here by the name packs use in
`kind:`. Modules are imported only when a pack names their kind.
"""

from __future__ import annotations

import importlib

from auditor.kinds.base import Rule

KIND_MODULES: dict[str, str] = {
    "substitution": "auditor.kinds.substitution:Substitution",
    "existence": "auditor.kinds.existence:Existence",
    "balance": "auditor.kinds.balance:Balance",
    "decoding": "auditor.kinds.decoding:Decoding",
    "foreign-script": "auditor.kinds.scripts:ForeignScript",
    "lookalike-letters": "auditor.kinds.lookalikes:LookalikeLetters",
    "quote-style": "auditor.kinds.quote_style:QuoteStyle",
    "boilerplate": "auditor.kinds.boilerplate:Boilerplate",
    "repetition": "auditor.kinds.repetition:Repetition",
    "unused-suppression": "auditor.kinds.suppression:UnusedSuppression",
    "readability": "auditor.kinds.readability:Readability",
    "known-name": "auditor.kinds.known_names:KnownName",
    "world-place": "auditor.kinds.world_place:WorldPlace",
    "title-gender": "auditor.kinds.title_gender:TitleGender",
    "given-name-reference": "auditor.kinds.given_name:GivenNameReference",
    "spelling-consistency": "auditor.kinds.consistency:SpellingConsistency",
    "count-discrepancy": "auditor.kinds.counts:CountDiscrepancy",
    "capitalization": "auditor.kinds.capitalization:Capitalization",
    "mangled-term": "auditor.kinds.mangled:MangledTerm",
    "engine-signal": "auditor.kinds.engine_signal:EngineSignal",
    "source-numbers": "auditor.kinds.source_numbers:SourceNumbers",
    "source-names": "auditor.kinds.source_names:SourceNames",
    "source-copied": "auditor.kinds.source_copied:SourceCopied",
    "length-ratio": "auditor.kinds.length_ratio:LengthRatio",
    "carried-tokens": "auditor.kinds.carried_tokens:CarriedTokens",
    "glossary": "auditor.kinds.glossary:Glossary",
    "segment-consistency": "auditor.kinds.segment_consistency:SegmentConsistency",
}


def kind_class(kind: str) -> type[Rule]:
    """Return the rule class for a kind name; raise KeyError for an unknown kind."""
    module_name, _, class_name = KIND_MODULES[kind].partition(":")
    return getattr(importlib.import_module(module_name), class_name)  # type: ignore[no-any-return]
