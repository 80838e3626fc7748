"""The OpenAPI 3.1 document of `auditor serve`'s JSON API (served at /api/v1/openapi.json).

Written out rather than generated: the API is small, and a test checks that every route of
the application is described here and nothing else is.
"""

from __future__ import annotations

from typing import Any

from auditor import __version__
from auditor.serve.limits import Limits

_TEXT = {"type": "string", "description": "the text to audit"}
_FILENAME = {"type": "string", "default": "draft.txt", "description": "its file name: .md and .html are audited as Markdown and HTML"}
_EDIT = {
    "type": "object",
    "required": ["start", "end", "replacement"],
    "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}, "replacement": {"type": "string"}},
    "description": "replace code points [start, end) with `replacement`",
}
_ERROR = {"type": "object", "required": ["error", "status"], "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}
_CHECK = {
    "type": "object",
    "required": ["api_version", "filename", "length", "findings", "counts", "readability", "server_ms", "cpu_ms"],
    "properties": {
        "api_version": {"const": 1},
        "filename": {"type": "string"},
        "length": {"type": "integer", "description": "the text's length in code points"},
        "findings": {
            "type": "array",
            "description": "the finding objects of the json format (docs/json-format.md) plus id, key, utf16 {start, end}, "
            "before, after, corrections [{label, applicability, edits}], safe and vocabulary ('word', 'name' or null)",
            "items": {"type": "object"},
        },
        "counts": {"type": "object", "properties": {"by_severity": {"type": "object"}, "by_family": {"type": "object"}}},
        "readability": {"type": ["object", "null"], "description": "grade, flesch_reading_ease, words, sentences, paragraphs, hard_sentences"},
        "server_ms": {"type": "number", "description": "wall-clock milliseconds of the audit in the server"},
        "cpu_ms": {"type": "number", "description": "CPU milliseconds of the audit's thread (steadier than wall time on a busy machine)"},
    },
}
_FIXED = {
    "type": "object",
    "required": ["text", "diff", "applied", "check"],
    "properties": {"text": {"type": "string"}, "diff": {"type": "string"}, "applied": {"type": "object"}, "check": {"$ref": "#/components/schemas/Check"}},
}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _answer(description: str, schema: dict[str, Any], media_type: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    meaning = {
        403: "missing or wrong CSRF token, or a cross-origin write",
        413: "the body is over the size limit",
        422: "the body is not what the endpoint takes (the message says what)",
        503: "all workers busy and the waiting line full, or the audit ran past the time limit (Retry-After)",
    }
    return {str(code): _answer(meaning[code], {"$ref": "#/components/schemas/Error"}) for code in codes}


def openapi_document(limits: Limits) -> dict[str, Any]:
    """Return the OpenAPI document, with the server's limits in the description."""
    audit_errors = _errors(413, 422, 503)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "auditor serve",
            "version": f"1 (auditor {__version__})",
            "description": f"auditor's web API, version 1 (also under /api/). Bodies up to {limits.max_body_bytes:,} bytes; "
            f"{limits.workers} audit workers and {limits.queue} waiting; {limits.timeout_s:g} s per audit. "
            "Offsets are code points unless named utf16.",
        },
        "paths": {
            "/api/v1/check": {
                "post": {
                    "summary": "Audit a text: findings with corrections, counts by severity and family, readability",
                    "requestBody": _json_body({"type": "object", "required": ["text"], "properties": {"text": _TEXT, "filename": _FILENAME}}),
                    "responses": {"200": _answer("the audit", {"$ref": "#/components/schemas/Check"}), **audit_errors},
                }
            },
            "/api/v1/fix": {
                "post": {
                    "summary": "Apply the given edits once, or (without edits) every safe fix until stable; then audit the result",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["text"],
                            "properties": {"text": _TEXT, "filename": _FILENAME, "edits": {"type": "array", "items": _EDIT}, "unsafe": {"type": "boolean", "default": False}},
                        }
                    ),
                    "responses": {"200": _answer("the new text, its diff from the old, fixes applied per rule, its audit", _FIXED), **audit_errors},
                }
            },
            "/api/v1/export": {
                "post": {
                    "summary": "Download the text, the unified diff from the original, the JSON findings or the HTML report",
                    "requestBody": _json_body(
                        {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "text": _TEXT,
                                "original": {"type": "string", "description": "the text before editing (for diff)"},
                                "filename": _FILENAME,
                                "format": {"enum": ["text", "diff", "json", "html"], "default": "text"},
                            },
                        }
                    ),
                    "responses": {"200": {"description": "the file (Content-Disposition: attachment)"}, **audit_errors},
                }
            },
            "/api/v1/decode": {
                "post": {
                    "summary": "Decode an uploaded file's bytes as auditor reads files (UTF-8, BOMs, legacy encodings; binary refused)",
                    "parameters": [{"name": "filename", "in": "query", "required": True, "schema": _FILENAME}],
                    "requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "responses": {
                        "200": _answer("the text", {"type": "object", "properties": {"filename": {"type": "string"}, "encoding": {"type": "string"}, "text": {"type": "string"}}}),
                        **_errors(413, 422),
                    },
                }
            },
            "/api/v1/vocabulary": {
                "post": {
                    "summary": "Mark a word or name as correct: add it to accepted-words or accepted-names in the config file",
                    "parameters": [{"name": "X-CSRF-Token", "in": "header", "required": True, "schema": {"type": "string"}}],
                    "requestBody": _json_body(
                        {"type": "object", "required": ["entry"], "properties": {"entry": {"type": "string"}, "kind": {"enum": ["word", "name"], "default": "word"}}}
                    ),
                    "responses": {
                        "200": _answer(
                            "the config file written, the key, whether the entry was new, the key's entries",
                            {"type": "object", "properties": {"config": {"type": "string"}, "key": {"type": "string"}, "added": {"type": "boolean"}, "entries": {"type": "array", "items": {"type": "string"}}}},
                        ),
                        **_errors(403, 413, 422, 503),
                    },
                }
            },
            "/api/v1/rules": {"get": {"summary": "The rules that run with the server's config", "responses": {"200": _answer("the rules", {"type": "object"})}}},
            "/api/v1/csrf": {"get": {"summary": "The CSRF header and token for writes (same origin only)", "responses": {"200": _answer("the token", {"type": "object"})}}},
            "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": _answer("OpenAPI 3.1", {"type": "object"})}}},
            "/v2/languages": {"get": {"summary": "LanguageTool API: the languages (English variants)", "responses": {"200": _answer("languages", {"type": "array"})}}},
            "/v2/check": {
                "post": {
                    "summary": "LanguageTool API: check `text` or `data` in `language`; matches with UTF-16 offsets",
                    "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"text": {"type": "string"}, "data": {"type": "string"}, "language": {"type": "string"}}}}}},
                    "responses": {"200": _answer("LanguageTool's answer", {"type": "object"}), "400": {"description": "Error: ... (plain text, as LanguageTool answers)"}},
                }
            },
        },
        "components": {"schemas": {"Check": _CHECK, "Error": _ERROR}},
    }
