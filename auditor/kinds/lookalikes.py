"""`lookalike-letters`: Cyrillic or Greek letters that look Latin, inside otherwise Latin words (homoglyphs)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.model import Edit, Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

_WORD_RE = re.compile(r"[^\W\d_]+")
_LATIN_RE = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, kw_only=True)
class LookalikeLetters(Rule):
    """Flag a word of Latin letters that holds letters of another script from `lookalikes`.

    `lookalikes` maps each look-alike letter (Cyrillic а, Greek ο) to the Latin letter it
    imitates. A word is flagged when it has at least one Latin letter and every other letter
    is a listed look-alike, so a Russian or Greek word (all its own script) is left to the
    untranslated-text rule. The fix writes the Latin letters, one edit per look-alike, so the
    rest of the word is untouched. Message names: `match`, `replacement`, `letters` (the
    look-alikes with their Unicode names).
    """

    lookalikes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        for letter, latin in self.lookalikes.items():
            if len(letter) != 1 or not _LATIN_RE.fullmatch(latin) or _LATIN_RE.match(letter):
                raise RuleDataError("lookalikes", f"'lookalikes' maps one non-Latin letter to one Latin letter, not {letter!r}: {latin!r}")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        if self.lookalikes.keys().isdisjoint(text):
            return  # a flagged word holds a look-alike: one pass in C spares the loop over every word
        for match in _WORD_RE.finditer(text):
            word = match.group()
            if word.isascii() or not _LATIN_RE.search(word):
                continue
            foreign = [(i, ch) for i, ch in enumerate(word) if not _LATIN_RE.match(ch)]
            if not all(ch in self.lookalikes for _, ch in foreign):
                continue
            fixed = "".join(self.lookalikes.get(ch, ch) for ch in word)
            edits = [Edit(Span(match.start() + i, match.start() + i + 1), self.lookalikes[ch]) for i, ch in foreign]
            names = ", ".join(f"{ch} ({unicodedata.name(ch, 'U+%04X' % ord(ch)).lower()})" for _, ch in foreign)
            yield self.finding(Span(match.start(), match.end()), edits=edits, suggestions=(fixed,), match=word, replacement=fixed, letters=names)
