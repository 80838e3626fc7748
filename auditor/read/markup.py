"""Turn a decoded file into the `Document` rules read: Markdown and HTML become a prose view.

The prose view has the file's length. Markup, code, front matter and comments become spaces
(line breaks stay), so every offset, line and column still points into the original file.
Two consequences for rules:
- spacing in the view is not the file's spacing: a run of spaces may be a blanked tag or
  emphasis marker. `respect_markup` drops findings that cover only such white space, but a
  spacing rule whose span also takes in a word must confirm in `document.original`;
- an HTML block tag is blanked as a blank line, so HTML paragraphs read as paragraphs, and a
  Markdown document carries its paragraphs (headings, list items, table rows) explicitly.
Entities are decoded in place: the decoded character sits on the `&`, spaces on the rest.

HTML is read with the standard library's `html.parser` rather than lxml: it reports the
position of every tag, text run, entity and comment, which lxml's trees do not keep, and
offsets into the original file are the point of the prose view.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from auditor.model import Span
from auditor.read.bitext import bitext_document, is_bitext
from auditor.read.directives import PLAIN_DIRECTIVE_RE
from auditor.read.inputs import SourceFile
from auditor.text import segment
from auditor.text.document import Document
from auditor.text.source import SourceText

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

def document_for(source: SourceFile) -> Document:
    """Return the Document of a source file: a prose view for Markdown and HTML, a target view for bitext."""
    if is_bitext(source):
        return bitext_document(source)
    suffix = Path(source.path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_document(source.text, source.path)
    if suffix in HTML_SUFFIXES:
        return html_document(source.text, source.path)
    return plain_document(source.text, source.path)


def blank(text: str) -> str:
    """Return `text` with every character but line breaks (`\n`, and `\r` before one) replaced by a space."""
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * (len(line) - 1) + "\r" if line.endswith("\r") else " " * len(line) for line in text.split("\n"))


def _decoded_entity(raw: str) -> str | None:
    """Return what an entity shows, or None when it is not one; an explicit `&nbsp;` reads as a space."""
    decoded = html.unescape(raw)
    if decoded == raw or len(decoded) > len(raw):
        return None
    return decoded.replace("\u00a0", " ")


# --------------------------------------------------------------------------- plain text


def plain_document(text: str, path: str = "<text>") -> Document:
    """Return a plain-text Document: the text itself, with suppression directive lines blanked."""
    comments = tuple(Span(m.start("directive"), m.end("directive")) for m in PLAIN_DIRECTIVE_RE.finditer(text))
    if not comments:
        return Document(text, path)
    view = list(text)
    for span in comments:
        view[span.start : span.end] = " " * (span.end - span.start)
    return Document("".join(view), path, original=text, comments=comments)


# --------------------------------------------------------------------------- HTML


class _HtmlProse(HTMLParser):
    """Copy the visible text of an HTML file into a blank canvas of the same length."""

    # Not shown, or code rather than prose (as Markdown's code spans and blocks).
    HIDDEN = frozenset("script style head title template noscript svg math iframe object canvas code pre kbd samp".split())
    VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
    BLOCK = frozenset(
        """address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption
        figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary
        table tbody td tfoot th thead tr ul""".split()
    )

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.view = list(blank(text))
        self.line_starts = SourceText(text).line_starts
        self.hidden: list[str] = []  # open elements whose content is not shown
        self.comments: list[Span] = []

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag_boundary(tag, self.position(), len(self.get_starttag_text() or ""))
        if tag == "body" and "head" in self.hidden:
            self.hidden.clear()  # an unclosed <head> ends where the body starts
        if tag in self.VOID:
            return
        hides = tag in self.HIDDEN or any(name == "hidden" or (name == "aria-hidden" and value == "true") for name, value in attrs)
        if self.hidden or hides:
            self.hidden.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag_boundary(tag, self.position(), len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self._tag_boundary(tag, self.position(), 0)
        if tag in self.hidden:
            # Tolerate unclosed children: close everything opened since that tag.
            del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]

    def _tag_boundary(self, tag: str, start: int, length: int) -> None:
        if self.hidden:
            return
        if tag in self.BLOCK:
            self.view[start : start + 2] = "\n\n"
        elif tag == "br" and self.text[start + length : start + length + 1] not in ("\n", "\r"):
            self.view[start] = "\n"

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            start = self.position()
            self.view[start : start + len(data)] = self.text[start : start + len(data)]

    def handle_entityref(self, name: str) -> None:
        self._entity("&" + name)

    def handle_charref(self, name: str) -> None:
        self._entity("&#" + name)

    def _entity(self, raw: str) -> None:
        if self.hidden:
            return
        start = self.position()
        if self.text.startswith(";", start + len(raw)):
            raw += ";"
        decoded = _decoded_entity(raw)
        self.view[start : start + len(raw)] = raw if decoded is None else decoded.ljust(len(raw))

    def handle_comment(self, data: str) -> None:
        start = self.position()
        end = start + len(data) + 7
        if self.text.startswith("<!--", start) and self.text.startswith("-->", end - 3):
            self.comments.append(Span(start, end))


def html_view(text: str) -> tuple[str, list[Span]]:
    """Return the prose view of an HTML text and the spans of its comments."""
    parser = _HtmlProse(text)
    parser.feed(text)
    parser.close()
    return "".join(parser.view), parser.comments


def html_document(text: str, path: str = "<text>") -> Document:
    """Return the Document of an HTML file: visible text only, block elements as paragraphs."""
    view, comments = html_view(text)
    return Document(view, path, original=text, comments=tuple(comments))


# --------------------------------------------------------------------------- Markdown

_FRONT_MATTER_RE = re.compile(r"\A(?:---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n(?:[\s\S]*?\r?\n)?\+\+\+)[ \t]*(?:\r?\n|\Z)")
# One container marker at the start of a line: a block quote `>` or a list item's bullet or number.
_CONTAINER_RE = re.compile(r"[ \t]*(?:(?P<quote>>)[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|(?=\r?$)))")
_LONE_CR_RE = re.compile(r"\r(?!\n)")
_ATX_OPEN_RE = re.compile(r"[ \t]*#{1,6}(?:[ \t]+|(?=\r?$))")
_ATX_CLOSE_RE = re.compile(r"(?:[ \t]+#+)?[ \t]*\r?\Z")
_TABLE_PIPE_RE = re.compile(r"(?<!\\)\|")

_DESTINATION = r"""\(\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
_INLINE_RE = re.compile(
    rf"""
    (?P<escape>\\)[!-/:-@\[-`{{-~]
    |(?P<hardbreak>\\)(?=\r?\n)
    |(?P<code>(?<!`)(?P<ticks>`+)(?!`)[\s\S]*?[^`](?P=ticks)(?!`))
    |(?P<comment><!--[\s\S]*?-->)
    |(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.\-]{{1,31}}:[^\s<>]*|[\w.!#$%&'*+/=?^`{{|}}~\-]+@[A-Za-z0-9][A-Za-z0-9.\-]*)>)
    |(?P<tag></?[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][\w.:\-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>)
    |(?P<image>!\[[^\]\n]*\]{_DESTINATION})
    |(?P<link_tail>\]{_DESTINATION})
    |(?P<reference_tail>\]\[[^\]\n]*\])
    |(?P<link_open>\[)(?=[^\[\]]*\](?:{_DESTINATION}|\[[^\]\n]*\]))
    |(?P<shortcut>\[)(?=(?P<label>[^\[\]\n]+)\](?![(\[]))
    |(?P<url>(?:https?://|www\.)[^\s<>()]*(?:\([^\s<>()]*\)[^\s<>()]*)*[^\s<>().,;:!?'"*_~\]])
    |(?P<entity>&(?:\#[0-9]{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});)
    |(?P<emphasis>\*+|_+|~~)
    """,
    re.VERBOSE,
)
_BLANKED_GROUPS = ("code", "comment", "autolink", "tag", "image", "link_tail", "reference_tail", "link_open", "url")


def _normalize_label(label: str) -> str:
    # markdown-it's normalizeReference: collapse white space, fold case.
    return " ".join(label.split()).lower().upper()


class _MarkdownProse:
    """Build the prose view of a Markdown text from markdown-it's block tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.view = list(blank(text))
        self.line_starts = SourceText(text).line_starts
        self.paragraphs: list[Span] = []
        self.comments: list[Span] = []
        self.references: set[str] = set()

    def line_span(self, line: int) -> tuple[int, int]:
        """Return the offsets of a 0-based line without its line break."""
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def build(self) -> None:
        from markdown_it import MarkdownIt

        front = _FRONT_MATTER_RE.match(self.text)
        # Blank the front matter for the parser too, keeping its lines so token maps still fit.
        source = blank(front.group()) + self.text[front.end() :] if front else self.text
        # markdown-it reads a lone carriage return as a line break; offsets count lines at "\n" only.
        source = _LONE_CR_RE.sub(" ", source)
        env: dict[str, object] = {}
        # Inline parsing is skipped: only block maps are used, inline markup is blanked here (twice as fast).
        parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"])
        tokens = parser.parse(source, env)
        self.references = set(env.get("references", {}))  # type: ignore[call-overload]
        quotes = 0
        item_lines: Counter[int] = Counter()
        heading: str | None = None
        in_table = False
        done: set[tuple[int, int]] = set()
        for token in tokens:
            kind = token.type
            if kind in ("blockquote_open", "blockquote_close"):
                quotes += 1 if kind.endswith("open") else -1
            elif kind == "list_item_open" and token.map:
                item_lines[token.map[0]] += 1
            elif kind == "heading_open":
                heading = token.markup
            elif kind == "heading_close":
                heading = None
            elif kind in ("table_open", "table_close"):
                in_table = kind == "table_open"
            elif kind == "html_block" and token.map:
                self.html_block(*token.map)
            elif kind == "inline" and token.map and (token.map[0], token.map[1]) not in done:
                done.add((token.map[0], token.map[1]))
                self.inline_block(token.map[0], token.map[1], quotes, item_lines, atx=heading is not None and heading.startswith("#"), table=in_table)

    def html_block(self, first: int, last: int) -> None:
        start = self.line_starts[first]
        end = self.line_starts[last] if last < len(self.line_starts) else len(self.text)
        view, comments = html_view(self.text[start:end])
        self.view[start:end] = view
        self.comments.extend(span.shifted(start) for span in comments)
        self.paragraphs.extend(span.shifted(start) for span in segment.paragraphs(view))

    def inline_block(self, first: int, last: int, quotes: int, item_lines: Counter[int], *, atx: bool, table: bool) -> None:
        for line in range(first, last):
            start, end = self.line_span(line)
            start = self._skip_containers(start, end, quotes, item_lines[line])
            if atx:
                opening = _ATX_OPEN_RE.match(self.text, start, end)
                start = opening.end() if opening else start
                closing = _ATX_CLOSE_RE.search(self.text, start, end)
                end = closing.start() if closing else end
            self.view[start:end] = self.text[start:end]
            if table:
                for pipe in _TABLE_PIPE_RE.finditer(self.text, start, end):
                    self.view[pipe.start()] = " "
        block_start = self.line_starts[first]
        block_end = self.line_starts[last] if last < len(self.line_starts) else len(self.text)
        self.inline(block_start, block_end)
        view = "".join(self.view[block_start:block_end])
        if view.strip():
            self.paragraphs.append(Span(block_start + len(view) - len(view.lstrip()), block_start + len(view.rstrip())))

    def _skip_containers(self, start: int, end: int, quotes: int, items: int) -> int:
        """Return the offset after a line's block-quote markers and list-item bullet."""
        while quotes or items:
            marker = _CONTAINER_RE.match(self.text, start, end)
            if marker is None:
                break
            if marker.group("quote") and quotes:
                quotes -= 1
            elif not marker.group("quote") and items:
                items -= 1
            else:
                break
            start = marker.end()
        return start

    def inline(self, start: int, end: int) -> None:
        """Blank inline markup (code spans, tags, link syntax, URLs, emphasis) in a block's view."""
        block = "".join(self.view[start:end])
        for match in _INLINE_RE.finditer(block):
            # `lastgroup` names the innermost group for alternatives with nested groups.
            group = "shortcut" if match.group("shortcut") is not None else match.lastgroup
            if group in ("escape", "hardbreak"):
                self.view[start + match.start()] = " "
            elif group in _BLANKED_GROUPS:
                self._blank(start + match.start(), start + match.end())
                if group == "comment":
                    self.comments.append(Span(start + match.start(), start + match.end()))
            elif group == "shortcut":
                label = match.group("label")
                if _normalize_label(label) in self.references:
                    self.view[start + match.start()] = " "
                    self.view[start + match.end() + len(label)] = " "
            elif group == "entity":
                decoded = _decoded_entity(match.group())
                if decoded is not None:
                    self.view[start + match.start() : start + match.end()] = decoded.ljust(len(match.group()))
            elif group == "emphasis" and self._is_delimiter(block, match.start(), match.end()):
                self._blank(start + match.start(), start + match.end())

    @staticmethod
    def _is_delimiter(block: str, start: int, end: int) -> bool:
        # CommonMark's flanking rule, simplified: a run touching a word on one side only.
        before = block[start - 1] if start else " "
        after = block[end] if end < len(block) else " "
        if before.isspace() and after.isspace():
            return False
        return not (before.isalnum() and after.isalnum())

    def _blank(self, start: int, end: int) -> None:
        self.view[start:end] = blank(self.text[start:end])


def markdown_document(text: str, path: str = "<text>") -> Document:
    """Return the Document of a Markdown file: prose only, each block its own paragraph."""
    prose = _MarkdownProse(text)
    prose.build()
    paragraphs = sorted(prose.paragraphs, key=lambda span: span.start)
    return Document("".join(prose.view), path, original=text, paragraphs=paragraphs, comments=tuple(sorted(prose.comments)))
