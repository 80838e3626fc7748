"""Read corpora: many documents in one file (JSON Lines, CSV, TSV, Parquet), streamed record by record.

A corpus is never loaded whole: records are decoded one at a time from the (perhaps gzip or
zstd compressed) stream, so memory does not grow with the corpus. Each record becomes a
`SourceFile` whose path is the corpus file's plus `#` and the record's id (`--id-field`) or,
without one, its line (JSON Lines) or row number (CSV, TSV, Parquet). A broken record is an
`InputError` naming the file and the line; the records after it are still read.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from auditor.read.bitext import JSONL_SUFFIXES
from auditor.read.bitext import TABLE_SUFFIXES as DELIMITERS
from auditor.read.inputs import InputError, SourceFile

PARQUET_SUFFIX = ".parquet"
COMPRESSIONS = (".gz", ".zst")
MAX_RECORD_BYTES = 64 * 1024 * 1024  # one record larger than this is refused, not read into memory
PARQUET_BATCH_ROWS = 256
_JSON_KINDS = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}


@dataclass(frozen=True)
class CorpusOptions:
    """Where the text and the id of each record are: a JSON key or a column name."""

    text_field: str = "text"
    id_field: str | None = None


def _split_suffix(path: str) -> tuple[str, str]:
    """Return (format suffix, compression suffix) of a path, both lower case ('' when absent)."""
    lower = path.lower()
    compression = next((suffix for suffix in COMPRESSIONS if lower.endswith(suffix)), "")
    stem = lower[: len(lower) - len(compression)]
    dot = stem.rfind(".")
    return (stem[dot:] if dot >= 0 else ""), compression


def is_corpus(path: str) -> bool:
    """Return whether `path` names a corpus file (by its suffix: .jsonl, .csv, .tsv, .parquet, maybe .gz or .zst)."""
    suffix, compression = _split_suffix(path)
    if suffix == PARQUET_SUFFIX:
        return not compression
    return suffix in JSONL_SUFFIXES or suffix in DELIMITERS


def read_corpus(path: str, options: CorpusOptions = CorpusOptions()) -> Iterator[SourceFile | InputError]:
    """Yield each record of a corpus file as a SourceFile, or an InputError for a broken one or an unreadable file."""
    suffix, compression = _split_suffix(path)
    try:
        if suffix == PARQUET_SUFFIX:
            yield from _parquet_records(path, options)
            return
        with _open_binary(path, compression) as stream:
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_records(path, stream, options)
            else:
                yield from _delimited_records(path, stream, DELIMITERS[suffix], options)
    except InputError as error:
        yield error
    except FileNotFoundError:
        yield InputError(path, "no such file or directory", missing=True)
    except IsADirectoryError:
        yield InputError(path, "is a folder")
    except (OSError, EOFError) as error:
        # gzip.BadGzipFile is an OSError; a truncated stream ends in EOFError.
        yield InputError(path, f"cannot read the corpus: {getattr(error, 'strerror', None) or error}")
    except _ZstdError as error:
        yield InputError(path, f"not a valid zstd stream: {error}")


class _ZstdError(Exception):
    """zstandard's error, re-raised under a name this module can catch without importing zstandard."""


def _open_binary(path: str, compression: str) -> io.BufferedIOBase:
    if compression == ".gz":
        return gzip.open(path, "rb")
    if compression == ".zst":
        try:
            import zstandard
        except ImportError:
            raise InputError(path, "zstd-compressed corpora need the zstandard package: pip install 'auditor[corpus]'") from None
        handle = open(path, "rb")
        return io.BufferedReader(_ZstdStream(zstandard.ZstdDecompressor().stream_reader(handle, closefd=True), zstandard.ZstdError))
    return open(path, "rb")


class _ZstdStream(io.RawIOBase):
    """A zstd decompression stream whose errors are `_ZstdError`, buffered for `readline`."""

    def __init__(self, reader: Any, error_type: type[Exception]) -> None:
        super().__init__()
        self._reader = reader
        self._error_type = error_type

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._reader.read(len(buffer))
        except self._error_type as error:
            raise _ZstdError(str(error)) from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._reader.close()
        super().close()


def _record(path: str, where: str, text: Any, record_id: Any, options: CorpusOptions) -> SourceFile | InputError:
    if not isinstance(text, str):
        found = "missing" if text is None else f"a JSON {_JSON_KINDS.get(type(text), type(text).__name__)}, not a string"
        return InputError(where, f"field '{options.text_field}' is {found}; not audited")
    name = where.rpartition(":")[2] if record_id is None or record_id == "" else str(record_id)
    return SourceFile(path=f"{path}#{name}", text=text.removeprefix("\ufeff"))


def _jsonl_records(path: str, stream: io.BufferedIOBase, options: CorpusOptions) -> Iterator[SourceFile | InputError]:
    number = 0
    while True:
        raw = stream.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        number += 1
        where = f"{path}:{number}"
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the record without holding it
                raw = stream.readline(MAX_RECORD_BYTES)
            yield InputError(where, f"record longer than {MAX_RECORD_BYTES // (1024 * 1024)} MiB; not audited")
            continue
        if not raw.strip():
            continue
        try:
            value = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            yield InputError(where, f"not valid UTF-8 (byte {error.start + 1} of the line); not audited")
            continue
        except json.JSONDecodeError as error:
            yield InputError(where, f"not valid JSON: {error.msg} (column {error.colno}); not audited")
            continue
        if not isinstance(value, dict):
            yield InputError(where, f"a JSON {_JSON_KINDS.get(type(value), 'value')}, not an object; not audited")
            continue
        yield _record(path, where, value.get(options.text_field), value.get(options.id_field) if options.id_field else None, options)


def _delimited_records(path: str, stream: io.BufferedIOBase, delimiter: str, options: CorpusOptions) -> Iterator[SourceFile | InputError]:
    csv.field_size_limit(MAX_RECORD_BYTES)
    text = codecs.getreader("utf-8-sig")(stream, "strict")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            yield InputError(path, "empty corpus, no header row")
            return
        columns = {name.strip(): index for index, name in enumerate(header)}
        for wanted in (options.text_field, options.id_field):
            if wanted is not None and wanted not in columns:
                yield InputError(f"{path}:1", f"no column '{wanted}' (columns: {', '.join(columns)}); not audited")
                return
        text_at = columns[options.text_field]
        id_at = columns[options.id_field] if options.id_field is not None else None
        row_number = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except csv.Error as error:
                yield InputError(f"{path}:{line}", f"broken row: {error}; not audited")
                continue
            except StopIteration:
                return
            row_number += 1
            if not row:
                continue
            if text_at >= len(row):
                yield InputError(f"{path}:{line}", f"row has {len(row)} fields, no '{options.text_field}'; not audited")
                continue
            record_id = row[id_at] if id_at is not None and id_at < len(row) else None
            yield _record(path, f"{path}:{row_number}", row[text_at], record_id, options)
    except UnicodeDecodeError as error:
        yield InputError(f"{path}:{reader.line_num + 1}", f"not valid UTF-8 ({error.reason}); the rest of the corpus is not audited")


def _parquet_records(path: str, options: CorpusOptions) -> Iterator[SourceFile | InputError]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        yield InputError(path, "Parquet corpora need the pyarrow package: pip install 'auditor[corpus]'")
        return
    try:
        parquet = pyarrow.parquet.ParquetFile(path)
    except (pyarrow.ArrowException, OSError) as error:
        yield InputError(path, f"not a readable Parquet file: {error}")
        return
    names = parquet.schema_arrow.names
    for wanted in (options.text_field, options.id_field):
        if wanted is not None and wanted not in names:
            yield InputError(path, f"no column '{wanted}' (columns: {', '.join(names)}); not audited")
            return
    columns = [options.text_field] + ([options.id_field] if options.id_field else [])
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            texts = batch.column(0).to_pylist()
            ids = batch.column(1).to_pylist() if options.id_field else [None] * len(texts)
            for text, record_id in zip(texts, ids):
                row += 1
                yield _record(path, f"{path}:{row}", text, record_id, options)
    except (pyarrow.ArrowException, OSError) as error:
        yield InputError(f"{path}:{row + 1}", f"cannot read the Parquet data: {error}")
