"""The engine's one call: texts in, LanguageTool's matches out (code-point offsets into each text)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from auditor.engines.languagetool.cache import AnswerCache, chunk_key
from auditor.engines.languagetool.categories import category_mapping
from auditor.engines.languagetool.chunks import Chunk, chunk_text
from auditor.engines.languagetool.client import EngineUnavailable, LanguageToolClient
from auditor.engines.languagetool.settings import LanguageToolSettings
from auditor.text.source import SourceText  # the one import of auditor's offset conversions here


@dataclass(frozen=True)
class Match:
    """One LanguageTool match, its span in code points of the text that was checked."""

    start: int
    end: int
    rule_id: str  # LanguageTool's own id, e.g. EN_A_VS_AN
    category: str  # LanguageTool's category id, e.g. GRAMMAR
    message: str
    replacements: tuple[str, ...]
    family: str  # the auditor family the category maps to
    severity: str  # "error", "warning" or "info"
    description: str = ""  # what the rule checks, in LanguageTool's words

    @property
    def auditor_rule_id(self) -> str:
        return f"LT:{self.rule_id}"


def check_texts(
    texts: Sequence[str],
    settings: LanguageToolSettings,
    *,
    client: LanguageToolClient | None = None,
    cache: AnswerCache | None = None,
) -> list[list[Match]]:
    """Return LanguageTool's matches for each text, sorted by position.

    Pass the prose view of Markdown or HTML (markup blanked, same length as the file) so that
    markup is not checked and offsets still point into the file. Chunks already answered
    (the on-disk cache) are not sent again; the rest go out in parallel. Raises
    EngineUnavailable (one line) when the server cannot be used.
    """
    cache = cache if cache is not None else AnswerCache()
    fields = settings.request_fields()
    server = str(settings.install.resolve()) if settings.install is not None else settings.server_url
    chunked = [
        [(chunk, chunk_key(chunk.text, server, fields)) for chunk in chunk_text(text, settings.max_chunk_chars)]
        for text in texts
    ]
    answers: dict[str, list[Match]] = {}
    missing: dict[str, Chunk] = {}
    for chunk, key in (pair for chunks in chunked for pair in chunks):
        if key in answers or key in missing:
            continue
        cached = cache.get(key)
        parsed = _parse(cached, chunk.text, settings) if cached is not None else None
        if parsed is None:
            missing[key] = chunk
        else:
            answers[key] = parsed
    if missing:
        client = client or LanguageToolClient(settings)
        client.ensure_available()
        with ThreadPoolExecutor(max_workers=min(settings.concurrency, len(missing))) as pool:
            futures = {key: pool.submit(client.check, chunk.text) for key, chunk in missing.items()}
            try:
                for key, future in futures.items():
                    raw = future.result()
                    parsed = _parse(raw, missing[key].text, settings)
                    if parsed is None:
                        raise EngineUnavailable(f"languagetool: the server at {client.url} sent matches auditor cannot read")
                    cache.put(key, raw)  # kept even when a later chunk fails
                    answers[key] = parsed
            except EngineUnavailable:
                for future in futures.values():
                    future.cancel()
                raise
    results: list[list[Match]] = []
    for chunks in chunked:
        matches = [
            dataclasses.replace(match, start=match.start + chunk.start, end=match.end + chunk.start)
            for chunk, key in chunks
            for match in answers[key]
        ]
        results.append(sorted(matches, key=lambda match: (match.start, match.end, match.rule_id)))
    return results


def _parse(raw: list[Any], text: str, settings: LanguageToolSettings) -> list[Match] | None:
    """Matches of one chunk with code-point offsets, or None when `raw` is not a LanguageTool answer."""
    source = SourceText(text)
    off = set(settings.categories_off)
    matches = []
    try:
        for entry in raw:
            rule = entry["rule"]
            category = rule["category"]["id"]
            if category in off:
                continue
            start16 = int(entry["offset"])
            end16 = start16 + int(entry["length"])
            if not 0 <= start16 <= end16 <= source.utf16_offset(len(text)):
                return None
            mapping = category_mapping(category)
            matches.append(
                Match(
                    start=source.from_utf16(start16),
                    end=source.from_utf16(end16),
                    rule_id=str(rule["id"]),
                    category=str(category),
                    message=str(entry["message"]),
                    replacements=tuple(str(item["value"]) for item in entry.get("replacements", ())),
                    family=mapping.family,
                    severity=mapping.severity,
                    description=str(rule.get("description", "")),
                )
            )
    except (KeyError, TypeError, ValueError):
        return None
    return matches
