"""`foreign-script`: runs of another writing system in English text, usually text left untranslated."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

# Code points outside the Latin, punctuation and symbol blocks: Greek, Cyrillic, Armenian,
# Hebrew, Arabic, the Indic and South-East Asian scripts, Georgian, Hangul, kana, CJK...
_OTHER = (
    "\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u0590-\u05ff\u0600-\u06ff\u0700-\u08ff\u0900-\u0dff"
    "\u0e00-\u0fff\u1000-\u109f\u10a0-\u10ff\u1100-\u11ff\u1200-\u139f\u1780-\u18af"
    "\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufeff\U00020000-\U0003134f"
)
# One run: characters of those blocks, possibly separated by spaces and the punctuation used
# inside such text, so that a sentence of Arabic is one finding, not one per word.
_RUN_RE = re.compile(f"[{_OTHER}]+(?:[\\s\u3000-\u303f\u060c\u061b\u061f\u066a-\u066d.,:;!?'\"()\\-]*[{_OTHER}]+)*")


@dataclass(frozen=True, kw_only=True)
class ForeignScript(Rule):
    """Flag runs of at least `min_letters` letters of a non-Latin script.

    A run inside brackets right after a name ("Xi Jinping (习近平)") is a gloss, not an
    untranslated passage, and is skipped when `skip_glosses` is set. Message names: `match`,
    `script` (the Unicode script of the run's first letter), `letters`.
    """

    min_letters: int = 2
    skip_glosses: bool = True

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if self.min_letters < 1:
            raise RuleDataError("min_letters", "'min_letters' must be at least 1")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        for match in _RUN_RE.finditer(text):
            run = match.group()
            letters = [char for char in run if char.isalpha()]
            if len(letters) < self.min_letters:
                continue
            if self.skip_glosses and _bracketed(text, match.start(), match.end()):
                continue
            script = unicodedata.name(letters[0], "UNKNOWN").split()[0].title()
            yield self.finding(Span(match.start(), match.end()), match=run, script=script, letters=len(letters))


def _bracketed(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()[-1:]
    after = text[end : end + 3].lstrip()[:1]
    return before in ("(", "（", "[") and after in (")", "）", "]")
