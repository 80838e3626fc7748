"""`balance`: quotation marks and brackets that do not pair up within a paragraph."""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Choice, Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.lines import blocks
from auditor.kinds.helpers.patterns import compile_exceptions
from auditor.model import Edit, Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


class Report(Choice):
    """Which unpaired marks a rule reports."""

    STRAY = "stray"  # an unpaired mark with white space on both sides: debris, safe to delete
    UNBALANCED = "unbalanced"  # any other unpaired mark: something is missing, no fix


@dataclass(frozen=True, kw_only=True)
class Balance(Rule):
    """Flag marks of `pairs` (opening -> closing; one mark for straight quotes) left unpaired in a paragraph.

    A paragraph ends at a blank line, or at a line break after a sentence's end.
    Marks inside matches of `ignore` (list markers "1)", emoticons) are not counted. A
    quotation that runs on into the next paragraph (news convention: the next paragraph
    reopens it) is not unbalanced. Message names: `match`, `count`.
    """

    pairs: dict[str, str]
    report: Report = Report.UNBALANCED
    ignore: tuple[str, ...] = ()
    _marks: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _closers: dict[str, str] = field(init=False, repr=False, compare=False)
    _ignore: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.pairs:
            raise RuleDataError("pairs", "'pairs' must not be empty")
        if any(len(mark) != 1 for item in self.pairs.items() for mark in item):
            raise RuleDataError("pairs", "each opening and closing mark must be one character")
        characters = "".join(sorted({mark for item in self.pairs.items() for mark in item}))
        object.__setattr__(self, "_marks", re.compile(f"[{re.escape(characters)}]"))
        object.__setattr__(self, "_closers", {close: open_ for open_, close in self.pairs.items()})
        object.__setattr__(self, "_ignore", compile_exceptions(self.ignore, key="ignore"))

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        paragraphs = blocks(document)
        unpaired = []
        for number, paragraph in enumerate(paragraphs):
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            opens_next = text[following.start : following.end].lstrip()[:1] if following is not None else ""
            marks = self._counted_marks(text, paragraph)
            counts = Counter(text[p] for p in marks)
            for position, state in self._unpaired(text, marks, paragraph):
                if state is _State.LEFT_OPEN and text[position] == opens_next:
                    continue
                closes_nothing = state is _State.UNMATCHED and self._closes_nothing(text, position, paragraph, paragraphs[number - 1] if number else None)
                unpaired.append((paragraph, position, state, closes_nothing, counts[text[position]]))
        # One closing mark that closes nothing is debris; several in a text are quotations
        # whose opening marks were lost, and deleting the closers would not mend them.
        lone = sum(item[3] for item in unpaired) == 1
        for paragraph, position, state, closes_nothing, count in unpaired:
            if closes_nothing and lone:
                state = _State.STRAY
            if (state is _State.STRAY) != (self.report is Report.STRAY):
                continue
            span = Span(position, position + 1)
            if state is _State.STRAY:
                start = position
                while start > paragraph.start and text[start - 1] in " \t":
                    start -= 1
                yield self.finding(span, edits=(Edit(Span(start, position + 1), ""),), match=text[position], count=count)
            else:
                yield self.finding(span, match=text[position], count=count)

    def _closes_nothing(self, text: str, position: int, paragraph: Span, previous: Span | None) -> bool:
        """Whether a closing mark after a sentence's end ('rose.” The') closes no quotation that
        the paragraph before left open for it to close."""
        if not (_after_sentence_end(text, position, paragraph) and _closes(text, position, paragraph)):
            return False
        opener = self._closers[text[position]]
        before = text[previous.start : previous.end] if previous is not None else ""
        return before.count(opener) <= before.count(text[position])

    def _counted_marks(self, text: str, paragraph: Span) -> list[int]:
        positions = [m.start() for m in self._marks.finditer(text, paragraph.start, paragraph.end)]
        if self._ignore is None or not positions:
            return positions
        ignored = {i for m in self._ignore.finditer(text, paragraph.start, paragraph.end) for i in range(m.start(), m.end())}
        return [p for p in positions if p not in ignored]

    def _unpaired(self, text: str, marks: list[int], paragraph: Span) -> Iterator[tuple[int, "_State"]]:
        """Yield (position, state) for each mark without a partner."""
        symmetric: dict[str, list[int]] = {}
        stack: list[int] = []
        for position in marks:
            mark = text[position]
            if self.pairs.get(mark) == mark:
                symmetric.setdefault(mark, []).append(position)
            elif mark in self.pairs:
                stack.append(position)
            elif stack and self.pairs[text[stack[-1]]] == mark:
                stack.pop()
            else:
                yield position, _State.STRAY if _isolated(text, position, paragraph) else _State.UNMATCHED
        for position in stack:
            yield position, _State.STRAY if _isolated(text, position, paragraph) else _State.LEFT_OPEN
        for positions in symmetric.values():
            if len(positions) % 2:
                yield _odd_one_out(text, positions, paragraph, min(stack, default=paragraph.end))


class _State(enum.Enum):
    STRAY = "stray"  # can neither open nor close a quotation or aside
    UNMATCHED = "unmatched"  # closes what was never opened
    LEFT_OPEN = "left open"  # opened and not closed by the paragraph's end


def _odd_one_out(text: str, positions: list[int], paragraph: Span, left_open: int) -> tuple[int, _State]:
    # Reading straight quotes in turn, each even one should open a quotation. One that stands
    # before white space or the paragraph's end cannot, so it is the extra one, when it also
    # stands alone ('information." "') or the quote before it closed a quotation properly
    # ('"Yes," he said."'), or closes a sentence while no quotation is open ('was fair." The').
    # Otherwise the last one is reported: the quotation may run on.
    for index, position in enumerate(positions):
        if index % 2 or not (position + 1 >= paragraph.end or text[position + 1].isspace()):
            continue
        closed_before = index > 0 and _closes(text, positions[index - 1], paragraph)
        # A quotation another mark opened ('“fair." The') may be what this one closes.
        after_end = index == 0 and position < left_open and _after_sentence_end(text, position, paragraph)
        if closed_before or _isolated(text, position, paragraph) or after_end:
            return position, _State.STRAY
    return positions[-1], _State.LEFT_OPEN


def _after_sentence_end(text: str, position: int, paragraph: Span) -> bool:
    # 'the plan was fair." The council': a quote that should open a quotation but follows the
    # end of a sentence closes one, and none is open.
    return position > paragraph.start and text[position - 1] in ".!?"


def _closes(text: str, position: int, paragraph: Span) -> bool:
    after = text[position + 1] if position + 1 < paragraph.end else " "
    return after.isspace() or after in ",.;:!?)"


def _isolated(text: str, position: int, paragraph: Span) -> bool:
    before = text[position - 1] if position > paragraph.start else " "
    after = text[position + 1] if position + 1 < paragraph.end else " "
    return before.isspace() and after.isspace()
