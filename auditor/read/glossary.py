"""Read a project term base: CSV or TSV with `source` and `target` columns, or TBX (read with lxml)."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path

from auditor.read.bitext import SOURCE_FIELDS, TARGET_FIELDS
from auditor.read.inputs import InputError, read_source

Terms = tuple[tuple[str, str], ...]  # (source term, required target term)


class GlossaryError(ValueError):
    """A term base that cannot be read; `str()` is one line naming the file."""


@lru_cache(maxsize=32)
def read_glossary(path: str) -> Terms:
    """Return the (source term, target term) pairs of a CSV, TSV or TBX term base."""
    try:
        text = read_source(path).text
    except InputError as error:
        raise GlossaryError(str(error)) from None
    if Path(path).suffix.lower() == ".tbx":
        return _tbx(path, text)
    rows = list(csv.reader(io.StringIO(text), delimiter="\t" if Path(path).suffix.lower() == ".tsv" else ","))
    header = [name.strip().lower() for name in rows[0]] if rows else []
    source, target = (next((header.index(name) for name in names if name in header), None) for names in (SOURCE_FIELDS, TARGET_FIELDS))
    if source is None or target is None:
        raise GlossaryError(f"{path}: glossary needs a header row with 'source' and 'target' columns")
    return tuple(
        (row[source].strip(), row[target].strip()) for row in rows[1:] if len(row) > max(source, target) and row[source].strip() and row[target].strip()
    )


def _tbx(path: str, text: str) -> Terms:
    """Each concept's first term in its first language set is the source, the first term of the second is the target."""
    from lxml import etree

    try:
        root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise GlossaryError(f"{path}: not well-formed TBX: {error}") from None
    terms = []
    for entry in root.iter("{*}termEntry", "{*}conceptEntry"):
        sets = [[term.text.strip() for term in lang.iter("{*}term") if term.text and term.text.strip()] for lang in entry.iter("{*}langSet", "{*}langSec")]
        if len(sets) >= 2 and sets[0] and sets[1]:
            terms.append((sets[0][0], sets[1][0]))
    return tuple(terms)
