"""Load YAML rule packs strictly into an explicit `RuleSet`.

A pack is a mapping with `pack` (its name), optional `description`, `rules` (a list of
entries, each naming a kind) and optional resource sections (data that kinds share, such
as a gazetteer). Unknown keys, wrong types, bad regexes and failing examples stop loading
with `path:line:col: message` and the offending line quoted.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.kinds import KIND_MODULES, kind_class
from auditor.kinds.base import BatchRule, Rule, RuleDataError
from auditor.packs import lazy_patterns
from auditor.packs.prefilter import Prefilter

if TYPE_CHECKING:
    import yaml

BUILTIN_PACKS_DIR = Path(__file__).parent.parent / "_packs"  # inside an installed wheel
SOURCE_PACKS_DIR = Path(__file__).parent.parent.parent / "rules"  # in a source checkout / editable install

# Top-level pack sections other than `rules`: section -> "module:function" that turns the
# section's entries into resource values. Values of one section from several packs are
# concatenated into `RuleSet.resources[section]`.
RESOURCE_SECTIONS: dict[str, str] = {
    "gazetteer": "auditor.resources.gazetteer:parse_entries",
    "profiles": "auditor.resources.profiles:parse_profiles",
}


class PackError(Exception):
    """A pack that cannot be loaded; `str()` is the one-line `path:line:col: message`."""

    def __init__(self, path: Path | str, line: int, column: int, message: str, excerpt: str = "") -> None:
        self.path, self.line, self.column, self.message, self.excerpt = str(path), line, column, message, excerpt
        super().__init__(f"{path}:{line}:{column}: {message}")

    def describe(self) -> str:
        """Return the message with the offending line quoted under it."""
        if not self.excerpt:
            return str(self)
        return f"{self}\n    {self.excerpt.strip()}"


@dataclass(frozen=True)
class RuleSet:
    """Every loaded rule plus the shared resources of the packs, passed explicitly."""

    rules: tuple[Rule, ...]
    resources: dict[str, Any] = field(default_factory=dict)
    pack_paths: tuple[Path, ...] = ()
    prefilter: Prefilter = field(init=False, repr=False, compare=False)
    batch_rules: tuple[BatchRule, ...] = field(init=False, repr=False, compare=False)
    """the cross-document rules, in rule order (`check.batch`)"""
    deferring: frozenset[str] = field(init=False, repr=False, compare=False)
    """the ids of the rules whose fixes give way to other rules' (`Rule.DEFERS`)"""
    names: frozenset[str] = field(init=False, repr=False, compare=False)
    """every rule's name and family: the words a suppression comment may name (`findings.suppress`)"""

    def __post_init__(self) -> None:
        # Computed once here, not per document.
        object.__setattr__(self, "prefilter", Prefilter(self.rules))
        object.__setattr__(self, "batch_rules", tuple(rule for rule in self.rules if isinstance(rule, BatchRule)))
        object.__setattr__(self, "deferring", frozenset(rule.id for rule in self.rules if rule.DEFERS))
        object.__setattr__(self, "names", frozenset(word for rule in self.rules for word in (rule.name, rule.family)))

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def select(self, predicate: Callable[[Rule], bool]) -> "RuleSet":
        """Return a rule set with only the rules for which `predicate` holds."""
        return dataclasses.replace(self, rules=tuple(r for r in self.rules if predicate(r)))


# --------------------------------------------------------------------------- YAML with marks


class MarkedMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys were written."""

    mark: tuple[int, int] = (1, 1)
    key_marks: dict[str, tuple[int, int]]


class MarkedList(list[Any]):
    """A sequence that remembers where it and each item were written."""

    mark: tuple[int, int] = (1, 1)
    item_marks: list[tuple[int, int]]


def _yaml_problem(error: yaml.MarkedYAMLError) -> tuple[tuple[int, int], str]:
    """Return where a YAML syntax error really is, and what it is.

    A quote or bracket never closed is found only at the end of the file: point at where it
    opened (the error's context mark) instead, and say what was left open.
    """
    problem, context = error.problem or "", error.context or ""
    unclosed = error.context_mark is not None and (error.problem_mark is None or "end of stream" in problem)
    mark = error.context_mark if unclosed else error.problem_mark or error.context_mark
    message = f"{context.removeprefix('while scanning ')} opened here is never closed" if unclosed and context else problem or context
    position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return position, f"invalid YAML: {message}"


def _mark_of(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _PackReader:
    """Compose a YAML file and convert it to marked Python values."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def error(self, mark: tuple[int, int], message: str) -> PackError:
        line, column = mark
        excerpt = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return PackError(self.path, line, column, message, excerpt)

    def read(self, text: str) -> Any:
        # yaml is imported here, not at the top: packs read from the on-disk cache need no parser.
        import yaml

        self._constructor = yaml.constructor.SafeConstructor()
        try:
            # libyaml composes about six times faster: the gazetteer packs are large.
            node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.MarkedYAMLError as error:
            raise self.error(*_yaml_problem(error)) from None
        if node is None:
            raise self.error((1, 1), "empty rule pack")
        return self.convert(node)

    def convert(self, node: yaml.Node) -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            result = MarkedMap()
            result.mark = _mark_of(node)
            result.key_marks = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node)
                if not isinstance(key, str):
                    raise self.error(_mark_of(key_node), f"keys must be strings, got {key!r}")
                if key in result:
                    raise self.error(_mark_of(key_node), f"duplicate key '{key}'")
                result[key] = self.convert(value_node)
                result.key_marks[key] = _mark_of(key_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = MarkedList(self.convert(item) for item in node.value)
            items.mark = _mark_of(node)
            items.item_marks = [_mark_of(item) for item in node.value]
            return items
        return self._constructor.construct_object(node, deep=True)


# --------------------------------------------------------------------------- typed conversion


def _describe_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_describe_type(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin is tuple:
        return f"a list of {_describe_type(typing.get_args(annotation)[0])}"
    if origin is dict:
        return f"a mapping of {_describe_type(typing.get_args(annotation)[1])}"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " or ".join(member.name.lower().replace("_", "-") for member in annotation)
    return {str: "a string", bool: "true or false", int: "an integer", float: "a number"}.get(
        annotation, getattr(annotation, "__name__", str(annotation))
    )


def convert_value(reader: _PackReader, value: Any, annotation: Any, mark: tuple[int, int], key: str) -> Any:
    """Convert a YAML value to `annotation`, raising PackError with the value's position."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return convert_value(reader, value, option, mark, key)
            except PackError:
                continue
        raise reader.error(mark, f"'{key}' must be {_describe_type(annotation)}")
    if origin is tuple:
        if not isinstance(value, list):
            raise reader.error(mark, f"'{key}' must be {_describe_type(annotation)}")
        item_type = typing.get_args(annotation)[0]
        marks = getattr(value, "item_marks", [mark] * len(value))
        return tuple(convert_value(reader, item, item_type, m, key) for item, m in zip(value, marks))
    if origin is dict:
        if not isinstance(value, dict):
            raise reader.error(mark, f"'{key}' must be {_describe_type(annotation)}")
        value_type = typing.get_args(annotation)[1]
        marks = getattr(value, "key_marks", {})
        return {
            str(k): convert_value(reader, v, value_type, marks.get(k, mark), f"{key}.{k}") for k, v in value.items()
        }
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        if not isinstance(value, str):
            raise reader.error(mark, f"'{key}' must be {_describe_type(annotation)}")
        try:
            return annotation.parse(value)  # type: ignore[attr-defined]
        except ValueError as error:
            raise reader.error(mark, f"'{key}': {error}") from None
    if dataclasses.is_dataclass(annotation):
        return build_dataclass(reader, value, annotation, mark, key)
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if annotation is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if annotation in (str, bool, int, float) and not (isinstance(value, annotation) and not (annotation is int and isinstance(value, bool))):
        raise reader.error(mark, f"'{key}' must be {_describe_type(annotation)}, got {value!r}")
    return value


def build_dataclass(
    reader: _PackReader,
    value: Any,
    cls: Any,
    mark: tuple[int, int],
    what: str,
    excluded: frozenset[str] = frozenset(),
    extra: dict[str, Any] | None = None,
) -> Any:
    """Build a frozen dataclass from a marked mapping, rejecting unknown and missing keys."""
    if not isinstance(value, dict):
        raise reader.error(mark, f"{what} must be a mapping")
    key_marks = getattr(value, "key_marks", {})
    hints = typing.get_type_hints(cls)
    settable = {f.name: f for f in dataclasses.fields(cls) if f.init and f.name not in excluded}
    for key in value:
        if key not in settable:
            allowed = ", ".join(sorted(settable))
            raise reader.error(key_marks.get(key, mark), f"unknown key '{key}' in {what} (allowed: {allowed})")
    arguments = dict(extra or {})
    for name, spec in settable.items():
        if name in value:
            arguments[name] = convert_value(reader, value[name], hints[name], key_marks.get(name, mark), name)
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            if name not in arguments:
                raise reader.error(mark, f"{what} is missing required key '{name}'")
    try:
        return cls(**arguments)
    except RuleDataError as error:
        raise reader.error(key_marks.get(error.key or "", mark), str(error)) from None
    except (TypeError, ValueError) as error:
        raise reader.error(mark, f"{what}: {error}") from None


# --------------------------------------------------------------------------- packs


def _build_rule(reader: _PackReader, entry: Any, mark: tuple[int, int], pack_name: str) -> Rule:
    if not isinstance(entry, dict):
        raise reader.error(mark, "each rule must be a mapping")
    key_marks = getattr(entry, "key_marks", {})
    kind = entry.get("kind")
    if not isinstance(kind, str):
        raise reader.error(mark, "rule is missing 'kind'")
    try:
        cls = kind_class(kind)
    except KeyError:
        known = ", ".join(sorted(KIND_MODULES))
        raise reader.error(key_marks.get("kind", mark), f"unknown rule kind '{kind}' (known: {known})") from None
    rule_id = entry.get("id", "?")
    examples = entry.get("examples")
    if isinstance(examples, list):
        for item, item_mark in zip(examples, getattr(examples, "item_marks", [])):
            if isinstance(item, MarkedMap):
                item["line"] = item_mark[0]
                item.key_marks["line"] = item_mark
    rule: Rule = build_dataclass(
        reader, entry, cls, mark, f"rule {rule_id}", excluded=Rule.LOADER_FIELDS, extra={"pack": pack_name}
    )
    if not rule.examples:
        raise reader.error(mark, f"rule {rule.id} has no examples")
    try:
        rule.doc_sections()
    except RuleDataError as error:
        raise reader.error(key_marks.get("docs", mark), f"rule {rule.id}: {error}") from None
    for example in rule.examples:
        if (example.bad is None) == (example.good is None):
            raise reader.error((example.line, 1), f"rule {rule.id}: each example needs exactly one of 'bad' or 'good'")
    return rule


@dataclass(frozen=True)
class PackFile:
    path: Path
    reader: _PackReader
    rules: tuple[Rule, ...]
    rule_marks: tuple[tuple[int, int], ...]
    resources: dict[str, list[Any]]


def _read_pack(path: Path) -> PackFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(path, 1, 1, f"cannot read rule pack: {error}") from None
    reader = _PackReader(path, text)
    data = reader.read(text)
    if not isinstance(data, MarkedMap):  # what `convert` makes of every YAML mapping
        raise reader.error((1, 1), "a rule pack must be a mapping with 'pack' and 'rules'")
    allowed = {"pack", "description", "rules", *RESOURCE_SECTIONS}
    for key in data:
        if key not in allowed:
            raise reader.error(data.key_marks[key], f"unknown key '{key}' in rule pack (allowed: {', '.join(sorted(allowed))})")
    pack_name = data.get("pack")
    if not isinstance(pack_name, str):
        raise reader.error(data.mark, "rule pack is missing 'pack' (its name)")
    entries = data.get("rules", MarkedList())
    if not isinstance(entries, list):
        raise reader.error(data.key_marks["rules"], "'rules' must be a list")
    marks = tuple(getattr(entries, "item_marks", ()))
    rules = tuple(_build_rule(reader, entry, mark, pack_name) for entry, mark in zip(entries, marks))
    resources: dict[str, list[Any]] = {}
    for section, target in RESOURCE_SECTIONS.items():
        if section in data:
            module_name, _, function_name = target.partition(":")
            parse = getattr(importlib.import_module(module_name), function_name)
            try:
                resources[section] = list(parse(data[section], pack_name))
            except RuleDataError as error:
                # A parser may say which entry is wrong by setting `mark` on the error.
                raise reader.error(getattr(error, "mark", None) or data.key_marks[section], str(error)) from None
            except PackError:
                raise
    return PackFile(path, reader, rules, marks, resources)


def _read_packs_cached(paths: Sequence[Path]) -> list[PackFile]:
    """Read packs through the on-disk cache (`auditor.cache`): built again only when a pack or auditor's code changes."""
    from auditor import cache

    try:
        contents = [path.read_bytes() for path in paths]
    except OSError:
        return [_read_pack(path) for path in paths]  # says which pack cannot be read

    def build() -> list[tuple[tuple[Rule, ...], tuple[tuple[int, int], ...], dict[str, list[Any]]]]:
        return [(pack.rules, pack.rule_marks, pack.resources) for pack in map(_read_pack, paths)]

    keys = (str(path).encode() + b"\0" + content for path, content in zip(paths, contents))
    built = cache.cached("rules", keys, build, dump=lazy_patterns.dumps)
    return [
        PackFile(path, _PackReader(path, content.decode("utf-8")), rules, marks, resources)
        for path, content, (rules, marks, resources) in zip(paths, contents, built)
    ]


def builtin_packs_dir() -> Path:
    """Return the folder of the packs shipped with auditor."""
    return BUILTIN_PACKS_DIR if BUILTIN_PACKS_DIR.is_dir() else SOURCE_PACKS_DIR


def pack_files(directory: Path) -> list[Path]:
    """Return the YAML packs in a folder, recursively, in a stable order."""
    if not directory.is_dir():
        raise PackError(directory, 1, 1, "rule folder does not exist")
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


@dataclass(frozen=True)
class LoadedPacks:
    """A rule set plus the user packs it came from, whose examples are still to run (`auditor.api.load_ruleset`)."""

    ruleset: RuleSet
    user_packs: tuple[PackFile, ...]


def load_packs(extra_dirs: Sequence[Path | str] = (), *, include_builtin: bool = True) -> LoadedPacks:
    """Load the built-in packs plus user folders into one RuleSet, without running any example."""
    directories = ([builtin_packs_dir()] if include_builtin else []) + [Path(d) for d in extra_dirs]
    builtin_count = 1 if include_builtin else 0
    loaded: list[PackFile] = []
    user_packs: list[PackFile] = []
    for index, directory in enumerate(directories):
        paths = pack_files(directory)
        if index < builtin_count:
            loaded.extend(_read_packs_cached(paths))
            continue
        packs = [_read_pack(path) for path in paths]
        loaded.extend(packs)
        user_packs.extend(packs)
    seen: dict[str, str] = {}
    for pack in loaded:
        for rule, mark in zip(pack.rules, pack.rule_marks):
            for token in (rule.id, rule.name):
                if token in seen:
                    raise pack.reader.error(mark, f"rule {token} is already defined in {seen[token]}")
                seen[token] = f"{pack.path}"
    resources: dict[str, Any] = {}
    for pack in loaded:
        for section, values in pack.resources.items():
            resources.setdefault(section, []).extend(values)
    ruleset = RuleSet(
        rules=tuple(rule for pack in loaded for rule in pack.rules),
        resources=resources,
        pack_paths=tuple(pack.path for pack in loaded),
    )
    return LoadedPacks(ruleset, tuple(user_packs))
