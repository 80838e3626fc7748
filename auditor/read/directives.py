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
# Words of the rule list: a comma, or a run of anything else; each word is matched on its own,
# so no pattern here can backtrack over the whole comment.
_WORD_RE = re.compile(r",|[^\s,]+")
_SELECTOR_RE = re.compile(r"[A-Za-z0-9][\w-]*")
_CODE_RE = re.compile(r"ALL|[A-Z]+[0-9]*")
REASON_SEPARATOR = "--"


@dataclass(frozen=True)
class Directive:
    """One suppression comment: `action` is None when it starts `auditor-` but does not parse."""

    span: Span
    action: str | None
    selectors: tuple[str, ...]  # empty: every rule


def split_rules(rules: str, vocabulary: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """Return the selectors that head a directive's rule list; the words after them are its reason.

    A word is a selector when it is a code or code prefix (`TY001`, `TY`), a name or family in
    `vocabulary`, the word after a comma, or the only word; the first other word, or `--`,
    starts the reason. None: the list starts with something that cannot be a selector.
    """
    words = _WORD_RE.findall(rules)
    selectors: list[str] = []
    after_comma = False
    for word in words:
        if word == ",":
            after_comma = True
            continue
        if word == REASON_SEPARATOR or not _SELECTOR_RE.fullmatch(word):
            break
        if not (_CODE_RE.fullmatch(word) or word in vocabulary or after_comma or words == [word]):
            break
        selectors.append(word)
        after_comma = False
    if not selectors and words and words[0] != REASON_SEPARATOR and not _SELECTOR_RE.match(words[0]):
        return None
    return tuple(selectors)


def parse_directives(document: "Document", vocabulary: frozenset[str] = frozenset()) -> list[Directive]:
    """Return the suppression directives among the document's comments, in text order.

    `vocabulary` holds the rule names and families that may stand in a rule list (`split_rules`).
    """
    directives = []
    for span in document.comments:
        raw = document.original[span.start : span.end]
        body = raw[4:-3] if raw.startswith("<!--") else raw.lstrip("#")
        body = body.strip()
        if not body.startswith("auditor-"):
            continue
        match = _BODY_RE.fullmatch(body)
        selectors = split_rules(match.group("rules") or "", vocabulary) if match else None
        if match is None or selectors is None:
            directives.append(Directive(span, None, ()))
            continue
        directives.append(Directive(span, match.group("action"), selectors))
    return directives
