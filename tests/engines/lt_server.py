"""A stand-in LanguageTool server for the tests: LanguageTool's /v2 protocol, a few real rules.

It speaks what LanguageTool's server speaks (form fields `text` or `data`, `language`,
`enabledRules`, `disabledRules`, `enabledCategories`, `disabledCategories`, `level`; JSON
matches with UTF-16 offsets and lengths) and can be told to fail: `script` holds the
answers to give to the next /v2/check requests ("500", "429", "hang", "html", "offsets")
before answering.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]


@dataclass(frozen=True)
class FakeRule:
    id: str
    category: str
    pattern: str
    message: str
    replacement: str  # a template for the match (`\1`), "" for none
    picky_only: bool = False


RULES = (
    FakeRule("EN_A_VS_AN", "MISC", r"\ba(?= [aeiou])", "Use “an” instead of “a” before a vowel sound.", "an"),
    FakeRule("ENGLISH_WORD_REPEAT_RULE", "MISC", r"\b(\w+) \1\b", "Possible typo: you repeated a word.", r"\1"),
    FakeRule("MORFOLOGIK_RULE_EN_US", "TYPOS", r"\bXyzzy\b", "Possible spelling mistake found.", "Fuzzy"),
    FakeRule("PHRASE_REPETITION", "STYLE", r"\bvery\b", "Consider a stronger word than “very”.", "", picky_only=True),
)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check(text: str, fields: dict[str, str]) -> list[dict[str, Any]]:
    """LanguageTool's answer for `text`: matches with offsets and lengths in UTF-16 code units."""

    def listed(name: str) -> set[str]:
        return set(filter(None, fields.get(name, "").split(",")))

    matches = []
    for rule in RULES:
        if rule.id in listed("disabledRules") or rule.category in listed("disabledCategories"):
            continue
        if rule.picky_only and fields.get("level") != "picky":
            continue
        for found in re.finditer(rule.pattern, text):
            context_start = max(0, found.start() - 20)
            matches.append(
                {
                    "message": rule.message,
                    "shortMessage": "",
                    "replacements": [{"value": found.expand(rule.replacement)}] if rule.replacement else [],
                    "offset": utf16_length(text[: found.start()]),
                    "length": utf16_length(found.group()),
                    "context": {
                        "text": text[context_start : found.end() + 20],
                        "offset": found.start() - context_start,
                        "length": found.end() - found.start(),
                    },
                    "sentence": text,
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": rule.id,
                        "description": rule.message,
                        "issueType": "grammar",
                        "category": {"id": rule.category, "name": rule.category.title()},
                    },
                }
            )
    return sorted(matches, key=lambda match: match["offset"])


def annotated_text(data: str) -> str:
    """The text of LanguageTool's `data` field, markup counted as spaces (offsets stay the document's)."""
    parts = json.loads(data)["annotation"]
    return "".join(part["text"] if "text" in part else " " * len(part["markup"]) for part in parts)


@dataclass
class FakeServer:
    url: str = ""
    script: list[str] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    hang_seconds: float = 2.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def checks(self) -> list[dict[str, str]]:
        return [request for request in self.requests if request["path"] == "/v2/check"]


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # the tests' output stays clean
        pass

    def do_GET(self) -> None:
        self._record({})
        if self.path.startswith("/v2/languages"):
            self._answer(200, json.dumps(LANGUAGES))
        else:
            self._answer(404, "Error: unknown path")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        fields = {key: values[0] for key, values in urllib.parse.parse_qs(body).items()}
        self._record(fields)
        if not self.path.startswith("/v2/check"):
            self._answer(404, "Error: unknown path")
            return
        state = self.server_state
        with state.lock:
            scripted = state.script.pop(0) if state.script else ""
        if scripted == "hang":
            time.sleep(state.hang_seconds)
        elif scripted == "500":
            self._answer(500, "Error: Internal Server Error")
            return
        elif scripted == "html":  # a proxy's error page instead of LanguageTool's answer
            self._answer(200, "<html><body>Bad gateway</body></html>")
            return
        elif scripted == "offsets":  # a match beyond the end of the text
            self._answer(200, json.dumps({"matches": [{**check("a apple", fields)[0], "offset": 10**6}]}))
            return
        elif scripted == "429":
            self._answer(429, "Error: Too many requests", {"Retry-After": "7"})
            return
        if fields.get("language") not in {language["longCode"] for language in LANGUAGES}:
            self._answer(400, f"Error: '{fields.get('language')}' is not a language code known to LanguageTool.")
            return
        text = fields["text"] if "text" in fields else annotated_text(fields["data"])
        self._answer(200, json.dumps({"software": {"name": "LanguageTool"}, "matches": check(text, fields)}))

    def _record(self, fields: dict[str, str]) -> None:
        with self.server_state.lock:
            self.server_state.requests.append({"path": self.path.split("?")[0], **fields})

    def _answer(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (a timeout test)
            pass


@contextmanager
def running_server() -> Iterator[FakeServer]:
    state = FakeServer()
    handler = type("Handler", (_Handler,), {"server_state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
