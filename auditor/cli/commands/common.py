"""Options and steps that several subcommands share: inputs, rule packs, error lines."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any

from auditor.read.inputs import DEFAULT_INCLUDE, SourceFile

if TYPE_CHECKING:
    from auditor.check.document import Result
    from auditor.check.parallel import Mapper
    from auditor.findings.baseline import Baseline
    from auditor.findings.config import Config
    from auditor.packs.load import RuleSet
    from auditor.read.inputs import InputError
    from auditor.report.run import RunResult


# Exit codes of every subcommand (README "Exit codes"): 1 is the command's own verdict
# (findings at --fail-on for check, fixes to make for fix --diff).
EXIT_ERROR = 2  # usage error, or an input that could not be audited or written
EXIT_NOT_CONVERGED = 3  # fix: some rule still proposed fixes after the last pass
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class UsageError(Exception):
    """A problem with the command line, config or rule packs: printed as one line, exit 2."""


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files, folders (recursive) or - for standard input (default: .)")
    parser.add_argument("--include", action="append", metavar="GLOB", help=f"file-name globs to audit in folders (default: {' '.join(DEFAULT_INCLUDE)})")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="paths or names to skip")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra folder of YAML rule packs (repeatable)")
    parser.add_argument("--config", metavar="FILE", help="config file (default: the nearest .auditor.toml, or pyproject.toml with [tool.auditor], above the paths)")
    parser.add_argument("--changed-only", metavar="REF", help="audit only the files among PATHS that `git diff --name-only REF` lists")
    parser.add_argument(
        "--skip-unreadable",
        action="store_true",
        help="binary, unreadable or undecodable files are listed but do not fail the run (a missing path still does)",
    )
    parser.add_argument("--engine", action="append", default=[], metavar="NAME", help="enable an optional engine, e.g. ml (repeatable; default: the config's engines)")
    parser.add_argument("--require-engines", action="store_true", help="an engine that cannot load fails the run (exit 2) instead of being left out with a warning")
    parser.add_argument(
        "--source", metavar="FILE", help="the original text of the one PATH, a translation: aligned line by line or paragraph by paragraph"
    )
    parser.add_argument("--glossary", action="append", default=[], metavar="FILE", help="term base (CSV/TSV with source and target columns, or TBX) for the glossary rule (repeatable)")
    parser.add_argument("--jobs", "-j", type=_jobs, default="0", metavar="N", help="check files in N worker processes (default 0: one per CPU)")


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of batch audits at archive scale: corpus files and a Dask cluster (docs/scale.md)."""
    parser.add_argument("--text-field", default="text", metavar="NAME", help="corpus files (.jsonl, .csv, .tsv, .parquet; .gz, .zst): the key or column of the text (default: text)")
    parser.add_argument("--id-field", metavar="NAME", help="corpus files: the key or column naming each document (default: its line or row number)")
    parser.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="check on the Dask cluster of this scheduler (e.g. tcp://host:8786) instead of local processes")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("the number of processes must be 0 (one per CPU) or more")
    if jobs == 0:
        from auditor.check.parallel import available_jobs

        return available_jobs()
    return jobs


def interrupted(run: "RunResult") -> None:
    """Say that Ctrl-C stopped the run and what the report holds."""
    error_line(f"interrupted: the report holds the findings of the {run.interrupted} documents checked before Ctrl-C")


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


def unaudited(inputs: Inputs, args: argparse.Namespace) -> bool:
    """Whether the run must fail because an input was not audited (exit 2).

    Every input error fails the run; with `--skip-unreadable` only missing paths do (a typo
    in a path is never what the user meant to skip).
    """
    return inputs.missing if getattr(args, "skip_unreadable", False) else bool(inputs.errors)


def read_inputs(args: argparse.Namespace) -> Inputs:
    """Discover and decode the run's inputs, printing one line per bad path."""
    from auditor.read.bitext import checked_bitext
    from auditor.read.inputs import InputError, discover, read_source

    source_path = getattr(args, "source", None)
    if source_path is not None and len(args.paths) != 1:
        raise UsageError("--source pairs one translation with its original: give exactly one PATH")
    inputs = Inputs()
    inputs.sources.extend(each_source(discover_paths(args, inputs), args, inputs))
    return inputs


def discover_paths(args: argparse.Namespace, inputs: Inputs) -> list[str]:
    """Return the paths of the run (`--changed-only` applied), adding one error line per bad path to `inputs`."""
    from auditor.read.inputs import InputError, discover

    if getattr(args, "source", None) is not None and len(args.paths) != 1:
        raise UsageError("--source pairs one translation with its original: give exactly one PATH")
    include: Sequence[str] = args.include or DEFAULT_INCLUDE
    changed = changed_paths(args)
    paths = []
    for item in discover(args.paths, include, args.exclude):
        if isinstance(item, InputError):
            inputs.errors.append(item)
            error_line(str(item))
        elif changed is None or os.path.realpath(item) in changed:
            paths.append(item)
    return paths


def each_source(paths: Sequence[str], args: argparse.Namespace, inputs: Inputs) -> Iterator["SourceFile"]:
    """Read and decode the paths one at a time, the records of corpus files (`--text-field`) too, adding errors to `inputs`."""
    from auditor.read.bitext import checked_bitext, names_bitext_fields
    from auditor.read.inputs import InputError, read_source

    corpus = _corpus_options(args)
    source_path = getattr(args, "source", None)
    for path in paths:
        if corpus is not None and corpus.is_corpus(path) and not names_bitext_fields(path, args.text_field):
            items: Iterable[SourceFile | InputError] = corpus.read_corpus(path, corpus.CorpusOptions(args.text_field, args.id_field))
        else:
            try:
                items = [checked_bitext(read_source(path), source_path)]
            except InputError as error:
                items = [error]
        for item in items:
            if isinstance(item, InputError):
                inputs.errors.append(item)
                error_line(str(item))
                continue
            if not item.text.strip():
                error_line(f"{item.path}: empty file, nothing to audit")
            yield item


def _corpus_options(args: argparse.Namespace) -> ModuleType | None:
    """The corpus reader when the command reads corpus files (it has `--text-field`), else None."""
    if getattr(args, "text_field", None) is None:
        return None
    from auditor.read import corpus

    return corpus


def changed_paths(args: argparse.Namespace) -> frozenset[str] | None:
    """Return the real paths changed against `--changed-only REF`, or None without the option."""
    ref = getattr(args, "changed_only", None)
    if not ref:
        return None
    from auditor.read.changed import ChangedFilesError, changed_files

    try:
        return changed_files(ref, args.paths)
    except ChangedFilesError as error:
        raise UsageError(str(error)) from None


def load_config(args: argparse.Namespace) -> "Config":
    """Return the config of `--config`, else the nearest one above the paths; raise UsageError with `file:line`."""
    from auditor.findings.config import ConfigError, config_for

    try:
        return config_for(getattr(args, "config", None), getattr(args, "paths", ()))
    except ConfigError as error:
        raise UsageError(str(error)) from None


def load_rules(args: argparse.Namespace, config: "Config | None" = None) -> "RuleSet":
    """Load built-in, config and user rule packs (all rules: selection is `Config.select_rules`).

    Raises UsageError with `path:line:col: message` for a broken pack or a config selector
    that names no rule.
    """
    from auditor.api import load_ruleset
    from auditor.findings.config import ConfigError
    from auditor.packs.load import PackError
    from auditor.resources.profiles import UnknownProfile, profile_named

    config = config if config is not None else load_config(args)
    try:
        ruleset = load_ruleset([*config.rule_packs, *args.rules])
        config.check_selectors(ruleset)
        profile_named(ruleset.resources.get("profiles", ()), config.profile)
    except PackError as error:
        raise UsageError(error.describe()) from None
    except (ConfigError, UnknownProfile) as error:
        raise UsageError(str(error)) from None
    return ruleset


def enable_engines(args: argparse.Namespace, config: "Config") -> "Config":
    """The config with the engines of `--engine` (else its own) that load here.

    One that cannot load is named on stderr in one line and left out, or with
    `--require-engines` raises UsageError (exit 2).
    """
    from auditor.engines import EngineUnavailable

    names = tuple(getattr(args, "engine", None) or config.engines)
    if not names:
        return config
    require = getattr(args, "require_engines", False)
    try:
        engines = replace(config, engines=names).enabled_engines(on_missing=None if require else error_line)
    except EngineUnavailable as error:
        raise UsageError(str(error)) from None
    return replace(config, engines=tuple(engines))


def read_glossaries(paths: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Return the terms of the `--glossary` files; raise UsageError naming a file that cannot be read."""
    from auditor.read.glossary import GlossaryError, read_glossary

    try:
        return tuple(pair for path in paths for pair in read_glossary(path))
    except GlossaryError as error:
        raise UsageError(str(error)) from None


def load_baseline_option(args: argparse.Namespace) -> "Baseline | None":
    """Return the baseline of `--baseline FILE`, or None without the option."""
    from auditor.findings.baseline import BaselineError, load_baseline

    path = getattr(args, "baseline", None)
    if not path:
        return None
    try:
        return load_baseline(path)
    except BaselineError as error:
        raise UsageError(str(error)) from None


def audit_inputs(args: argparse.Namespace, *, capped: bool = True, streamed: bool = False) -> tuple["RunResult", Inputs]:
    """Load rules, read the inputs and audit them: the pipeline every auditing command shares.

    `capped`: whether `max-findings-per-rule` applies (`findings.cap`); not for `fix` and `baseline create`.
    `streamed`: the run's results are produced while the reporter reads them (`RunResult.each_result`):
    inputs are read one at a time and no result is held, so memory does not grow with the run.

    Raises UsageError for problems with the command line, config or rule packs.
    """
    from auditor.report.run import RunResult

    config = enable_engines(args, load_config(args))
    if getattr(args, "profile", None):
        config = replace(config, profile=args.profile)  # the command line wins over the config
    if getattr(args, "glossary", None):
        config = replace(config, glossary=config.glossary + read_glossaries(args.glossary))
    ruleset = config.select_rules(load_rules(args, config))
    baseline = load_baseline_option(args)
    sources: Iterable[SourceFile]
    if streamed:
        inputs = Inputs()
        paths = discover_paths(args, inputs)
        corpus = _corpus_options(args)
        total = None if corpus is not None and any(corpus.is_corpus(path) for path in paths) else len(paths)
        sources = each_source(paths, args, inputs)
    else:
        inputs = read_inputs(args)
        sources, total = inputs.sources, len(inputs.sources)
    run = RunResult(input_errors=inputs.errors, sources={s.path: s for s in inputs.sources}, ruleset=ruleset, config=config)
    stream = _audited(sources, total, ruleset, config, baseline, args, run, capped=capped)
    if streamed:
        run.stream = stream
    else:
        run.results = list(stream)
    return run, inputs


def _audited(
    sources: Iterable["SourceFile"],
    total: int | None,
    ruleset: "RuleSet",
    config: "Config",
    baseline: "Baseline | None",
    args: argparse.Namespace,
    run: "RunResult",
    *,
    capped: bool,
) -> Iterator["Result"]:
    """Audit the sources with a progress bar, on a Dask cluster with `--dask`; a Ctrl-C is noted in `run.interrupted`."""
    from auditor.check.parallel import Mapper
    from auditor.cli.terminal import progress

    def interrupted(checked: int) -> None:
        run.interrupted = checked

    mapper: Mapper | None = None
    client: Any = None
    if getattr(args, "dask", None):
        from auditor.check.cluster import ClusterUnavailable, DaskMapper, connect

        try:
            client = connect(args.dask)
        except ClusterUnavailable as error:
            raise UsageError(str(error)) from None
        mapper = DaskMapper(client)
    try:
        with progress(total, "auditing") as advance:
            yield from audit_sources(
                sources,
                ruleset,
                config=config,
                baseline=baseline,
                on_document=advance,
                jobs=getattr(args, "jobs", 1),
                capped=capped,
                on_engine_failure=None if getattr(args, "require_engines", False) else error_line,
                mapper=mapper,
                on_interrupt=interrupted,
            )
    finally:
        if client is not None:
            client.close()


def audit_sources(
    sources: Iterable["SourceFile"],
    ruleset: "RuleSet",
    *,
    config: "Config | None" = None,
    baseline: "Baseline | None" = None,
    on_document: "Callable[[], None] | None" = None,
    jobs: int = 1,
    capped: bool = True,
    on_engine_failure: "Callable[[str], None] | None" = error_line,
    mapper: "Mapper | None" = None,
    on_interrupt: "Callable[[int], None] | None" = None,
) -> Iterator["Result"]:
    """Audit decoded sources together, markup-aware, yielding each result in input order; `fix` repeats
    this after each pass (`capped` False). `mapper`, `on_interrupt`: see `check.batch.check_stream`.

    An engine that fails during the run is named in one line by `on_engine_failure` and left
    out (None: the failure is raised, which `--require-engines` wants).

    Every step that shapes findings (markup, suppression comments, config, baseline) is in
    `findings.pipeline`, which `audit_text` runs too: `fix` re-audits with the same steps, so
    it never applies fixes that `check` did not report.
    """
    from auditor.check.document import context_for
    from auditor.findings.config import Config
    from auditor.findings.pipeline import audit_stream
    from auditor.read.markup import document_for

    config = config if config is not None else Config()
    documents = (document_for(source) for source in sources)
    context = context_for(ruleset, config.enabled_engines(), on_engine_failure=on_engine_failure, **config.context_options())
    return audit_stream(
        documents, ruleset, context, config=config, baseline=baseline, on_document=on_document, jobs=jobs, capped=capped, mapper=mapper, on_interrupt=on_interrupt
    )
