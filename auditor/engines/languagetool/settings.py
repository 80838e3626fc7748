"""Settings of the LanguageTool engine (`[tool.auditor.languagetool]`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from auditor.engines import SettingsError
from auditor.engines.languagetool.categories import default_off_categories

DEFAULT_SERVER = "http://localhost:8081"  # where LanguageTool's own server listens by default
PUBLIC_API_HOSTS = ("api.languagetool.org", "languagetool.org")
PUBLIC_API_REQUESTS_PER_MINUTE = 20

_TUPLE_KEYS = ("enabled_rules", "disabled_rules", "enabled_categories", "disabled_categories")


@dataclass(frozen=True, kw_only=True)
class LanguageToolSettings:
    """Where LanguageTool runs and what it is asked; see docs/languagetool.md."""

    server: str | None = None  # a LanguageTool server's base URL (self-hosted or the public API)
    install: Path | None = None  # or a local LanguageTool install (folder of languagetool-server.jar)
    language: str = "en-US"
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    picky: bool = False
    timeout: float = 30.0  # seconds per request
    concurrency: int = 4  # requests in flight at once
    requests_per_minute: int | None = None  # None: 20 for the public API, unlimited otherwise
    retries: int = 3  # tries per chunk (timeouts, HTTP 5xx and 429)
    max_chunk_chars: int = 15_000  # the public API refuses texts over 20,000 characters
    startup_timeout: float = 90.0  # seconds a local install may take to start its server

    def __post_init__(self) -> None:
        if self.server is not None and self.install is not None:
            raise SettingsError("install", "set either server or install, not both")
        if self.server is not None and urlsplit(self.server).scheme not in ("http", "https"):
            raise SettingsError("server", f"must be an http(s) URL, not {self.server!r}")
        for name in ("timeout", "concurrency", "retries", "max_chunk_chars", "startup_timeout"):
            if getattr(self, name) <= 0:
                raise SettingsError(name, "must be positive")
        if self.requests_per_minute is not None and self.requests_per_minute <= 0:
            raise SettingsError("requests_per_minute", "must be positive")

    @property
    def server_url(self) -> str:
        """The server's base URL without a trailing slash (the default one when none is set)."""
        return (self.server or DEFAULT_SERVER).rstrip("/")

    @property
    def rate_limit(self) -> int | None:
        """Requests per minute this server accepts, or None for no limit."""
        if self.requests_per_minute is not None:
            return self.requests_per_minute
        if urlsplit(self.server_url).hostname in PUBLIC_API_HOSTS:
            return PUBLIC_API_REQUESTS_PER_MINUTE
        return None

    @property
    def categories_off(self) -> tuple[str, ...]:
        """Categories neither requested nor reported: the user's and the default-off ones not enabled."""
        defaults = [name for name in default_off_categories() if name not in self.enabled_categories]
        return tuple(sorted({*self.disabled_categories, *defaults}))

    def request_fields(self) -> dict[str, str]:
        """The form fields of /v2/check besides the text."""
        fields = {"language": self.language}
        for key, values in (
            ("enabledRules", self.enabled_rules),
            ("disabledRules", self.disabled_rules),
            ("enabledCategories", self.enabled_categories),
            ("disabledCategories", self.categories_off),
        ):
            if values:
                fields[key] = ",".join(values)
        if self.picky:
            fields["level"] = "picky"
        return fields


def parse_settings(table: Mapping[str, object]) -> LanguageToolSettings:
    """The settings in a `[tool.auditor.languagetool]` table; raise SettingsError naming the bad key."""
    keys = {field.name for field in dataclasses.fields(LanguageToolSettings)} - {"picky"} | {"level"}
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in keys:
            raise SettingsError(key, f"unknown key (known: {', '.join(sorted(keys))})")
        values["picky" if key == "level" else key] = _convert(key, value)
    return LanguageToolSettings(**values)  # type: ignore[arg-type]  # each value was checked by _convert


def _convert(key: str, value: object) -> object:
    if key == "level":
        if value not in ("default", "picky"):
            raise SettingsError(key, f"must be 'default' or 'picky', not {value!r}")
        return value == "picky"
    if key in _TUPLE_KEYS:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SettingsError(key, "must be a list of strings")
        return tuple(value)
    if key == "install":
        if not isinstance(value, str):
            raise SettingsError(key, "must be a path")
        return Path(value).expanduser()
    expected: tuple[type, ...] = {
        "server": (str,),
        "language": (str,),
        "timeout": (int, float),
        "startup_timeout": (int, float),
    }.get(key, (int,))
    if not isinstance(value, expected) or isinstance(value, bool):
        raise SettingsError(key, f"has the wrong type ({type(value).__name__})")
    return value
