"""Optional engines, imported lazily and only when enabled (their dependencies are extras).

`ENGINES` maps an engine's name (`--engine NAME`, config `engines = [...]`) to where its code is:
a settings parser (the engine's `[tool.auditor.NAME]` table, checked without importing the
engine's dependencies) and a loader (settings -> an engine, see `auditor.context.Engine`). A new
engine plugs in with one entry. Loading raises :class:`EngineUnavailable` with one line naming
the missing extra or model; a loaded engine is kept for the rest of the process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.context import Engine


class EngineUnavailable(Exception):
    """An engine cannot run here: an extra or a model is missing (the message says which)."""


class SettingsError(ValueError):
    """A bad value in an engine's settings table; ``key`` names it (``batch-size``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class EngineEntry:
    settings: str
    """``module:function`` taking the settings table (a dict, empty by default) to a hashable value."""
    loader: str
    """``module:function`` taking those settings to the engine; raises EngineUnavailable."""
    extra: str
    """the pip extra the engine needs (named in the line about a missing dependency)."""
    rule_prefix: str = ""
    """the id prefix of the engine's own rules (``LT:``), which no pack defines: config selectors may name them."""


ENGINES: dict[str, EngineEntry] = {
    "ml": EngineEntry("auditor.engines.ml.settings:parse_settings", "auditor.engines.ml.engine:load_engine", "ml"),
    "languagetool": EngineEntry(
        "auditor.engines.languagetool.settings:parse_settings", "auditor.engines.languagetool.adapter:load_engine", "languagetool", "LT:"
    ),
}

_loaded: dict[tuple[str, Any], "Engine"] = {}


def _function(where: str) -> Callable[..., Any]:
    module_name, _, function = where.partition(":")
    return getattr(importlib.import_module(module_name), function)  # type: ignore[no-any-return]


def check_names(names: Sequence[str]) -> None:
    """Raise EngineUnavailable for a name that is no engine."""
    for name in names:
        if name not in ENGINES:
            raise EngineUnavailable(f"unknown engine {name!r} (known: {', '.join(sorted(ENGINES))})")


def parse_settings(name: str, table: Mapping[str, Any] | None = None) -> Any:
    """The settings of engine ``name`` from its config table; raise SettingsError for a bad value."""
    check_names([name])
    return _function(ENGINES[name].settings)(dict(table or {}))


def load_engine(name: str, settings: Any = None) -> "Engine":
    """The engine ``name`` with ``settings`` (None: its defaults), loaded once per process."""
    settings = parse_settings(name) if settings is None else settings
    key = (name, settings)
    if key not in _loaded:
        try:
            _loaded[key] = _function(ENGINES[name].loader)(settings)
        except ImportError as error:  # a dependency the engine's own checks did not name
            raise EngineUnavailable(
                f"the {name} engine needs {error.name or 'a package'!r}, which is not installed: "
                f"pip install 'auditor[{ENGINES[name].extra}]'"
            ) from error
    return _loaded[key]


def load_engines(
    names: Sequence[str], settings: Mapping[str, Any], *, on_missing: Callable[[str], None] | None = None
) -> dict[str, "Engine"]:
    """Engines by name; one that cannot load raises EngineUnavailable, or, with ``on_missing``, is
    reported there (one line) and left out."""
    check_names(names)
    engines: dict[str, Engine] = {}
    for name in dict.fromkeys(names):
        try:
            engines[name] = load_engine(name, settings.get(name))
        except EngineUnavailable as error:
            if on_missing is None:
                raise
            on_missing(f"engine {name} is off: {error}")
    return engines
