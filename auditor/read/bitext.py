"""Read translations with their source: an aligned pair of files, TSV/CSV, JSONL, XLIFF 1.2/2.0, TMX.

Each reader returns the file's *target view*: the file with everything but the target text
blanked (same length; line breaks kept), escapes decoded in place (the decoded character on
the escape's first character, spaces on the rest), and the segments with their source text
(`text.aligned`). Offsets into the view are offsets into the file, so reports point at file
lines and `fix` splices the target text of the file itself: an XLIFF file comes back unchanged
but for the fixed target text. A fix over an escape is dropped (view and file differ there),
and so is one that would write a character the format escapes (`Alignment.reserved`).

XML is read with the standard library's expat rather than lxml: expat reports the byte offset
of every tag and text run, which lxml's trees do not keep (the reason `read.markup` reads HTML
with `html.parser`). Expat neither fetches external entities nor expands entity bombs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.parsers import expat

from auditor.model import Span
from auditor.read.inputs import InputError, SourceFile, read_source
from auditor.text import segment
from auditor.text.aligned import AlignedSegment, Alignment
from auditor.text.document import Document

XLIFF_SUFFIXES = frozenset({".xlf", ".xliff"})
TMX_SUFFIXES = frozenset({".tmx"})
TABLE_SUFFIXES = {".tsv": "\t", ".csv": ","}
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SOURCE_FIELDS = ("source", "src")
TARGET_FIELDS = ("target", "tgt", "translation")
_XML_RESERVED = "&<>"
_NON_NEWLINE_RE = re.compile(r"[^\r\n]|\r(?!\n)")


class BitextError(ValueError):
    """A bitext file that cannot be read as one (broken XML, no target column, counts differ)."""


@dataclass
class _View:
    """A blank canvas of the file's length that readers copy target text into."""

    text: str
    chars: list[str] = field(init=False)
    segments: list[AlignedSegment] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.chars = list(_NON_NEWLINE_RE.sub(" ", self.text))

    def copy(self, start: int, end: int) -> None:
        self.chars[start:end] = self.text[start:end]

    def put(self, start: int, raw_length: int, decoded: str) -> None:
        """Show `decoded` where an escape of `raw_length` characters sits (spaces on the rest)."""
        self.chars[start : start + raw_length] = decoded.ljust(raw_length)[:raw_length]

    def add(self, unit_id: str, source: str, start: int, end: int) -> None:
        self.segments.append(AlignedSegment(unit_id, source, Span(start, end)))

    def document(self, path: str, reserved: str, languages: tuple[str, str] = ("", "")) -> Document:
        alignment = Alignment(tuple(self.segments), languages[0], languages[1], reserved)
        paragraphs = [s.target for s in self.segments if s.target.end > s.target.start]
        return Document("".join(self.chars), path, original=self.text, paragraphs=paragraphs, alignment=alignment)


def is_bitext(source: SourceFile) -> bool:
    """Whether `source` is read as a translation with its source (by suffix, or paired with `--source`)."""
    suffix = Path(source.path).suffix.lower()
    return source.translated_from is not None or suffix in XLIFF_SUFFIXES | TMX_SUFFIXES | JSONL_SUFFIXES or suffix in TABLE_SUFFIXES


def names_bitext_fields(path: str, text_field: str) -> bool:
    """Whether a JSON Lines, CSV or TSV file holds translations with their source rather than a corpus.

    Both are read from the same suffixes: a file is bitext when its first record (or header row)
    has a target field (`TARGET_FIELDS`), or a source field (`SOURCE_FIELDS`) and no
    `text_field`, the corpus reader's text. A first line that says neither (not JSON, say) leaves
    the file to the corpus reader, whose error names the line.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in JSONL_SUFFIXES and suffix not in TABLE_SUFFIXES:
        return False
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as stream:
            first = next((line for line in iter(lambda: stream.readline(1 << 16), "") if line.strip()), "")
    except OSError:
        return False  # the corpus reader says why
    if suffix in JSONL_SUFFIXES:
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            return False
        names = {str(key).lower() for key in record} if isinstance(record, dict) else set()
    else:
        names = {name.strip().strip('"').lower() for name in first.rstrip("\r\n").split(TABLE_SUFFIXES[suffix])}
    return bool(names & set(TARGET_FIELDS)) or (bool(names & set(SOURCE_FIELDS)) and text_field.lower() not in names)


def bitext_document(source: SourceFile) -> Document:
    """Return the target view of a bitext file; raise BitextError when it cannot be read as one."""
    if source.translated_from is not None:
        return _pair(source.text, source.translated_from, source.path)
    suffix = Path(source.path).suffix.lower()
    if suffix in XLIFF_SUFFIXES:
        return _Xml(source.text, _XLIFF).document(source.path)
    if suffix in TMX_SUFFIXES:
        return _Xml(source.text, _TMX).document(source.path)
    if suffix in JSONL_SUFFIXES:
        return _jsonl(source.text, source.path)
    return _table(source.text, source.path, TABLE_SUFFIXES[suffix])


def checked_bitext(source: SourceFile, source_path: str | None = None) -> SourceFile:
    """Return `source` ready to audit as bitext (paired with the file `source_path` if given).

    Raises InputError naming the file when it is no readable bitext, so the run lists it as
    not audited (exit 2) instead of failing later.
    """
    if source_path is not None:
        original = read_source(source_path)
        source = replace(source, translated_from=original.text)
    if is_bitext(source):
        try:
            bitext_document(source)
        except BitextError as error:
            raise InputError(source.path, str(error)) from None
    return source


# --------------------------------------------------------------------------- aligned pair


def _units(text: str) -> tuple[list[Span], list[Span]]:
    """Return the non-blank lines and the paragraphs of a text, as spans without outer white space."""
    lines = [Span(m.start(), m.end()) for m in re.finditer(r"[^\r\n]*\S[^\r\n]*", text)]
    return [_trimmed(text, span) for span in lines], [_trimmed(text, span) for span in segment.paragraphs(text)]


def _trimmed(text: str, span: Span) -> Span:
    piece = text[span.start : span.end]
    start = span.start + len(piece) - len(piece.lstrip())
    return Span(start, max(start, span.start + len(piece.rstrip())))


def _pair(target: str, source: str, path: str) -> Document:
    """Align line by line when both files have as many non-blank lines, else paragraph by paragraph."""
    target_lines, target_paragraphs = _units(target)
    source_lines, source_paragraphs = _units(source)
    if len(target_lines) == len(source_lines):
        target_units, source_units = target_lines, source_lines
    elif len(target_paragraphs) == len(source_paragraphs):
        target_units, source_units = target_paragraphs, source_paragraphs
    else:
        raise BitextError(
            f"does not align with its source: {len(target_lines)} lines and {len(target_paragraphs)} paragraphs "
            f"against the source's {len(source_lines)} lines and {len(source_paragraphs)} paragraphs"
        )
    segments = tuple(
        AlignedSegment(str(number), source[s.start : s.end], t) for number, (s, t) in enumerate(zip(source_units, target_units), 1)
    )
    return Document(target, path, paragraphs=[s.target for s in segments], alignment=Alignment(segments))


# --------------------------------------------------------------------------- TSV and CSV


def _fields(line: str, offset: int, delimiter: str) -> Iterator[tuple[Span, list[tuple[int, int, str]]]]:
    """Yield each field of one line: its content span and its escapes (`""` in a quoted field)."""
    position, end = 0, len(line)
    while True:
        if delimiter == "," and line.startswith('"', position):
            escapes = []
            cursor = position + 1
            while True:
                quote = line.find('"', cursor)
                if quote < 0:
                    raise BitextError(f"unclosed quote at column {position + 1}")
                if line.startswith('""', quote):
                    escapes.append((offset + quote, 2, '"'))
                    cursor = quote + 2
                    continue
                break
            yield Span(offset + position + 1, offset + quote), escapes
            position = quote + 1
            if position < end and line[position] != delimiter:
                raise BitextError(f"text after a closing quote at column {position + 1}")
        else:
            stop = line.find(delimiter, position)
            stop = end if stop < 0 else stop
            yield Span(offset + position, offset + stop), []
            position = stop
        if position >= end:
            return
        position += 1


def _column(header: Sequence[str], names: Sequence[str], path_kind: str) -> int:
    lowered = [name.strip().lower() for name in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    raise BitextError(f"no {path_kind} column (the header row needs one of: {', '.join(names)})")


def _table(text: str, path: str, delimiter: str) -> Document:
    """Read a TSV (no quoting) or CSV (RFC 4180 quotes, one record per line) file with a header row."""
    view = _View(text)
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\r\n]+", text)]
    if not lines:
        raise BitextError("no header row")
    try:
        header = [text[span.start : span.end] for span, _ in _fields(lines[0][1], lines[0][0], delimiter)]
        source_column = _column(header, SOURCE_FIELDS, "source")
        target_column = _column(header, TARGET_FIELDS, "target")
        id_column = next((i for i, name in enumerate(header) if name.strip().lower() == "id"), None)
        for number, (offset, line) in enumerate(lines[1:], 2):
            fields = list(_fields(line, offset, delimiter))
            if len(fields) <= max(source_column, target_column):
                raise BitextError(f"{len(fields)} fields, the header has {len(header)}")
            (target, escapes), (source, source_escapes) = fields[target_column], fields[source_column]
            view.copy(target.start, target.end)
            for start, length, decoded in escapes:
                view.put(start, length, decoded)
            unit_id = text[fields[id_column][0].start : fields[id_column][0].end] if id_column is not None and id_column < len(fields) else str(number)
            view.add(unit_id, _unescaped(text, source, source_escapes), target.start, target.end)
    except BitextError as error:
        where = f"line {text.count(chr(10), 0, offset) + 1}: " if "offset" in locals() else ""
        raise BitextError(f"{where}{error}") from None
    return view.document(path, reserved="\t\r\n" if delimiter == "\t" else ',"\r\n')


def _unescaped(text: str, span: Span, escapes: Sequence[tuple[int, int, str]]) -> str:
    chars = list(text[span.start : span.end])
    for start, length, decoded in reversed(escapes):
        chars[start - span.start : start - span.start + length] = decoded
    return "".join(chars)


# --------------------------------------------------------------------------- JSONL

_JSON_ESCAPE_RE = re.compile(r'\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|["\\/bfnrt])')
_JSON_STRING = r'"((?:[^"\\\r\n]|\\.)*)"'


def _jsonl(text: str, path: str) -> Document:
    """Read JSON Lines whose objects carry `source` and `target` strings (and perhaps an `id`)."""
    view = _View(text)
    for number, match in enumerate(re.finditer(r"[^\r\n]+", text), 1):
        line = match.group()
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BitextError(f"line {number}: not JSON: {error.msg} (column {error.colno})") from None
        if not isinstance(record, dict):
            raise BitextError(f"line {number}: not a JSON object")
        source_key = next((key for key in SOURCE_FIELDS if isinstance(record.get(key), str)), None)
        target_key = next((key for key in TARGET_FIELDS if isinstance(record.get(key), str)), None)
        if source_key is None or target_key is None:
            raise BitextError(f"line {number}: needs string fields {SOURCE_FIELDS[0]!r} and {TARGET_FIELDS[0]!r}")
        value = next(
            (m for m in re.finditer(rf'"{target_key}"\s*:\s*{_JSON_STRING}', line) if json.loads(f'"{m.group(1)}"') == record[target_key]),
            None,
        )
        if value is None:  # a key spelled with escapes: valid JSON, but no place to point at
            raise BitextError(f"line {number}: cannot locate the {target_key!r} string")
        start = match.start() + value.start(1)
        view.copy(start, match.start() + value.end(1))
        for escape in _JSON_ESCAPE_RE.finditer(value.group(1)):
            decoded = json.loads(f'"{escape.group()}"')
            view.put(start + escape.start(), len(escape.group()), " " if decoded in "\n\r\t" else decoded)
        unit_id = record.get("id")
        view.add(str(unit_id) if unit_id is not None else str(number), record[source_key], start, match.start() + value.end(1))
    return view.document(path, reserved='"\\\r\n\t')


# --------------------------------------------------------------------------- XML: XLIFF and TMX


@dataclass(frozen=True)
class _Dialect:
    """Where an XML bitext format keeps its units, their ids, their source and target, its languages."""

    name: str
    units: frozenset[str]  # elements that hold one source and one target
    id_attributes: tuple[str, ...]
    codes: frozenset[str]  # inline elements whose content is native code, not text
    skipped: frozenset[str]  # elements whose source and target are not the unit's own (alt-trans)
    side: Callable[[str, dict[str, str], "_Xml"], str | None]  # "source", "target" or None for an element
    languages: Callable[[str, dict[str, str], "_Xml"], None]


def _xliff_side(name: str, attributes: dict[str, str], reader: "_Xml") -> str | None:
    return name if name in ("source", "target") else None


def _xliff_languages(name: str, attributes: dict[str, str], reader: "_Xml") -> None:
    if name == "xliff" and "srcLang" in attributes:  # XLIFF 2
        reader.languages = (attributes["srcLang"], attributes.get("trgLang", ""))
    elif name == "file" and "source-language" in attributes:  # XLIFF 1.2
        reader.languages = (attributes["source-language"], attributes.get("target-language", ""))


_LANG = "http://www.w3.org/XML/1998/namespace lang"


def _tmx_side(name: str, attributes: dict[str, str], reader: "_Xml") -> str | None:
    """A `seg` is the source when its `tuv`'s language is the header's `srclang` (else the first `tuv` is)."""
    if name != "seg":
        return None
    source = reader.languages[0].lower()
    if source and source != "*all*":
        return "source" if reader.variant_language.split("-")[0] == source.split("-")[0] else "target"
    return "source" if not reader.unit_sides else "target"


def _tmx_languages(name: str, attributes: dict[str, str], reader: "_Xml") -> None:
    if name == "header":
        reader.languages = (attributes.get("srclang", ""), "")
    elif name == "tuv":
        reader.variant_language = (attributes.get(_LANG) or attributes.get("lang") or "").lower()


_XLIFF = _Dialect(
    "XLIFF",
    units=frozenset({"trans-unit", "segment"}),
    id_attributes=("id",),
    codes=frozenset({"ph", "bpt", "ept", "it", "sub", "originalData"}),
    skipped=frozenset({"alt-trans", "seg-source", "ignorable", "notes", "note"}),
    side=_xliff_side,
    languages=_xliff_languages,
)
_TMX = _Dialect(
    "TMX",
    units=frozenset({"tu"}),
    id_attributes=("tuid",),
    codes=frozenset({"ph", "bpt", "ept", "it", "ut"}),
    skipped=frozenset({"note", "prop"}),
    side=_tmx_side,
    languages=_tmx_languages,
)


class _Xml:
    """Walk an XLIFF or TMX file with expat, copying target text into the view and collecting sources."""

    def __init__(self, text: str, dialect: _Dialect) -> None:
        self.text = text
        self.dialect = dialect
        self.view = _View(text)
        self.languages = ("", "")
        self.unit_id = ""
        self.unit_sides: dict[str, str] = {}
        self.unit_target: Span | None = None
        self.units = 0
        self.stack: list[str] = []
        self.side: str | None = None  # the side whose text is being read
        self.side_depth = 0
        self.pieces: list[str] = []
        self.content_start: int | None = None  # the target's content starts at the next event
        self.skip_depth = 0
        self.code_depth = 0
        self.xliff2_unit = ""  # XLIFF 2 segments are named unit/segment
        self.variant_language = ""  # TMX: the language of the `tuv` being read
        self._encoded = text.encode("utf-8")
        self._byte, self._char = 0, 0
        self._parser = expat.ParserCreate("UTF-8", namespace_separator=" ")
        self._parser.buffer_text = False
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._data

    def _position(self) -> int:
        """The current event's offset in code points (expat counts bytes; events come in order)."""
        byte = self._parser.CurrentByteIndex
        if byte > self._byte:
            self._char += len(self._encoded[self._byte : byte].decode("utf-8"))
            self._byte = byte
        return self._char

    def _event(self) -> int:
        position = self._position()
        if self.content_start is None and self.side == "target":
            self.content_start = position
        return position

    def _start(self, qualified: str, attributes: dict[str, str]) -> None:
        name = qualified.rpartition(" ")[2]
        self._event()
        self.stack.append(name)
        self.dialect.languages(name, attributes, self)
        if name == "unit" and not self.skip_depth:
            self.xliff2_unit = attributes.get("id", "")
        if self.skip_depth or name in self.dialect.skipped:
            self.skip_depth += 1
            return
        if self.side is not None:
            if name in self.dialect.codes:
                self.code_depth += 1
            return
        if name in self.dialect.units:
            self._open_unit(next((attributes[a] for a in self.dialect.id_attributes if a in attributes), ""), name)
            return
        side = self.dialect.side(name, attributes, self) if self.unit_id else None
        if side is not None and side not in self.unit_sides:
            self.side, self.side_depth, self.pieces = side, len(self.stack), []
            self.content_start = None

    def _open_unit(self, unit_id: str, name: str) -> None:
        parent = self.stack[-2] if len(self.stack) > 1 else ""
        self.units += 1
        if name == "segment" and parent == "unit":  # XLIFF 2: unit id / segment id
            unit_id = f"{self.xliff2_unit}/{unit_id}" if unit_id else self.xliff2_unit
        self.unit_id = unit_id or str(self.units)
        self.unit_sides, self.unit_target = {}, None

    def _end(self, qualified: str) -> None:
        name = qualified.rpartition(" ")[2]
        position = self._event()
        self.stack.pop()
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if self.side is not None and len(self.stack) >= self.side_depth:
            if name in self.dialect.codes:
                self.code_depth -= 1
            return
        if self.side is not None:
            if self.side == "target":
                start = position if self.content_start is None else self.content_start
                self.unit_target = Span(start, max(start, position))
            self.unit_sides[self.side] = "".join(self.pieces)
            self.side = None
            return
        if name in self.dialect.units and self.unit_id:
            if self.unit_target is not None and "source" in self.unit_sides:
                self.view.add(self.unit_id, self.unit_sides["source"], self.unit_target.start, self.unit_target.end)
            self.unit_id = ""

    def _data(self, data: str) -> None:
        position = self._event()
        if self.side is None or self.skip_depth or self.code_depth:
            return
        self.pieces.append(data)
        if self.side == "target":
            self._show(position, data)

    def _show(self, position: int, data: str) -> None:
        """Copy one text event into the view: as is, or decoded on its escape (`&amp;`, `&#233;`)."""
        raw = self.text[position : position + len(data)]
        if raw == data:
            self.view.copy(position, position + len(data))
        elif self.text.startswith("&", position):
            self.view.put(position, self.text.index(";", position) + 1 - position, data)
        elif data == "\n" and self.text.startswith("\r\n", position):
            self.view.copy(position, position + 2)
        else:
            found = self.text.find(data, position)  # CDATA: the text sits after its marker
            if found >= 0:
                self.view.copy(found, found + len(data))

    def document(self, path: str) -> Document:
        try:
            self._parser.Parse(self._encoded, True)
        except expat.ExpatError as error:
            raise BitextError(f"not well-formed {self.dialect.name}: {expat.ErrorString(error.code)} at line {error.lineno}, column {error.offset + 1}") from None
        if self.units == 0:
            raise BitextError(f"no translation units: not {self.dialect.name}")
        return self.view.document(path, _XML_RESERVED, self.languages)
