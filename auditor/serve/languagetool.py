"""LanguageTool's HTTP API (`/v2/languages`, `/v2/check`) spoken by auditor, so LanguageTool clients can use it.

A client that lets its user set their own LanguageTool server (editor plug-ins, browser
extensions, language-tool-python) sends the form fields `text` or `data` and `language`, and
reads `matches`: offsets and lengths in UTF-16 code units, `replacements`, `rule` with
`id`, `description` and `category`, and a `context` around the match.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from auditor import __version__
from auditor.check.document import Result
from auditor.fix.apply import splice
from auditor.model import Edit, Finding, Span
from auditor.text.source import SourceText

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (Australian)", "code": "en", "longCode": "en-AU"},
    {"name": "English (Canadian)", "code": "en", "longCode": "en-CA"},
    {"name": "English (New Zealand)", "code": "en", "longCode": "en-NZ"},
    {"name": "English (South African)", "code": "en", "longCode": "en-ZA"},
]
_NAMES = {language["longCode"]: language["name"] for language in LANGUAGES}
CONTEXT_UNITS = 40  # LanguageTool's context: up to this many UTF-16 units either side of the match
# LanguageTool's `issueType` values (Localization Quality Issue Types) for auditor's families.
ISSUE_TYPES = {
    "typography": "typographical",
    "names": "misspelling",
    "calques": "mistranslation",
    "terms": "terminology",
    "consistency": "inconsistency",
    "duplicates": "duplication",
    "readability": "style",
    "style": "style",
    "boilerplate": "non-conformance",
}


class RequestError(ValueError):
    """A request LanguageTool would refuse with 400; `str()` is its one-line error."""


def language_of(code: str | None) -> str:
    """Return the long code of an English variant (`auto` reads as `en`); raise RequestError for others."""
    code = (code or "").strip()
    if code == "auto":
        return "en"
    if code not in _NAMES:
        raise RequestError(f"'{code}' is not a language code known to auditor (it checks English: {', '.join(_NAMES)})")
    return code


def text_of(fields: Mapping[str, str]) -> tuple[str, list[Span]]:
    """The text to check and its markup: the `text` field, or the `data` field's annotation with markup counted as spaces."""
    if "text" in fields:
        return fields["text"], []
    if "data" not in fields:
        raise RequestError("missing 'text' or 'data' parameter")
    try:
        parts = json.loads(fields["data"])["annotation"]
        pieces, markup, position = [], [], 0
        for part in parts:
            piece = str(part["text"]) if "text" in part else " " * len(str(part["markup"]))
            if "text" not in part:
                markup.append(Span(position, position + len(piece)))
            pieces.append(piece)
            position += len(piece)
    except (ValueError, KeyError, TypeError) as error:
        raise RequestError(f"'data' is not LanguageTool's annotation JSON: {error}") from None
    return "".join(pieces), markup


def in_markup(finding: Finding, markup: Sequence[Span]) -> bool:
    """Whether a finding touches markup of the `data` field (its spaces are not the author's)."""
    span = finding.span
    return any(span.overlaps(part) or part.start <= span.start < part.end for part in markup)


def selected(finding: Finding, fields: Mapping[str, str]) -> bool:
    """Whether the request's `enabledRules`/`enabledOnly`, `disabledRules` and categories keep a finding."""

    def listed(name: str) -> set[str]:
        return {item.strip().upper() for item in fields.get(name, "").split(",") if item.strip()}

    rule, category = finding.rule_id.upper(), (finding.family or "general").upper()
    if rule in listed("disabledRules") or category in listed("disabledCategories"):
        return False
    if fields.get("enabledOnly", "").lower() == "true":
        return rule in listed("enabledRules") or category in listed("enabledCategories")
    return True


def answer(result: Result, language: str, fields: Mapping[str, str], markup: Sequence[Span] = ()) -> dict[str, Any]:
    """The JSON body of `/v2/check` for a checked text, the request's fields and the text's markup."""
    source = result.document.source
    return {
        "software": {"name": "auditor", "version": __version__, "apiVersion": 1, "status": "", "premium": False},
        "language": {"name": _NAMES[language], "code": language, "detectedLanguage": {"name": _NAMES[language], "code": language, "confidence": 1.0}},
        "matches": [match(source, finding, result) for finding in result.findings if selected(finding, fields) and not in_markup(finding, markup)],
    }


def match(source: SourceText, finding: Finding, result: Result) -> dict[str, Any]:
    """One LanguageTool match: the span the replacements replace, in UTF-16 units."""
    span, replacements = _replaced(source.text, finding)
    start, end = source.utf16_offset(span.start), source.utf16_offset(span.end)
    wide = source.text.encode("utf-16-le")
    context_start, context_end = max(0, start - CONTEXT_UNITS), min(len(wide) // 2, end + CONTEXT_UNITS)
    sentence = _sentence(result, span)
    category = finding.family or "general"
    return {
        "message": finding.message,
        "shortMessage": finding.rule_name.replace("-", " "),
        "replacements": [{"value": value} for value in replacements],
        "offset": start,
        "length": end - start,
        "context": {
            "text": wide[2 * context_start : 2 * context_end].decode("utf-16-le", "replace"),
            "offset": start - context_start,
            "length": end - start,
        },
        "sentence": sentence,
        "type": {"typeName": "Other"},
        "rule": {
            "id": finding.rule_id,
            "description": finding.rule_name.replace("-", " "),
            "issueType": ISSUE_TYPES.get(category, "uncategorized"),
            "category": {"id": category.upper(), "name": category.title()},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def _replaced(text: str, finding: Finding) -> tuple[Span, list[str]]:
    """The span a client replaces and its replacements: the fix (spliced over the union of its edits and the finding) first, then suggestions."""
    span = finding.span
    if finding.fix is not None:
        span = Span(min(span.start, finding.fix.span.start), max(span.end, finding.fix.span.end))
    values = []
    if finding.fix is not None:
        shifted = [Edit(edit.span.shifted(-span.start), edit.replacement) for edit in finding.fix.edits]
        values.append(splice(text[span.start : span.end], shifted))
    for suggestion in finding.suggestions:
        values.append(text[span.start : finding.span.start] + suggestion + text[finding.span.end : span.end])
    return span, list(dict.fromkeys(values))


def _sentence(result: Result, span: Span) -> str:
    for sentence in result.readability.get("sentences", ()) if result.readability else ():
        if sentence["start"] <= span.start < sentence["end"]:
            return result.document.source.text[sentence["start"] : sentence["end"]]
    return ""
