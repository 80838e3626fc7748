"""`source-copied`: source text left in the translation: the whole segment, or runs of the source's script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.aligned import HAN, target_segments
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

# Letters of the scripts English text does not use: Han, kana, Hangul, Cyrillic, Greek, Arabic, Hebrew, Thai.
_FOREIGN = f"{HAN}\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff\u0370-\u03ff\u0600-\u06ff\u0590-\u05ff\u0e00-\u0e7f"
_FOREIGN_RUN_RE = re.compile(f"[{_FOREIGN}]+")
_LOWER_WORD_RE = re.compile(r"\b[^\W\d_A-Z][^\W\d_]*\b")


@dataclass(frozen=True, kw_only=True)
class SourceCopied(Rule):
    """Flag a target identical to its source (`identical_message`), runs of at least
    `min_letters` letters of a non-Latin script in the target that stand in the source too, and
    (a Latin-script source: Spanish, German...) lower-case target words of at least `min_word`
    letters that stand in the source and that English uses rarely (wordfreq Zipf below
    `max_zipf`): "the gobierno approved". Capitalised words are left alone: names are carried over.

    Message names: `match` (the copied run, word or the whole target), `letters`.
    """

    identical_message: str
    min_letters: int = 1
    min_word: int = 5
    max_zipf: float = 2.0

    def __post_init__(self) -> None:
        check_message_template(self.message)
        check_message_template(self.identical_message)
        if self.min_letters < 1:
            raise RuleDataError("min_letters", "'min_letters' must be at least 1")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        for segment, target in target_segments(document):
            if target.strip() and target.strip() == segment.source.strip() and any(char.isalpha() for char in target):
                yield self.finding(segment.target, template=self.identical_message, match=target)
                continue
            for run in _FOREIGN_RUN_RE.finditer(target):
                if len(run.group()) >= self.min_letters and run.group() in segment.source:
                    span = Span(segment.target.start + run.start(), segment.target.start + run.end())
                    yield self.finding(span, match=run.group(), letters=len(run.group()))
            yield from self._copied_words(segment.target.start, target, segment.source)

    def _copied_words(self, offset: int, target: str, source: str) -> Iterator[Finding]:
        from auditor.resources.wordfreqs import zipf

        source_words = set(_LOWER_WORD_RE.findall(source))
        for word in _LOWER_WORD_RE.finditer(target):
            text = word.group()
            if len(text) >= self.min_word and text in source_words and zipf(text) < self.max_zipf:
                yield self.finding(Span(offset + word.start(), offset + word.end()), match=text, letters=len(text))

