"""`capitalization`: terms whose capitals are set by style: "the coronavirus", "Chinese Communist Party"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.patterns import phrase_trie
from auditor.model import Finding, Span
from auditor.text.names import opens_sentence

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

_PREVIOUS_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-z]+[ \t\u00a0]+$")
_NEXT_LOWER_WORD_RE = re.compile(r"[ \t\u00a0]+[a-z]+(?![\w'’-])")
_WORD_RE = re.compile(r"[^\W\d_]+")
_NEXT_WORD_RE = re.compile(r"[ \t\u00a0]+([^\W\d_]+)")
_PREVIOUS_WORD_RE = re.compile(r"(?<![\w'’-])([^\W\d_]+)[ \t\u00a0]+$")
# The one or two words right before a form, where a country adjective would be.
_LEAD_RE = re.compile(r"(?:(?<![\w.-])([A-Za-z.]+)[ \t\u00a0]+)?(?<![\w.-])([A-Za-z.]+)[ \t\u00a0]+$")
_LOOKBACK = 40


@dataclass(frozen=True, kw_only=True)
class Capitalization(Rule):
    """Flag a term of `forms` written with other capitals than the listed form.

    A form in lower case ("coronavirus") may take an initial capital where a sentence,
    line or quotation opens, or where it is part of a name, next to another capitalised
    word ("the Pandemic Fund"); elsewhere a capital is flagged, and the finding takes in
    the neighbouring lower-case words so that the suggestion reads in context ("the
    coronavirus pandemic"). With `after` set (country adjectives), a form is only checked
    right after one of those words, and the finding covers both ("Chinese Communist Party").
    Headlines in title case are left alone. Message names: `match`, `replacement`, `form`.
    """

    forms: tuple[str, ...]
    after: tuple[str, ...] = ()
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _forms: dict[str, str] = field(init=False, repr=False, compare=False)
    _after: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.forms:
            raise RuleDataError("forms", "'forms' must not be empty")
        pattern = re.compile(rf"(?<![\w-])(?:{phrase_trie(self.forms)})(?![\w])", re.IGNORECASE)
        object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_forms", {_key(form): form for form in self.forms})
        object.__setattr__(self, "_after", {_key(word): word for word in self.after})

    def match_patterns(self) -> tuple[re.Pattern[str], ...]:
        return (self._pattern,)  # every finding starts from a match of it

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        for match in self._pattern.finditer(text):
            matched = match.group()
            form = self._forms[_key(matched)]
            if _same_words(matched, form) or _in_heading(text, match.start()):
                continue
            if self.after:
                lead = self._lead(text, match.start())
                if lead is None:
                    continue
                start, end, canonical = lead
                span = Span(start, match.end())
                replacement = canonical + text[end : match.start()] + _respaced(matched, form)
            else:
                if form[0].islower() and opens_sentence(text, match.start()) and _same_words(matched[1:], form[1:]):
                    continue
                if form[0].islower() and _inside_name(text, match.start(), match.end()):
                    continue
                span, replacement = self._in_context(text, match, _respaced(matched, form))
            yield self.finding(span, replacement, match=text[span.start : span.end], replacement=replacement, form=form)

    def _lead(self, text: str, position: int) -> tuple[int, int, str] | None:
        """Return the span of the word of `after` before `position`, and its listed spelling."""
        lead = _LEAD_RE.search(text, max(0, position - _LOOKBACK), position)
        if lead is None:
            return None
        if lead.group(1) is not None:  # two words: "South Korean"
            listed = self._after.get(_key(lead.group(1) + " " + lead.group(2)))
            if listed is not None:
                return lead.start(1), lead.end(2), listed
        listed = self._after.get(_key(lead.group(2)))
        return None if listed is None else (lead.start(2), lead.end(2), listed)

    def _in_context(self, text: str, match: re.Match[str], replacement: str) -> tuple[Span, str]:
        start, end = match.start(), match.end()
        before = _PREVIOUS_LOWER_WORD_RE.search(text, max(0, start - 30), start)
        after = _NEXT_LOWER_WORD_RE.match(text, end, min(len(text), end + 30))
        if before is not None:
            replacement = text[before.start() : start] + replacement
            start = before.start()
        if after is not None:
            replacement += after.group()
            end = after.end()
        return Span(start, end), replacement


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _same_words(written: str, form: str) -> bool:
    return written.split() == form.split()


def _respaced(written: str, form: str) -> str:
    """Return `form` keeping the white space the writer used between its words."""
    gaps = re.findall(r"\s+", written)
    words = form.split()
    if len(gaps) != len(words) - 1:
        return form
    return "".join(word + gap for word, gap in zip(words, gaps + [""]))


def _inside_name(text: str, start: int, end: int) -> bool:
    """Return whether a capitalised word beside the match makes it part of a name ("the Pandemic Fund")."""
    after = _NEXT_WORD_RE.match(text, end, min(len(text), end + 40))
    if after is not None and after.group(1)[0].isupper():
        return True
    before = _PREVIOUS_WORD_RE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1)[0].isupper() and not opens_sentence(text, before.start(1))


def _in_heading(text: str, position: int) -> bool:
    """Return whether `position` sits in a title-case headline (most long words capitalised)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : len(text) if end < 0 else end].strip()
    if not line or line[-1] in ".!?\"”’:;," or len(line) > 200:
        return False
    long_words = [word for word in _WORD_RE.findall(line) if len(word) > 3]
    return len(long_words) >= 2 and sum(word[0].isupper() for word in long_words) >= 0.6 * len(long_words)
