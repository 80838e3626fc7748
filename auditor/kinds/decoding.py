"""`decoding`: text that a broken pipeline left encoded: mojibake ("â€™") and HTML entities ("&amp;")."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Choice, Rule, check_message_template
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document


class Decoder(Choice):
    """What kind of leftover encoding a rule looks for."""

    MOJIBAKE = "mojibake"
    HTML_ENTITIES = "html-entities"


# A lead byte of a two- or three-byte UTF-8 sequence read as Windows-1252/Latin-1, followed by a
# continuation byte read the same way: the signature of UTF-8 decoded with the wrong codec. The
# candidate is the whole run of non-space characters around it; the signature comes first in the
# pattern so that the engine can skip quickly to it.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]\\S*"
)
_WORD_START_RE = re.compile(r"\S*$")
_LONGEST_WORD = 40
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Decoded entities that would only trade one invisible problem for another.
_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " "})


def _fix_mojibake(candidate: str) -> str:
    import ftfy

    return ftfy.fix_encoding(candidate)


def _unescape(candidate: str) -> str:
    return html.unescape(candidate).translate(_PLAIN_SPACES)


# decoder -> (candidate pattern, decoding, whether the candidate extends back to its word's start)
_DECODERS: dict[Decoder, tuple[re.Pattern[str], Callable[[str], str], bool]] = {
    Decoder.MOJIBAKE: (_MOJIBAKE_RE, _fix_mojibake, True),
    Decoder.HTML_ENTITIES: (_ENTITY_RE, _unescape, False),
}


@dataclass(frozen=True, kw_only=True)
class Decoding(Rule):
    """Flag text that decodes to something else and propose the decoded text.

    `mojibake` repairs UTF-8 read with the wrong codec (ftfy, only where it is confident);
    `html-entities` unescapes entities such as `&amp;` and `&#8217;`. A candidate that
    decodes to itself is not reported. Message names: `match`, `replacement`.
    """

    decoder: Decoder

    def __post_init__(self) -> None:
        check_message_template(self.message)

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        pattern, decode, whole_word = _DECODERS[self.decoder]
        for match in pattern.finditer(text):
            start = match.start()
            if whole_word:
                start = _WORD_START_RE.search(text, max(0, start - _LONGEST_WORD), start).start()  # type: ignore[union-attr]
            candidate = text[start : match.end()]
            decoded = decode(candidate)
            if decoded != candidate:
                yield self.finding(Span(start, match.end()), decoded, match=candidate, replacement=decoded)
