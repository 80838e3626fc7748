"""Options and steps that several subcommands share: inputs, rule packs, error lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.inputs import DEFAULT_INCLUDE

if TYPE_CHECKING:
    from auditor.audit import Result
    from auditor.inputs import InputError, SourceFile
    from auditor.packs import RuleSet
    from auditor.run import RunResult


class UsageError(Exception):
    """A problem with the command line, config or rule packs: printed as one line, exit 2."""


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files, folders (recursive) or - for standard input (default: .)")
    parser.add_argument("--include", action="append", metavar="GLOB", help=f"file-name globs to audit in folders (default: {' '.join(DEFAULT_INCLUDE)})")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="paths or names to skip")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra folder of YAML rule packs (repeatable)")


def error_line(message: str) -> None:
    """Print one error line on standard error."""
    print(f"auditor: {message}", file=sys.stderr)


@dataclass
class Inputs:
    """The decoded sources of a run plus the paths that could not be read."""

    sources: list["SourceFile"] = field(default_factory=list)
    errors: list["InputError"] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return any(error.missing for error in self.errors)


def read_inputs(args: argparse.Namespace) -> Inputs:
    """Discover and decode the run's inputs, printing one line per bad path."""
    from auditor.inputs import InputError, discover, read_source

    inputs = Inputs()
    include: Sequence[str] = args.include or DEFAULT_INCLUDE
    for item in discover(args.paths, include, args.exclude):
        if isinstance(item, InputError):
            inputs.errors.append(item)
            error_line(str(item))
            continue
        try:
            source = read_source(item)
        except InputError as error:
            inputs.errors.append(error)
            error_line(str(error))
            continue
        if not source.text.strip():
            error_line(f"{source.path}: empty file, nothing to audit")
        inputs.sources.append(source)
    return inputs


def load_rules(args: argparse.Namespace) -> "RuleSet":
    """Load built-in and user rule packs; raise UsageError with `path:line:col: message`."""
    from auditor.packs import PackError, load_ruleset

    try:
        return load_ruleset(args.rules)
    except PackError as error:
        raise UsageError(error.describe()) from None


def audit_inputs(args: argparse.Namespace) -> tuple["RunResult", Inputs]:
    """Load rules, read the inputs and audit them: the pipeline every auditing command shares.

    Raises UsageError for problems with the command line, config or rule packs.
    """
    from auditor.run import RunResult
    from auditor.terminal import progress

    ruleset = load_rules(args)
    inputs = read_inputs(args)
    with progress(len(inputs.sources), "auditing") as advance:
        results = audit_sources(inputs.sources, ruleset, on_document=advance)
    run = RunResult(results=results, input_errors=inputs.errors, sources={s.path: s for s in inputs.sources}, ruleset=ruleset)
    return run, inputs


def audit_sources(sources: Sequence["SourceFile"], ruleset: "RuleSet", *, on_document: "Callable[[], None] | None" = None) -> list["Result"]:
    """Audit decoded sources together, markup-aware; `fix` repeats this after each pass.

    Every step that shapes findings (config, suppression comments, baseline) belongs here,
    not in `audit_inputs`: otherwise `fix` would re-audit without it and apply fixes that
    `check` never reported.
    """
    from auditor.audit import audit_documents, context_for
    from auditor.markup import document_for

    documents = [document_for(source) for source in sources]
    return audit_documents(documents, ruleset, context_for(ruleset), on_document=on_document)
