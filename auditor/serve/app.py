"""The Starlette application of `auditor serve`: the page, the JSON API (v1) and LanguageTool's /v2.

Every audit runs on the bounded worker pool with a time limit; every body is read with a
size limit. Errors are JSON objects `{"error": message, "status": code}` (LanguageTool's
endpoints answer in its plain-text form, `Error: message`). Requests must name a loopback
host or the one the server was started with (no DNS rebinding), writes must carry the CSRF
token of the page, and every answer carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auditor.read.inputs import InputError, decode
from auditor.serve import languagetool
from auditor.serve.limits import Limits
from auditor.serve.openapi import openapi_document
from auditor.serve.pool import Busy, TooSlow, WorkerPool
from auditor.serve.service import EXPORTS, InputProblem, Service, check_filename
from auditor.serve.vocabulary import VocabularyError

STATIC = Path(__file__).parent / "static"
API_PREFIXES = ("/api/v1", "/api")  # /api is the current version's alias
CSRF_HEADER = "x-csrf-token"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


class _SecurityHeaders:
    """Add SECURITY_HEADERS to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(name, value) for name, value in message.get("headers", []) if name.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(name.encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(service: Service, limits: Limits = Limits(), *, host: str = "127.0.0.1", csrf_token: str | None = None) -> Starlette:
    """Return the application serving `service` within `limits`, reachable under `host` and loopback names."""
    pool = WorkerPool(limits.workers, limits.queue)
    token = csrf_token or secrets.token_urlsafe(32)
    page = (STATIC / "index.html").read_text(encoding="utf-8").replace("__CSRF_TOKEN__", token)

    async def body_of(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
            raise HTTPException(413, f"the request body is {int(declared):,} bytes; the limit is {limits.max_body_bytes:,}")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_body_bytes:
                raise HTTPException(413, f"the request body is over the limit of {limits.max_body_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def payload_of(request: Request) -> dict[str, Any]:
        try:
            payload = json.loads(await body_of(request))
        except (ValueError, UnicodeDecodeError) as error:
            raise HTTPException(422, f"the body is not JSON: {error}") from None
        if not isinstance(payload, dict):
            raise HTTPException(422, "the body must be a JSON object")
        return payload

    async def audit(work: Callable[[], Any]) -> Any:
        try:
            return await pool.run(work, limits.timeout_s)
        except Busy as error:
            raise HTTPException(503, f"server busy: {error}; try again shortly", headers={"Retry-After": "1"}) from None
        except TooSlow as error:
            raise HTTPException(503, str(error), headers={"Retry-After": "1"}) from None
        except (InputProblem, VocabularyError, languagetool.RequestError) as error:
            raise HTTPException(422, str(error)) from None

    def check_csrf(request: Request) -> None:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), token.encode()):
            raise HTTPException(403, f"missing or wrong {CSRF_HEADER} header (the token is in the page, or GET /api/v1/csrf)")
        origin = request.headers.get("origin")
        if origin is not None and urllib.parse.urlsplit(origin).netloc != request.headers.get("host"):
            raise HTTPException(403, f"cross-origin write refused (Origin {origin})")

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={"cache-control": "no-store"})

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    async def check(request: Request) -> Response:
        payload = await payload_of(request)
        text, filename = _text(payload), _filename(payload)
        return JSONResponse(await audit(lambda: service.check(text, filename)))

    async def fix(request: Request) -> Response:
        payload = await payload_of(request)
        text, filename = _text(payload), _filename(payload)
        edits = payload.get("edits")
        if edits is not None:
            if not isinstance(edits, list) or not all(isinstance(edit, dict) for edit in edits):
                raise HTTPException(422, "'edits' must be a list of {start, end, replacement} objects")
            return JSONResponse(await audit(lambda: service.apply_edits(text, filename, edits)))
        unsafe = payload.get("unsafe", False)
        if not isinstance(unsafe, bool):
            raise HTTPException(422, "'unsafe' must be true or false")
        return JSONResponse(await audit(lambda: service.fix_safe(text, filename, unsafe=unsafe)))

    async def export(request: Request) -> Response:
        payload = await payload_of(request)
        text, filename = _text(payload), _filename(payload)
        original = _string(payload, "original", text)
        kind = _string(payload, "format", "text")
        if kind not in EXPORTS:
            raise HTTPException(422, f"unknown export format {kind!r} (expected {', '.join(EXPORTS)})")
        made = await audit(lambda: service.export(original, text, filename, kind))
        disposition = f"attachment; filename*=UTF-8''{urllib.parse.quote(made.filename)}"
        return Response(made.body, media_type=made.media_type, headers={"content-disposition": disposition})

    async def decode_file(request: Request) -> Response:
        filename = _checked_filename(request.query_params.get("filename", ""))
        raw = await body_of(request)
        try:
            source = decode(filename, raw)
        except InputError as error:
            raise HTTPException(422, str(error)) from None
        return JSONResponse({"filename": filename, "encoding": source.encoding, "text": source.text})

    async def vocabulary(request: Request) -> Response:
        check_csrf(request)
        payload = await payload_of(request)
        entry, kind = _string(payload, "entry"), _string(payload, "kind", "word")
        return JSONResponse(await audit(lambda: service.add_vocabulary(entry, kind)))

    async def rules(request: Request) -> Response:
        return JSONResponse({"api_version": 1, "rules": service.rules()})

    async def csrf(request: Request) -> Response:
        return JSONResponse({"header": CSRF_HEADER, "token": token}, headers={"cache-control": "no-store"})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(limits))

    async def lt_languages(request: Request) -> Response:
        return JSONResponse(languagetool.LANGUAGES)

    async def lt_check(request: Request) -> Response:
        raw = await body_of(request)
        try:
            fields = {key: values[0] for key, values in urllib.parse.parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False).items()}
        except UnicodeDecodeError:
            raise HTTPException(400, "the form is not UTF-8") from None
        fields = {**dict(request.query_params), **fields}
        try:
            return JSONResponse(await audit(lambda: service.languagetool_check(fields)))
        except HTTPException as error:
            raise HTTPException(400 if error.status_code == 422 else error.status_code, error.detail, error.headers) from None

    api: list[tuple[str, Callable[[Request], Awaitable[Response]], list[str]]] = [
        ("/check", check, ["POST"]),
        ("/fix", fix, ["POST"]),
        ("/export", export, ["POST"]),
        ("/decode", decode_file, ["POST"]),
        ("/vocabulary", vocabulary, ["POST"]),
        ("/rules", rules, ["GET"]),
        ("/csrf", csrf, ["GET"]),
        ("/openapi.json", openapi, ["GET"]),
    ]
    routes: list[Route | Mount] = [Route("/", index, methods=["GET"]), Route("/favicon.ico", no_icon, methods=["GET"])]
    routes += [Route(prefix + path, endpoint, methods=methods) for prefix in API_PREFIXES for path, endpoint, methods in api]
    routes += [
        Route("/v2/languages", lt_languages, methods=["GET"]),
        Route("/v2/check", lt_check, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    hosts = sorted({host, *LOOPBACK_HOSTS} - {"0.0.0.0", "::"}) if host not in ("0.0.0.0", "::") else ["*"]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
        exception_handlers={HTTPException: _error},
        lifespan=lambda _: _closing(pool),
    )
    app.state.pool = pool
    app.state.service = service
    app.state.csrf_token = token
    return app


@contextlib.asynccontextmanager
async def _closing(pool: WorkerPool) -> AsyncIterator[None]:
    yield
    pool.shutdown()


async def _error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    headers = dict(error.headers or {})
    if request.url.path.startswith("/v2/"):
        return PlainTextResponse(f"Error: {error.detail}", status_code=error.status_code, headers=headers)
    return JSONResponse({"error": error.detail, "status": error.status_code}, status_code=error.status_code, headers=headers)


def _string(payload: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = payload.get(key, default)
    if not isinstance(value, str):
        raise HTTPException(422, f"'{key}' must be a string" if key in payload else f"'{key}' is required")
    return value


def _text(payload: Mapping[str, Any]) -> str:
    text = _string(payload, "text")
    if "\x00" in text:
        raise HTTPException(422, "'text' contains NUL characters: binary data is not audited")
    return text


def _checked_filename(name: str) -> str:
    try:
        return check_filename(name)
    except InputProblem as error:
        raise HTTPException(422, str(error)) from None


def _filename(payload: Mapping[str, Any]) -> str:
    return _checked_filename(_string(payload, "filename", "draft.txt"))
