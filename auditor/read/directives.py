"""Suppression directives: the `auditor-disable` comments of a document, parsed (see `findings.suppress`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.model import Span

if TYPE_CHECKING:
    from auditor.text.document import Document

# A plain-text directive line; `directive` is what `Document.comments` records.
PLAIN_DIRECTIVE_RE = re.compile(
    r"^[ \t]*(?P<directive>#[ \t]+auditor-(?:disable|enable)[^\r\n]*?|<!--[ \t]*auditor-[^\r\n]*?-->)[ \t]*\r?$",
    re.MULTILINE,
)
_BODY_RE = re.compile(r"auditor-(?P<action>disable-next-line|disable|enable)(?:[ \t]+(?P<rules>[^\r\n]*?))?[ \t]*")
_RULES_RE = re.compile(r"[A-Za-z0-9][\w-]*(?:[ \t]*,?[ \t]*[A-Za-z0-9][\w-]*)*,?")


@dataclass(frozen=True)
class Directive:
    """One suppression comment: `action` is None when it starts `auditor-` but does not parse."""

    span: Span
    action: str | None
    selectors: tuple[str, ...]  # empty: every rule


def parse_directives(document: "Document") -> list[Directive]:
    """Return the suppression directives among the document's comments, in text order."""
    directives = []
    for span in document.comments:
        raw = document.original[span.start : span.end]
        body = raw[4:-3] if raw.startswith("<!--") else raw.lstrip("#")
        body = body.strip()
        if not body.startswith("auditor-"):
            continue
        match = _BODY_RE.fullmatch(body)
        rules = (match.group("rules") or "") if match else ""
        if match is None or (rules and not _RULES_RE.fullmatch(rules)):
            directives.append(Directive(span, None, ()))
            continue
        directives.append(Directive(span, match.group("action"), tuple(re.findall(r"[\w-]+", rules))))
    return directives
