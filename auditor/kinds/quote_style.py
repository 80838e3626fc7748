"""`quote-style`: quotation marks of two styles in one text, and quotations in single quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Choice, Rule, check_message_template
from auditor.kinds.helpers.lines import blocks
from auditor.model import Edit, Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


class QuoteCheck(Choice):
    """What a quote-style rule looks for."""

    MIXED = "mixed"  # straight and curly marks of one family in the same text
    SINGLE_QUOTED = "single-quoted"  # a quotation in single quotes outside any double quotes


_DOUBLE_RE = re.compile("[\"“”]")
_APOSTROPHE_RE = re.compile("(?<=\\w)['’](?=\\w)")
# An opening single quote before a capital, the quoted words (apostrophes inside words are
# allowed), and a closing single quote that is not itself an apostrophe.
_SINGLE_QUOTED_RE = re.compile("(?<![\\w'’])([‘'])(?=[A-Z])((?:[^‘’'\"“”\\n]|['’](?=\\w))*?[^\\s‘’'])(['’])(?!\\w)")
_OPENING_CONTEXT = frozenset(" \t\n\r([{\u00a0—–-")


@dataclass(frozen=True, kw_only=True)
class QuoteStyle(Rule):
    """Flag inconsistent quotation marks.

    `mixed`: when a text uses both straight and curly double quotes (or straight and curly
    apostrophes), each mark of the rarer style is flagged and converted to the dominant one.
    `single-quoted`: a quotation of at least `min_words` words in single quotes that is not
    nested in double quotes, converted to double quotes of the text's style.
    Message names: `match`, `replacement`, `dominant`, `count`.
    """

    check_for: QuoteCheck
    min_words: int = 3

    def __post_init__(self) -> None:
        check_message_template(self.message)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        if self.check_for is QuoteCheck.MIXED:
            yield from self._mixed(document.text, _DOUBLE_RE, '"')
            yield from self._mixed(document.text, _APOSTROPHE_RE, "'")
        else:
            yield from self._single_quoted(document)

    def _mixed(self, text: str, pattern: re.Pattern[str], straight: str) -> Iterator[Finding]:
        positions = [m.start() for m in pattern.finditer(text)]
        straight_marks = [p for p in positions if text[p] == straight]
        curly_marks = [p for p in positions if text[p] != straight]
        if not straight_marks or not curly_marks:
            return
        # Curly is the typographer's choice, so it wins a tie.
        to_curly = len(curly_marks) >= len(straight_marks)
        rare = straight_marks if to_curly else curly_marks
        dominant = "curly" if to_curly else "straight"
        for position in rare:
            mark = text[position]
            replacement = _curl(text, position, mark) if to_curly else straight
            yield self.finding(
                Span(position, position + 1), replacement, match=mark, replacement=replacement, dominant=dominant, count=len(rare)
            )

    def _single_quoted(self, document: "Document") -> Iterator[Finding]:
        text = document.text
        curly = any(text[m.start()] != '"' for m in _DOUBLE_RE.finditer(text))
        opening, closing = ("“", "”") if curly else ('"', '"')
        for paragraph in blocks(document):
            for match in _SINGLE_QUOTED_RE.finditer(text, paragraph.start, paragraph.end):
                if len(match.group(2).split()) < self.min_words:
                    continue
                # Inside a double-quoted passage, single quotes are the correct nested style.
                if len(_DOUBLE_RE.findall(text, paragraph.start, match.start())) % 2:
                    continue
                edits = (Edit(Span(match.start(1), match.end(1)), opening), Edit(Span(match.start(3), match.end(3)), closing))
                yield self.finding(
                    Span(match.start(), match.end()),
                    edits=edits,
                    suggestions=(opening + match.group(2) + closing,),
                    match=match.group(),
                )


def _curl(text: str, position: int, mark: str) -> str:
    opens = position == 0 or text[position - 1] in _OPENING_CONTEXT
    if mark == '"':
        return "“" if opens else "”"
    return "‘" if opens else "’"
