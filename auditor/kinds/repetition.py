"""`repetition`: a line or sentence written twice (a duplicated title, a pasted paragraph).

Repeated words ("the the") are the fluency pack's `repeated-word` substitution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Choice, Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.lines import content_lines, line_removal
from auditor.model import Edit, Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


class Unit(Choice):
    """What is compared for repetition."""

    LINE = "line"  # a line that repeats the previous non-blank line
    SENTENCE = "sentence"  # a sentence that already appeared earlier in the text


_NORMALISE_RE = re.compile(r"[\W_]+")


@dataclass(frozen=True, kw_only=True)
class Repetition(Rule):
    """Flag repeated text; the fix deletes the second copy.

    `line`: a line equal to the previous non-blank line (case, spacing and punctuation
    ignored) with at least `min_words` words.
    `sentence`: a sentence of at least `min_words` words that appeared earlier in the text;
    a repeated whole line is left to the `line` unit. Message names: `match`, `first_line`.
    """

    unit: Unit
    min_words: int = 3

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if self.min_words < 1:
            raise RuleDataError("min_words", "'min_words' must be at least 1")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        if self.unit is Unit.LINE:
            yield from self._lines(document)
        else:
            yield from self._sentences(document)

    def _lines(self, document: "Document") -> Iterator[Finding]:
        text = document.text
        lines = content_lines(document)
        for index in _repeated_lines(text, lines, self.min_words):
                line = lines[index]
                first_line = document.source.position(lines[index - 1].start)[0]
                yield self.finding(
                    line,
                    edits=(Edit(line_removal(document, lines, index), ""),),
                    match=text[line.start : line.end],
                    first_line=first_line,
                )

    def _sentences(self, document: "Document") -> Iterator[Finding]:
        text = document.text
        lines = content_lines(document)
        repeated_lines = {lines[i].start for i in _repeated_lines(text, lines, self.min_words)}
        seen: dict[str, Span] = {}
        for sentence in document.sentences:
            # Exact repetition (case and spacing aside) is what a pasted paragraph leaves.
            words = text[sentence.start : sentence.end].casefold().split()
            if len(words) < self.min_words:
                continue
            first = seen.setdefault(" ".join(words), sentence)
            if first is sentence or _line_start_if_whole(text, sentence) in repeated_lines:
                continue
            start = sentence.start
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            yield self.finding(
                sentence,
                edits=(Edit(Span(start, sentence.end), ""),),
                match=text[sentence.start : sentence.end],
                first_line=document.source.position(first.start)[0],
            )


def _normalise(text: str) -> str:
    return _NORMALISE_RE.sub(" ", text.casefold()).strip()


def _repeated_lines(text: str, lines: list[Span], min_words: int) -> Iterator[int]:
    """Yield the index of each line that repeats the line before it."""
    previous = ""
    for index, line in enumerate(lines):
        written = text[line.start : line.end]
        # Only a line of about the same length can normalise to the same words.
        if index and abs(len(written) - len(previous)) <= max(8, len(previous) // 10):
            current, before = _normalise(written), _normalise(previous)
            if current == before and len(current.split()) >= min_words:
                yield index
        previous = written


def _line_start_if_whole(text: str, sentence: Span) -> int | None:
    """Return where the line of `sentence` starts when the sentence fills the line, else None.

    Only the blanks beside the sentence are read, not its whole line: on a text of one long
    line, reading the line for each sentence would cost the square of the text's length.
    """
    before = sentence.start
    while before > 0 and text[before - 1] != "\n" and text[before - 1].isspace():
        before -= 1
    after = sentence.end
    while after < len(text) and text[after] != "\n" and text[after].isspace():
        after += 1
    if (before > 0 and text[before - 1] != "\n") or (after < len(text) and text[after] != "\n"):
        return None
    return before
