"""Show a proposed correction in its context: `... about the Coruna virus. -> ... about the coronavirus.`

Reporters call `correction_in_context` and either print the `Correction` as is or style its
`old` and `new` parts (the HTML report highlights them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from auditor.fix.apply import splice
from auditor.model import Edit, Finding, Span

CONTEXT_WORDS = 2
MAX_CHANGE = 60  # longer old/new parts are shortened in the middle
ELLIPSIS = "..."
LINE_BREAK = "\u23ce"  # ⏎
_WINDOW = 200

_LEFT_WORDS = re.compile(r"(?:\S+\s+){0,%d}\S*\Z" % CONTEXT_WORDS)
_RIGHT_WORDS = re.compile(r"\A\S*(?:\s+\S+){0,%d}" % CONTEXT_WORDS)


@dataclass(frozen=True)
class Correction:
    """A correction with a little context: `prefix + old + suffix` becomes `prefix + new + suffix`."""

    prefix: str
    old: str
    new: str
    suffix: str

    @property
    def before(self) -> str:
        return self.prefix + self.old + self.suffix

    @property
    def after(self) -> str:
        return self.prefix + self.new + self.suffix

    def __str__(self) -> str:
        return f"{self.before} -> {self.after}"


def proposed_edits(finding: Finding) -> tuple[Edit, ...]:
    """Return the edits a finding proposes: its fix, else its first suggestion over its span."""
    if finding.fix is not None:
        return finding.fix.edits
    if finding.suggestions:
        return (Edit(finding.span, finding.suggestions[0]),)
    return ()


def correction_in_context(text: str, finding: Finding, *, words: int = CONTEXT_WORDS) -> Correction | None:
    """Return the finding's proposed correction with up to `words` words of its line on each side.

    `text` is the document's original text. Invisible characters in the changed part are
    shown (`<U+00A0>`, `⏎`) so that a whitespace fix does not read `a b -> a b`.
    Returns None when the finding proposes nothing.
    """
    edits = proposed_edits(finding)
    if not edits:
        return None
    region = Span(min(e.span.start for e in edits), max(e.span.end for e in edits))
    old = text[region.start : region.end]
    new = splice(old, [Edit(e.span.shifted(-region.start), e.replacement) for e in edits])
    line_start = text.rfind("\n", 0, region.start) + 1
    line_end = _line_end(text, region.end)
    left = text[line_start : region.start]
    right = text[region.end : line_end]
    left_pattern, right_pattern = _patterns(words)
    # Bounded windows keep the regex linear on a pathological line with no spaces.
    shown_left = left_pattern.search(left[-_WINDOW:]).group()  # type: ignore[union-attr]
    shown_right = right_pattern.match(right[:_WINDOW]).group()  # type: ignore[union-attr]
    prefix = (ELLIPSIS + " " if len(shown_left) < len(left.lstrip()) else "") + shown_left
    suffix = shown_right + (" " + ELLIPSIS if len(shown_right) < len(right.rstrip()) else "")
    at_line_end = not right and region.end < len(text)
    if at_line_end:
        # The change reaches the end of its line: mark it, so deleted trailing spaces show.
        suffix = LINE_BREAK
    return Correction(prefix, _visible(old), _visible(new), suffix)


def _patterns(words: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    if words == CONTEXT_WORDS:
        return _LEFT_WORDS, _RIGHT_WORDS
    return re.compile(r"(?:\S+\s+){0,%d}\S*\Z" % words), re.compile(r"\A\S*(?:\s+\S+){0,%d}" % words)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    if end == -1:
        return len(text)
    return end - 1 if end > offset and text[end - 1] == "\r" else end


def _visible(part: str) -> str:
    shown = "".join(_show(character) for character in part.replace("\r\n", "\n"))
    if len(shown) > MAX_CHANGE:
        # A different mark from the context's "...": this one elides changed text.
        half = (MAX_CHANGE - 1) // 2
        shown = shown[:half] + "\u2026" + shown[-half:]
    return shown


def _show(character: str) -> str:
    if character == "\n":
        return LINE_BREAK
    if character == " " or unicodedata.category(character) not in ("Zs", "Zl", "Zp", "Cf", "Cc"):
        return character
    return f"<U+{ord(character):04X}>"
