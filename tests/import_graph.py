"""auditor's own import graph: every `import` of an auditor module, wherever it sits.

Imports inside functions and under `if TYPE_CHECKING:` count too: a lazy import still ties
two modules together. Run `python -m tests.import_graph` to print the stages, the imports
that point up the pipeline and the circles (strongly connected modules); it exits 1 if there
is either.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "auditor"

# The pipeline, first stage first: a module may import modules of its own stage or earlier ones.
# `auditor.engines` (optional engines: ML models, LanguageTool) belongs to the check stage.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("auditor", "auditor.model", "auditor.context", "auditor.cache", "auditor.selectors")),
    ("text", ("auditor.text",)),
    ("read", ("auditor.read",)),
    ("resources", ("auditor.resources",)),
    ("kinds", ("auditor.kinds",)),
    ("packs", ("auditor.packs",)),
    ("check", ("auditor.check", "auditor.engines")),
    ("findings", ("auditor.findings",)),
    ("fix", ("auditor.fix",)),
    ("report", ("auditor.report",)),
    ("api", ("auditor.api", "auditor.examples")),
    ("serve", ("auditor.serve",)),
    ("cli", ("auditor.cli",)),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> int:
    """Return the index in STAGES of the longest prefix naming `module`."""
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    if best < 0:
        raise LookupError(f"{module} is in no stage: add it to tests/import_graph.py STAGES")
    return best


def _imported(module: str, is_package: bool, tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target
            # `from auditor.text import segment` imports the module auditor.text.segment.
            yield from (f"{target}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Return module -> the auditor modules it imports (submodules named in `from X import`)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets = {name for name in _imported(module, path.name == "__init__.py", tree) if name in paths}
        graph[module] = targets - {module}
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Return 'a (stage) -> b (later stage)' for every import that points up the pipeline."""
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if stage_of(target) > stage_of(module):
                found.append(f"{module} ({STAGES[stage_of(module)][0]}) -> {target} ({STAGES[stage_of(target)][0]})")
    return found


def kind_to_kind_imports(graph: dict[str, set[str]]) -> list[str]:
    """Return the imports of one rule kind by another (shared code belongs in kinds/helpers/)."""
    shared = ("auditor.kinds", "auditor.kinds.base")

    def is_kind(module: str) -> bool:
        return module.startswith("auditor.kinds.") and module not in shared and not module.startswith("auditor.kinds.helpers")

    return [f"{module} -> {target}" for module in sorted(graph) if is_kind(module) for target in sorted(graph[module]) if is_kind(target)]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def main() -> int:
    graph = import_graph()
    print(f"{len(graph)} modules, {sum(len(t) for t in graph.values())} imports between them")
    for name, _ in STAGES:
        members = sorted(m for m in graph if STAGES[stage_of(m)][0] == name)
        print(f"  {name:<10} {len(members):>3} modules")
    problems = 0
    for title, lines in (
        ("imports up the pipeline", upward_imports(graph)),
        ("kinds importing kinds", kind_to_kind_imports(graph)),
        ("import circles", [" <-> ".join(group) for group in circles(graph)]),
    ):
        print(f"{title}: {len(lines) or 'none'}")
        for line in lines:
            print(f"  {line}")
        problems += len(lines)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
