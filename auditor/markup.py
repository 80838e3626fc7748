"""Turn a decoded file into the `Document` rules read (Markdown and HTML awareness: issue 7)."""

from __future__ import annotations

from auditor.document import Document
from auditor.inputs import SourceFile


def document_for(source: SourceFile) -> Document:
    """Return the Document of a source file."""
    return Document(source.text, source.path)
