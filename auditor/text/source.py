"""Offset conversions for one decoded text, done in one place.

Findings carry code-point offsets; editors, SARIF and LanguageTool want 1-based
line/column or UTF-16 code units. Deriving them anywhere else invites off-by-one
and astral-plane bugs.
"""

from __future__ import annotations

import bisect
from functools import cached_property


class SourceText:
    """A decoded text with line starts and UTF-16 offsets derived lazily."""

    __slots__ = ("text", "__dict__")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        return starts

    def line_index(self, offset: int) -> int:
        """Return the 0-based line holding `offset` (an offset at a newline belongs to its line)."""
        self._check(offset)
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a code-point offset; columns count code points."""
        line = self.line_index(offset)
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Return the code-point offset of a 1-based (line, column)."""
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """Return the 1-based line's text without its line ending.

        The last line asked for is kept: a reporter asks for the same line once per finding,
        and copying a megabyte-long line for each would cost the square of the text's length.
        """
        kept = self.__dict__.get("_kept_line")
        if kept is not None and kept[0] == line:
            return str(kept[1])
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        text = self.text[start:end].rstrip("\r\n")
        self.__dict__["_kept_line"] = (line, text)
        return text

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    @cached_property
    def _astral_offsets(self) -> list[int]:
        # Code points outside the BMP take two UTF-16 code units; most texts have none.
        return [i for i, ch in enumerate(self.text) if ord(ch) > 0xFFFF]

    def utf16_offset(self, offset: int) -> int:
        """Return the UTF-16 code-unit offset of a code-point offset."""
        self._check(offset)
        return offset + bisect.bisect_left(self._astral_offsets, offset)

    def from_utf16(self, utf16_offset: int) -> int:
        """Return the code-point offset of a UTF-16 code-unit offset."""
        astral = self._astral_offsets
        low, high = 0, len(astral)
        # Find how many astral characters lie before the target, accounting for their extra unit.
        while low < high:
            mid = (low + high) // 2
            if astral[mid] + mid < utf16_offset - 1:
                low = mid + 1
            else:
                high = mid
        return utf16_offset - low

    def utf16_column(self, offset: int) -> int:
        """Return the 1-based column of `offset` counted in UTF-16 code units (SARIF, LSP)."""
        line = self.line_index(offset)
        return self.utf16_offset(offset) - self.utf16_offset(self.line_starts[line]) + 1

    def utf8_column(self, offset: int) -> int:
        """Return the 1-based column of `offset` counted in UTF-8 bytes (reviewdog)."""
        line = self.line_index(offset)
        return len(self.text[self.line_starts[line] : offset].encode("utf-8", "surrogatepass")) + 1

    def _check(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside text of length {len(self.text)}")
