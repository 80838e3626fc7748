"""A small HTTP client for LanguageTool's /v2 API: timeouts, retries with back-off, rate limits.

Why not language-tool-python's client: it cannot tell HTTP 429 from 500 (it parses every
answer as JSON and reports a bare error), has no per-request timeout setting (a fixed 300 s),
keeps its UTF-16 offset fix-up in class-wide state (a race: with 8 threads and frequent thread
switches, 8 of 200 texts got wrong offsets) and does not convert match lengths. The standard
library is enough and costs no import.
"""

from __future__ import annotations

import atexit
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

# EngineUnavailable (the registry's): LanguageTool cannot be used here; one line saying what is missing and how to provide it.
from auditor.engines import EngineUnavailable as EngineUnavailable
from auditor.engines.languagetool.settings import LanguageToolSettings

HOW_TO_PROVIDE = "set [tool.auditor.languagetool] server = ... or run LanguageTool locally: see docs/languagetool.md"
_MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is not waited for within one run
_SERVER_JAR = "languagetool-server.jar"



class RateLimiter:
    """At most `per_minute` requests in any 60 seconds (a sliding window), shared by threads."""

    def __init__(self, per_minute: int, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:  # waiting under the lock keeps the threads in order
            while True:
                now = self.clock()
                while self._sent and self._sent[0] <= now - 60.0:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return
                self.sleep(self._sent[0] + 60.0 - now)


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(
    url: str, per_minute: int, clock: Callable[[], float], sleep: Callable[[float], None]
) -> RateLimiter:
    """The one limiter of a server (per URL and limit), so that every client in the process shares it."""
    with _limiters_lock:
        key = f"{url}\0{per_minute}"
        if key not in _limiters:
            _limiters[key] = RateLimiter(per_minute, clock, sleep)
        return _limiters[key]


class LanguageToolClient:
    """Talks to one LanguageTool server: the configured URL, or a server started from a local install."""

    def __init__(
        self,
        settings: LanguageToolSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.sleep = sleep
        self.url = local_server(settings) if settings.install is not None else settings.server_url
        limit = settings.rate_limit
        self.limiter = limiter_for(self.url, limit, clock, sleep) if limit else None
        self._checked = False
        self._checked_lock = threading.Lock()

    def ensure_available(self) -> None:
        """Raise EngineUnavailable unless the server answers and offers the configured language."""
        with self._checked_lock:
            if self._checked:
                return
            if self.limiter is not None:  # the probe counts against the server's limit too
                self.limiter.acquire()
            try:
                with urllib.request.urlopen(f"{self.url}/v2/languages", timeout=self.settings.timeout) as answer:
                    languages = json.loads(answer.read())
            except urllib.error.HTTPError as error:
                raise EngineUnavailable(f"languagetool: the server at {self.url} answered HTTP {error.code}; {HOW_TO_PROVIDE}") from None
            except (urllib.error.URLError, OSError) as error:
                raise EngineUnavailable(f"languagetool: no server at {self.url} ({_reason(error)}); {HOW_TO_PROVIDE}") from None
            except ValueError:
                raise EngineUnavailable(f"languagetool: {self.url} is not a LanguageTool server (its /v2/languages is not JSON)") from None
            codes = {entry.get(key) for entry in languages if isinstance(entry, dict) for key in ("code", "longCode")}
            if self.settings.language not in codes:
                raise EngineUnavailable(
                    f"languagetool: the server at {self.url} does not offer language {self.settings.language!r}"
                )
            self._checked = True

    def check(self, text: str) -> list[dict[str, Any]]:
        """Return the raw `matches` of /v2/check for `text`, retrying timeouts, HTTP 5xx and 429.

        Between tries it waits the server's Retry-After, else 0.5 s, 1 s, 2 s, ...
        """
        body = urllib.parse.urlencode({**self.settings.request_fields(), "text": text}).encode()
        tries = self.settings.retries
        problem = ""
        retry_after: float | None = None
        for attempt in range(tries):
            if attempt:
                self.sleep(retry_after if retry_after is not None else 0.5 * 2 ** (attempt - 1))
                retry_after = None
            if self.limiter is not None:
                self.limiter.acquire()
            request = urllib.request.Request(f"{self.url}/v2/check", data=body, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.settings.timeout) as answer:
                    payload = json.loads(answer.read())
            except urllib.error.HTTPError as error:
                if error.code != 429 and error.code < 500:
                    detail = error.read().decode("utf-8", "replace").strip().splitlines()[:1]
                    raise EngineUnavailable(
                        f"languagetool: the server at {self.url} refused the text (HTTP {error.code}"
                        + (f": {detail[0][:200]}" if detail else "")
                        + ")"
                    ) from None
                problem = f"answered HTTP {error.code}"
                retry_after = _retry_after(error.headers.get("Retry-After", ""))
                continue
            except TimeoutError:
                problem = f"did not answer within {self.settings.timeout:g} s"
                continue
            except (urllib.error.URLError, OSError) as error:
                if isinstance(getattr(error, "reason", None), TimeoutError):
                    problem = f"did not answer within {self.settings.timeout:g} s"
                    continue
                raise EngineUnavailable(f"languagetool: no server at {self.url} ({_reason(error)}); {HOW_TO_PROVIDE}") from None
            except ValueError:
                raise EngineUnavailable(f"languagetool: the server at {self.url} sent an answer that is not JSON") from None
            if not isinstance(payload, dict) or not isinstance(payload.get("matches"), list):
                raise EngineUnavailable(f"languagetool: the server at {self.url} sent an answer without matches")
            matches: list[dict[str, Any]] = payload["matches"]
            return matches
        raise EngineUnavailable(f"languagetool: the server at {self.url} {problem} ({tries} tries)")


def _retry_after(header: str) -> float | None:
    """Seconds to wait from a Retry-After header in seconds (capped); None when absent (back off instead)."""
    return min(float(header), _MAX_RETRY_AFTER) if header.strip().isdigit() else None


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return "timed out"
    return str(getattr(reason, "strerror", None) or reason)


_local_servers: dict[Path, tuple[str, subprocess.Popen[bytes]]] = {}
_local_lock = threading.Lock()


def local_server(settings: LanguageToolSettings) -> str:
    """Start LanguageTool's HTTP server from the local install (once per process); return its URL."""
    assert settings.install is not None
    install = settings.install.resolve()
    with _local_lock:
        if install not in _local_servers:
            if not _local_servers:
                atexit.register(stop_local_servers)
            _local_servers[install] = _start_server(install, settings.startup_timeout)
        return _local_servers[install][0]


def stop_local_servers() -> None:
    """Stop the servers started from local installs (also done when the process exits)."""
    with _local_lock:
        for _, process in _local_servers.values():
            process.terminate()
            process.wait()
        _local_servers.clear()


def _start_server(install: Path, startup_timeout: float) -> tuple[str, subprocess.Popen[bytes]]:
    jar = install / _SERVER_JAR
    if not jar.is_file():
        raise EngineUnavailable(f"languagetool: no LanguageTool install at {install} ({_SERVER_JAR} missing); {HOW_TO_PROVIDE}")
    java = shutil.which("java")
    if java is None:
        raise EngineUnavailable(
            f"languagetool: Java not found (a local install runs with Java 17 or later); install Java or {HOW_TO_PROVIDE}"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/v2/languages", timeout=2):
                return url, process
        except OSError:
            time.sleep(0.5)
    exit_code = process.poll()
    process.terminate()
    process.wait()
    what = f"exited with code {exit_code}" if exit_code is not None else f"did not answer within {startup_timeout:g} s"
    raise EngineUnavailable(
        f"languagetool: the server of the LanguageTool install at {install} {what};"
        f" check it with: java -cp {jar} org.languagetool.server.HTTPServer"
    )
