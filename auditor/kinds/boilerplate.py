"""`boilerplate`: lines that are scraped page furniture (navigation, comment forms, share buttons)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.lines import content_lines, line_removal
from auditor.kinds.helpers.patterns import compile_alternation
from auditor.model import Applicability, Edit, Finding, Severity, Span
from auditor.resources.gazetteer import index_for

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.resources.gazetteer import GazetteerIndex
    from auditor.text.document import Document

_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# No furniture line is longer: paragraphs of the article are passed over without regex work.
_LONGEST_LINE = 600
# Sentence punctuation anywhere but a trailing ellipsis or arrow ("Read more…", "Next »").
_QUOTATION_RE = re.compile(r'["“”«»„]')
_SENTENCE_PUNCTUATION_RE = re.compile(r"[.!?;:,](?![.…]*\s*[»›>→]*\s*$)")


@dataclass(frozen=True, kw_only=True)
class Boilerplate(Rule):
    """Flag whole lines that are page furniture rather than article text; the fix deletes the line.

    A line is furniture when it fully matches one of `patterns` (anywhere in the text, the
    rule's severity), or when it looks like furniture (`guess_severity`): at most `max_words`
    words, no sentence punctuation, and at least `min_share` of its words other than
    `function_words` belong to `vocabulary`; or, written in sentences, at most
    `max_banner_words` words that address the reader or speak as the site (`reader_words`), report no one
    (`reporting_words`) and hold at least
    `min_banner_words` distinct words of `banner_vocabulary` (more than that: "pure"). A guessed line must sit in the run of such lines
    at the start or end of the text, or, in the middle, consist of vocabulary alone and form
    a paragraph of its own; only at the start or end (of a text that is not all furniture)
    may its fix be applied, elsewhere it is display-only. Message names: `match`, `reason`.
    """

    patterns: tuple[str, ...]
    vocabulary: tuple[str, ...]
    function_words: tuple[str, ...] = ()
    max_words: int = 12
    min_share: float = 0.6
    guess_severity: Severity = Severity.WARNING
    banner_vocabulary: tuple[str, ...] = ()
    reader_words: tuple[str, ...] = ()
    reporting_words: tuple[str, ...] = ()
    min_banner_words: int = 2
    max_banner_words: int = 40
    _known: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _vocabulary: frozenset[str] = field(init=False, repr=False, compare=False)
    _function_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _banner: frozenset[str] = field(init=False, repr=False, compare=False)
    _reader: frozenset[str] = field(init=False, repr=False, compare=False)
    _reporting: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not 0 < self.min_share <= 1:
            raise RuleDataError("min_share", "'min_share' must be more than 0 and at most 1")
        object.__setattr__(
            self, "_known", compile_alternation(self.patterns, key="patterns", regex=True, ignorecase=True, whole_words=False)
        )
        object.__setattr__(self, "_vocabulary", frozenset(word.casefold() for word in self.vocabulary))
        object.__setattr__(self, "_function_words", frozenset(word.casefold() for word in self.function_words))
        object.__setattr__(self, "_banner", frozenset(word.casefold() for word in self.banner_vocabulary))
        object.__setattr__(self, "_reader", frozenset(word.casefold() for word in self.reader_words))
        object.__setattr__(self, "_reporting", frozenset(word.casefold() for word in self.reporting_words))
        if self.min_banner_words < 1:
            raise RuleDataError("min_banner_words", "'min_banner_words' must be at least 1")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        lines = content_lines(document)
        spans = [_stripped(text, line) for line in lines]
        names = index_for(context.resources)
        verdicts = [self._judge(text[span.start : span.end], names) for span in spans]
        reasons: dict[int, str] = {}
        deletable: set[int] = set()
        if not all(verdicts):  # a text of furniture lines alone is no page around an article
            for order, where in ((range(len(lines)), "start"), (range(len(lines) - 1, -1, -1), "end")):
                for index in order:
                    verdict = verdicts[index]
                    if verdict is None:
                        break
                    reasons.setdefault(index, f"{verdict[1]}, at the {where} of the text")
                    deletable.add(index)
        paragraphs = set(document.paragraphs)
        for index, verdict in enumerate(verdicts):
            # In mid-text only a known line, or a paragraph made of furniture words alone
            # ("Advertisement"), is reported: a short subhead with one such word is not.
            if verdict is not None and index not in reasons:
                if verdict[0] == "known" or (verdict[0] == "pure" and spans[index] in paragraphs):
                    reasons[index] = verdict[1]
        leading = 0
        while leading in reasons:
            leading += 1
        for index in sorted(reasons):
            known = verdicts[index][0] == "known"  # type: ignore[index]
            # Deleting is safe only for furniture beyond doubt: a known line, or furniture words
            # at the edge of the text. A guessed line between paragraphs may be a subheading:
            # shown, never deleted.
            yield self.finding(
                spans[index],
                edits=(Edit(line_removal(document, lines, index, leading=index < leading), ""),),
                severity=None if known else self.guess_severity,
                applicability=None if known or index in deletable else Applicability.DISPLAY_ONLY,
                match=text[spans[index].start : spans[index].end],
                reason=reasons[index],
            )

    def _judge(self, line: str, names: "GazetteerIndex | None") -> tuple[str, str] | None:
        """Return ("known" | "guess" | "pure", why) when a line looks like furniture, else None.

        A line whose content words are all names of the gazetteer ("Twitter and Facebook",
        "YouTube") is a subheading unless a pattern knows it ("Facebook Twitter WhatsApp").
        """
        if len(line) > _LONGEST_LINE:
            return None
        if self._known.fullmatch(line):
            return "known", "a known page-furniture line"
        # The cheap tests first: most lines are sentences, or longer than furniture.
        if _SENTENCE_PUNCTUATION_RE.search(line):
            return self._banner_verdict(line)
        words = _WORD_RE.findall(line)
        if not words or len(words) > self.max_words:
            return self._banner_verdict(line)
        words = [w.casefold() for w in words]
        content = [w for w in words if w not in self._function_words]
        furniture = [w for w in content if w in self._vocabulary]
        if not furniture or len(furniture) < self.min_share * len(content):
            return self._banner_verdict(line)
        if names is not None and all(names.is_known_word(word) for word in content):
            return None
        why = (
            f"{len(words)} words, no sentence punctuation, {len(furniture)} of {len(content)} content words "
            f"are page-furniture vocabulary ({', '.join(dict.fromkeys(furniture))})"
        )
        return ("pure" if len(furniture) == len(content) else "guess"), why

    def _banner_verdict(self, line: str) -> tuple[str, str] | None:
        """Judge a line written in sentences: a banner speaks to the reader ("you", "your")
        about the site's own business (inbox, cookies, subscription, consent)."""
        if not self._banner or _QUOTATION_RE.search(line):
            return None  # a banner quotes no one
        words = [w.casefold() for w in _WORD_RE.findall(line)]
        if len(words) > self.max_banner_words or not self._reader.intersection(words) or self._reporting.intersection(words):
            return None  # news reports what someone said; a banner speaks for itself
        banner = list(dict.fromkeys(w for w in words if w in self._banner))
        if len(banner) < self.min_banner_words:
            return None
        why = f"a message to the reader about the site ({', '.join(banner)})"
        # A line of three or more such words is a banner wherever it stands as a paragraph.
        return ("pure" if len(banner) > self.min_banner_words else "guess"), why


def _stripped(text: str, line: Span) -> Span:
    start, end = line.start, line.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
