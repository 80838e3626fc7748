"""Rule selectors: `ALL`, a rule id, an id prefix (`MT`, `MT0`), a rule name or a family.

Config (`select`, `ignore`, per-file ignores, `fixable`), suppression comments and `auditor
fix --select` all pick rules this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from auditor.model import Finding

ALL = "ALL"


class RuleIdentity(Protocol):
    """What a selector looks at in a rule."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def family(self) -> str: ...


def selector_matches(selector: str, rule_id: str, name: str = "", family: str = "") -> bool:
    """Return whether a selector picks a rule: `ALL`, its id, an id prefix, its name or its family."""
    if selector == ALL or selector in (rule_id, name, family):
        return True
    # "MT" and "MT0" select by code prefix (Ruff's "E" selects E501); names never match by prefix.
    return bool(_CODE_PREFIX_RE.fullmatch(selector)) and rule_id.startswith(selector)


_CODE_PREFIX_RE = re.compile(r"[A-Z]+[0-9]*")


def identity_of(item: RuleIdentity | Finding) -> tuple[str, str, str]:
    """Return the (id, name, family) that selectors match, of a rule or of the rule of a finding."""
    if isinstance(item, Finding):
        return item.rule_id, item.rule_name, item.family
    return item.id, item.name, item.family


def matches_any(selectors: Iterable[str], item: RuleIdentity | Finding) -> bool:
    """Return whether any of the selectors picks the rule (or the rule of a finding)."""
    identity = identity_of(item)
    return any(selector_matches(selector, *identity) for selector in selectors)
