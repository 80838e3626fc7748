"""Findings and markup: a Markdown or HTML file is checked through its prose view (`read.markup`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from auditor.model import Finding
from auditor.text.document import Document


def respect_markup(document: Document, findings: Sequence[Finding]) -> list[Finding]:
    """Drop findings about blanked markup; drop the fix of a finding whose edits would overwrite markup.

    A finding that covers only white space, some of it blanked markup (trailing "white
    space" on a code line, a "double space" where a tag was), is about the view, not the
    file. A finding on prose across markup ("Coruna** virus") stays, but applying its edit
    to the file would destroy what the view had blanked, so it keeps only its suggestions.
    So does a fix that would write a character a bitext format escapes (`Alignment.reserved`).
    """
    if document.text is document.original:
        return list(findings)
    reserved = document.alignment.reserved if document.alignment is not None else ""
    kept = []
    for finding in findings:
        view = document.text[finding.span.start : finding.span.end]
        if view.isspace() and view != document.original[finding.span.start : finding.span.end]:
            continue
        if finding.fix is not None and any(
            document.text[e.span.start : e.span.end] != document.original[e.span.start : e.span.end]
            or any(character in reserved for character in e.replacement)
            for e in finding.fix.edits
        ):
            finding = replace(finding, fix=None)
        kept.append(finding)
    return kept
