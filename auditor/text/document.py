"""The segmented view of one text that every rule kind reads."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from auditor.model import Span
from auditor.text import segment
from auditor.text.source import SourceText

if TYPE_CHECKING:
    from auditor.text.aligned import Alignment
    from auditor.text.names import NameSpan
    from auditor.text.readability import Segment


class Document:
    """One audited text: its path, source offsets and lazily computed segments.

    `text` is what rules read. For Markdown and HTML it is the original with markup and
    code blanked out (same length, so every offset still points into the original file);
    `original` is always the file's decoded text. A translation read with its source
    (`read.bitext`) carries `alignment`: each segment's source text and target span.
    """

    __slots__ = ("path", "text", "original", "source", "comments", "alignment", "_given", "__dict__")

    def __init__(
        self,
        text: str,
        path: str = "<text>",
        original: str | None = None,
        *,
        paragraphs: list[Span] | None = None,
        comments: tuple[Span, ...] = (),
        alignment: "Alignment | None" = None,
    ) -> None:
        self.path = path
        self.text = text
        self.original = text if original is None else original
        if len(self.original) != len(self.text):
            raise ValueError("the prose view must have the same length as the original text")
        self.source = SourceText(self.original)
        # Markup knows its blocks (a Markdown heading directly above its paragraph) and its
        # comments (where suppression directives live); plain text leaves both to the defaults.
        self.comments = comments
        self.alignment = alignment
        if paragraphs is not None:
            self.__dict__["paragraphs"] = paragraphs
        self._given = frozenset(self.__dict__)

    def release(self) -> None:
        """Drop the lazily computed segments and caches; they are recomputed if asked for again.

        A batch run calls this once a document is checked, so memory stays flat however
        many files the run holds (the words of 10 MB of text alone take hundreds of MiB).
        """
        for key in [k for k in self.__dict__ if k not in self._given]:
            del self.__dict__[key]

    @cached_property
    def paragraphs(self) -> list[Span]:
        return segment.paragraphs(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        return [s for p in self.paragraphs for s in segment.sentences(self.text, p)]

    @cached_property
    def word_columns(self) -> segment.WordColumns:
        """The words as parallel lists of starts, ends and texts: cheaper than one Span per word."""
        return segment.word_columns(self.text)

    @cached_property
    def words(self) -> list[Span]:
        columns = self.word_columns
        return [Span(start, end) for start, end in zip(columns.starts, columns.ends)]

    @cached_property
    def names(self) -> list["NameSpan"]:
        """Name-like runs of capitalised words, shared by every kind that reads names."""
        from auditor.text.names import name_spans

        return name_spans(self.text)

    @cached_property
    def readability(self) -> "Segment":
        """Readability counts of the text, each paragraph and each sentence, taken once."""
        from auditor.text.readability import analyse

        return analyse(self.text, self.paragraphs, self.sentences)

    @cached_property
    def lines(self) -> list[Span]:
        """Every line as a span without its line ending."""
        text = self.text
        spans = []
        starts = self.source.line_starts
        for index, start in enumerate(starts):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
            if end > start and text[end - 1] == "\r":
                end -= 1
            spans.append(Span(start, end))
        return spans

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]
