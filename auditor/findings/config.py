"""Project configuration: `[tool.auditor]` in pyproject.toml or a `.auditor.toml` file.

The file is found by walking up from the audited paths (or the current folder); `--config`
names one explicitly. Keys are kebab-case like Ruff's. tomllib gives no positions, so
`_KeyLines` finds the line of each key itself: every error names `file:line`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.context import BUILT_IN_ENGINE
from auditor.findings.cap import DEFAULT_MAX_FINDINGS_PER_RULE
from auditor.model import Finding, Severity
from auditor.read.changed import common_folder
from auditor.selectors import ALL, identity_of, matches_any, selector_matches

if TYPE_CHECKING:
    from auditor.context import Engine
    from auditor.kinds.base import Rule
    from auditor.packs.load import RuleSet

CONFIG_FILE = ".auditor.toml"
PYPROJECT = "pyproject.toml"
FAIL_LEVELS = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """A config file that cannot be used; `str()` is one line naming the file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------- globs


def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile a path glob (`*`, `?`, `[abc]`, `**/` for any folders); raise ValueError when malformed.

    A pattern without `/` matches the file name at any depth, like .gitignore.
    """
    if not pattern.strip():
        raise ValueError("empty glob")
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            before_ok = index == 0 or pattern[index - 1] == "/"
            after = pattern[index + 2 : index + 3]
            if not before_ok or after not in ("", "/"):
                raise ValueError("'**' must be a whole path segment")
            parts.append("(?:.*/)?" if after == "/" else ".*")
            index += 3 if after == "/" else 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 2 if pattern[index + 1 : index + 2] in ("!", "]") else index + 1)
            if close == -1:
                raise ValueError("unclosed '[' in glob")
            body = pattern[index + 1 : close]
            if body.startswith("!"):
                body = "^" + body[1:]
            parts.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
            index = close + 1
            continue
        elif char == "]":
            raise ValueError("unmatched ']' in glob")
        else:
            parts.append(re.escape(char))
        index += 1
    try:
        return re.compile("".join(parts) + "/?")
    except re.error as error:
        raise ValueError(str(error)) from None


# --------------------------------------------------------------------------- the config value


@dataclass(frozen=True)
class PerFileIgnore:
    """Rules ignored in the files a glob matches (relative to the config file's folder)."""

    glob: str
    selectors: tuple[str, ...]
    pattern: re.Pattern[str] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Config:
    """The settings of one run; the defaults apply when no config file is found."""

    path: Path | None = None
    select: tuple[str, ...] = (ALL,)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    rule_packs: tuple[Path, ...] = ()
    accepted_words: tuple[str, ...] = ()
    accepted_names: tuple[str, ...] = ()
    profile: str | None = None
    fail_on: str | None = None
    fixable: tuple[str, ...] = (ALL,)
    unfixable: tuple[str, ...] = ()
    max_findings_per_rule: int = DEFAULT_MAX_FINDINGS_PER_RULE  # per document; 0: no cap
    engines: tuple[str, ...] = ()
    engine_settings: tuple[tuple[str, Any], ...] = ()
    """(engine name, its parsed settings) for the engines with a table (`[tool.auditor.ml]`)."""
    glossary: tuple[tuple[str, str], ...] = ()
    """the term base of `glossary` files: (source term, required target term) pairs (rule kind `glossary`)"""
    lines: "_KeyLines | None" = field(default=None, compare=False, repr=False)
    prefix: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def root(self) -> Path:
        """The folder that relative paths and globs in the config are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def selects(self, rule: "Rule | Finding") -> bool:
        """Return whether the rule (or a finding's rule) runs: selected (or extend-selected) and not ignored."""
        chosen = matches_any(self.select, rule) or matches_any(self.extend_select, rule)
        return chosen and not matches_any(self.ignore, rule)

    def select_rules(self, ruleset: "RuleSet") -> "RuleSet":
        """Return the rule set with only the rules this config runs."""
        return ruleset.select(self.selects)

    def is_fixable(self, item: "Rule | Finding") -> bool:
        """Return whether `auditor fix` may apply the fixes of a rule (or a finding's rule)."""
        return matches_any(self.fixable, item) and not matches_any(self.unfixable, item)

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """Return the selectors that per-file-ignores turn off for `path`."""
        if not self.per_file_ignores or path.startswith("<"):
            return ()
        relative = Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()
        return tuple(s for entry in self.per_file_ignores if entry.pattern.fullmatch(relative) for s in entry.selectors)

    @functools.cached_property
    def accepted_texts(self) -> frozenset[str]:
        """The accepted words and names, case-folded (built once, not per document)."""
        return frozenset(entry.casefold() for entry in (*self.accepted_words, *self.accepted_names))

    def adjust(self, path: str, findings: Sequence["Finding"], text: str = "") -> list["Finding"]:
        """Drop the findings per-file-ignores turn off and apply severity overrides.

        Findings of an optional engine's own rules (LanguageTool's `LT:` ids), which no pack
        defines and `select_rules` therefore never saw, are dropped here when not selected.
        A finding whose flagged text (in `text`) is exactly an accepted word or name is dropped
        whatever its rule: the project declared that text correct (`auditor serve`'s Mark as correct).
        """
        ignored = self.ignored_in(path)
        accepted = self.accepted_texts if text else frozenset()
        adjusted = []
        for finding in findings:
            if ignored and matches_any(ignored, finding):
                continue
            if accepted and " ".join(text[finding.span.start : finding.span.end].split()).casefold() in accepted:
                continue
            if finding.engine != BUILT_IN_ENGINE and not self.selects(finding):
                continue
            level = self.severity_for(finding)
            adjusted.append(finding if level in (None, finding.severity) else replace(finding, severity=level))
        return adjusted

    def severity_for(self, finding: "Finding") -> Severity | None:
        """Return the overridden severity of a finding's rule; the most specific selector wins."""
        identity = identity_of(finding)
        matching = [(selector, level) for selector, level in self.severity if selector_matches(selector, *identity)]
        if not matching:
            return None
        # An exact id or name beats a family or prefix; among prefixes the longer one wins.
        return max(matching, key=lambda pair: (pair[0] in identity[:2], len(pair[0])))[1]

    def context_options(self, profile: str | None = None) -> dict[str, Any]:
        """Return the keyword options of `check.document.context_for`; a `--profile` given on the command line wins."""
        options: dict[str, Any] = {}
        if self.accepted_words or self.accepted_names:
            options["accepted_words"] = self.accepted_words + self.accepted_names
        if self.accepted_names:
            options["accepted_names"] = self.accepted_names
        if self.glossary:
            options["glossary"] = self.glossary
        chosen = profile or self.profile
        if chosen:
            options["profile"] = chosen
        return options

    def enabled_engines(self, on_missing: Callable[[str], None] | None = None) -> dict[str, "Engine"]:
        """The engines of `engines`, loaded (once per process) with their settings tables.

        One that cannot load raises `EngineUnavailable`, or with `on_missing` is reported there
        in one line and left out.
        """
        if not self.engines:
            return {}
        from auditor.engines import load_engines

        return load_engines(self.engines, dict(self.engine_settings), on_missing=on_missing)

    def check_selectors(self, ruleset: "RuleSet") -> None:
        """Raise ConfigError for a selector that names no loaded rule (a typo would silently do nothing)."""
        if self.path is None or self.lines is None:
            return
        keyed = {"select": self.select, "extend-select": self.extend_select, "ignore": self.ignore}
        keyed |= {"fixable": self.fixable, "unfixable": self.unfixable}
        checks: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [(key, (), selectors) for key, selectors in keyed.items()]
        checks += [("severity", (selector,), (selector,)) for selector, _ in self.severity]
        checks += [("per-file-ignores", (entry.glob,), entry.selectors) for entry in self.per_file_ignores]
        for key, sub, selectors in checks:
            for selector in selectors:
                if selector != ALL and not any(matches_any((selector,), rule) for rule in ruleset.rules) and not _names_engine_rules(selector):
                    raise _Where(self.path, self.prefix, key, self.lines).error(f"'{selector}' matches no rule", *sub)


def _names_engine_rules(selector: str) -> bool:
    """Whether a selector names rules of an optional engine (`LT:EN_A_VS_AN`, `LT`): only the run knows those."""
    from auditor.engines import ENGINES

    prefixes = [entry.rule_prefix for entry in ENGINES.values() if entry.rule_prefix]
    return any(selector.startswith(prefix) or selector_matches(selector, prefix) for prefix in prefixes)


# --------------------------------------------------------------------------- reading


class _KeyLines:
    """Find the 1-based line of each key in a TOML file (tomllib reports none)."""

    _TABLE_RE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
    _KEY_RE = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
    _PART_RE = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._TABLE_RE.match(line)
            if header:
                table = self._parts(header.group(1))
                self.lines.setdefault(table, number)
                continue
            key = self._KEY_RE.match(line)
            if key:
                self.lines.setdefault(table + self._parts(key.group(1)), number)

    def _parts(self, dotted: str) -> tuple[str, ...]:
        return tuple(part.strip("\"'") for part in self._PART_RE.findall(dotted))

    def line(self, *key: str) -> int | None:
        return self.lines.get(key)


@dataclass(frozen=True)
class _Where:
    """One key of the config file, to report a bad value at its line."""

    path: Path
    prefix: tuple[str, ...]
    key: str
    lines: _KeyLines

    def line(self, *sub: str) -> int | None:
        return self.lines.line(*self.prefix, self.key, *sub) or self.lines.line(*self.prefix, self.key)

    def error(self, message: str, *sub: str) -> ConfigError:
        return ConfigError(self.path, self.line(*sub), f"{self.key}: {message}")


def _string_list(value: Any, where: _Where, *sub: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise where.error("must be a list of non-empty strings", *sub)
    return tuple(item.strip() for item in value)


def _severity_map(value: Any, where: _Where) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise where.error('must be a table of rule = "error" | "warning" | "info"')
    pairs = []
    for selector, level in value.items():
        try:
            pairs.append((selector, Severity.parse(level if isinstance(level, str) else "")))
        except ValueError:
            raise where.error(f"'{selector}': unknown severity {level!r} (expected error, warning or info)", selector) from None
    return tuple(pairs)


def _per_file_ignores(value: Any, where: _Where) -> tuple[PerFileIgnore, ...]:
    if not isinstance(value, dict):
        raise where.error('must be a table of "glob" = [rules]')
    entries = []
    for glob, selectors in value.items():
        try:
            pattern = compile_glob(glob)
        except ValueError as error:
            raise where.error(f"'{glob}': bad glob: {error}", glob) from None
        entries.append(PerFileIgnore(glob, _string_list(selectors, where, glob), pattern))
    return tuple(entries)


def _fail_on(value: Any, where: _Where) -> str:
    if value not in FAIL_LEVELS:
        raise where.error(f"unknown level {value!r} (expected {', '.join(FAIL_LEVELS)})")
    return str(value)


def _profile(value: Any, where: _Where) -> str:
    if not isinstance(value, str) or not value.strip():
        raise where.error("must be the name of a readability profile")
    return value.strip()


def _count(value: Any, where: _Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise where.error("must be a whole number, 0 or more (0: no cap)")
    return value
def _engines(value: Any, where: _Where) -> tuple[str, ...]:
    from auditor.engines import ENGINES

    names = _string_list(value, where)
    for name in names:
        if name not in ENGINES:
            raise where.error(f"unknown engine '{name}' (known: {', '.join(sorted(ENGINES))})")
    return names


def _engine_settings(name: str, value: Any, where: _Where) -> Any:
    """An engine's settings table, checked by the engine's own parser (`auditor.engines.ENGINES`)."""
    from auditor.engines import SettingsError, parse_settings

    if not isinstance(value, dict):
        raise where.error("must be a table of the engine's settings")
    try:
        return parse_settings(name, value)
    except SettingsError as error:
        sub = tuple(error.key.split("."))
        line = where.lines.line(*where.prefix, name, *sub) or where.line()
        raise ConfigError(where.path, line, f"{name}.{error.key}: {error}") from None


def _glossary(value: Any, where: _Where) -> tuple[tuple[str, str], ...]:
    from auditor.read.glossary import GlossaryError, read_glossary

    paths = [value] if isinstance(value, str) else _string_list(value, where)
    try:
        return tuple(pair for path in paths for pair in read_glossary(str(where.path.parent / path)))
    except GlossaryError as error:
        raise where.error(str(error)) from None


def _rule_packs(value: Any, where: _Where) -> tuple[Path, ...]:
    return tuple(where.path.parent / folder for folder in _string_list(value, where))


# key -> (Config field, parser of the TOML value)
_KEYS: dict[str, tuple[str, Callable[[Any, _Where], Any]]] = {
    "select": ("select", _string_list),
    "extend-select": ("extend_select", _string_list),
    "ignore": ("ignore", _string_list),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "severity": ("severity", _severity_map),
    "rule-packs": ("rule_packs", _rule_packs),
    "accepted-words": ("accepted_words", _string_list),
    "accepted-names": ("accepted_names", _string_list),
    "profile": ("profile", _profile),
    "fail-on": ("fail_on", _fail_on),
    "fixable": ("fixable", _string_list),
    "unfixable": ("unfixable", _string_list),
    "max-findings-per-rule": ("max_findings_per_rule", _count),
    "engines": ("engines", _engines),
    "glossary": ("glossary", _glossary),
}


def load_config(path: Path | str) -> Config:
    """Read one config file (`.auditor.toml`, or the `[tool.auditor]` table of a pyproject.toml)."""
    import tomllib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, None, f"cannot read config: {getattr(error, 'strerror', None) or error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, None, f"invalid TOML: {error}") from None
    prefix: tuple[str, ...] = ("tool", "auditor") if path.name == PYPROJECT else ()
    table: Any = data
    for part in prefix:
        table = table.get(part, {}) if isinstance(table, dict) else {}
    lines = _KeyLines(text)
    if not isinstance(table, dict):
        raise ConfigError(path, lines.line(*prefix), "[tool.auditor] must be a table")
    from auditor.engines import ENGINES

    values: dict[str, Any] = {}
    settings: list[tuple[str, Any]] = []
    for key, value in table.items():
        if key in ENGINES:
            settings.append((key, _engine_settings(key, value, _Where(path, prefix, key, lines))))
            continue
        if key not in _KEYS:
            allowed = ", ".join(sorted([*_KEYS, *ENGINES]))
            raise ConfigError(path, lines.line(*prefix, key), f"unknown key '{key}' (allowed: {allowed})")
        attribute, parse = _KEYS[key]
        values[attribute] = parse(value, _Where(path, prefix, key, lines))
    return Config(path=path, lines=lines, prefix=prefix, engine_settings=tuple(settings), **values)


def find_config(paths: Sequence[str] = ()) -> Path | None:
    """Return the nearest `.auditor.toml` or pyproject.toml with `[tool.auditor]` above the paths."""
    start = common_folder(paths)
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_auditor_table(pyproject):
            return pyproject
    return None


def _has_auditor_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*auditor\s*[\].]|^\s*tool\s*\.\s*auditor\s*[.=]", text, re.MULTILINE) is not None


def config_for(explicit: str | None, paths: Sequence[str] = ()) -> Config:
    """Return the config named by `--config`, else the nearest one above `paths`, else the defaults."""
    if explicit:
        if not os.path.isfile(explicit):
            raise ConfigError(explicit, None, "config file not found")
        return load_config(explicit)
    found = find_config(paths)
    return load_config(found) if found is not None else Config()
