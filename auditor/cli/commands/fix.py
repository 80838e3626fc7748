"""`auditor fix`: apply the safe fixes (or `--diff` them), re-checking until the text is stable."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from auditor.cli.commands import SUMMARIES
from auditor.cli.commands.common import (
    EXIT_ERROR,
    EXIT_NOT_CONVERGED,
    add_input_arguments,
    audit_inputs,
    audit_sources,
    error_line,
    load_baseline_option,
    unaudited,
)

if TYPE_CHECKING:
    from auditor.check.document import Result
    from auditor.findings.baseline import Baseline
    from auditor.findings.config import Config
    from auditor.fix.apply import FixFilter, FixOutcome
    from auditor.model import Finding
    from auditor.report.run import RunResult

STDIN_NAME = "<stdin>"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fix",
        help=SUMMARIES["fix"],
        description="Apply the safe fixes of every finding, re-checking until nothing changes. "
        "Files are replaced atomically, keeping encoding, BOM, line endings and permissions. "
        "With PATH -, read standard input and write the fixed text to standard output.",
    )
    add_input_arguments(parser)
    parser.add_argument("--diff", action="store_true", help="print a unified diff of the fixes and write nothing; exit 1 if there are any")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe (review the result)")
    parser.add_argument("--backup", action="store_true", help="keep each changed file's original as FILE.bak")
    parser.add_argument(
        "--fixable", type=_codes, metavar="RULES", help="fix only these rules: ids, id prefixes, names or families, comma-separated (replaces the config's fixable)"
    )
    parser.add_argument("--unfixable", type=_codes, default=[], metavar="RULES", help="never fix these rules (added to the config's unfixable)")
    parser.add_argument("--baseline", metavar="FILE", help="fix only findings not recorded in FILE (see `auditor baseline create`)")
    parser.set_defaults(run=run)


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def selection(config: "Config | None", fixable: Sequence[str] | None = None, unfixable: Sequence[str] = ()) -> "FixFilter":
    """Return which findings may be fixed: the config's fixable/unfixable, `--fixable` replacing, `--unfixable` adding."""
    from auditor.fix.apply import rule_filter

    if fixable is None and config is not None:
        fixable = config.fixable
    return rule_filter(fixable, (*(config.unfixable if config is not None else ()), *unfixable))


def fix_run(
    run: "RunResult", *, unsafe: bool = False, select: "FixFilter | None" = None, baseline: "Baseline | None" = None
) -> list["FixOutcome"]:
    """Fix every audited source of a run until stable, re-auditing them together each pass.

    Re-audits use the run's config and `baseline`, the same as the first audit, so a pass
    never fixes a finding that `check` would not report.
    """
    import dataclasses

    from auditor.fix.apply import converge

    assert run.ruleset is not None, "fix_run needs the rule set the run was audited with"
    ruleset = run.ruleset
    first: dict[str, Result] = {}
    for result in run.results:
        # A file named twice (or through a link) is fixed once.
        first.setdefault(result.path if result.path == STDIN_NAME else os.path.realpath(result.path), result)
    sources = [run.sources[result.path] for result in first.values()]

    def audit(texts: Sequence[str]) -> list[list[Finding]]:
        changed = [dataclasses.replace(source, text=text) for source, text in zip(sources, texts)]
        return [result.findings for result in audit_sources(changed, ruleset, config=run.config, baseline=baseline, capped=False)]

    return converge(
        [source.path for source in sources],
        [source.text for source in sources],
        audit,
        unsafe=unsafe,
        select=select,
        # A capped audit (`check --diff`) lacks findings past the cap: the first pass audits again.
        findings=None if any(result.capped for result in first.values()) else [result.findings for result in first.values()],
    )


def print_diffs(outcomes: Sequence["FixOutcome"], stream: TextIO) -> None:
    """Write the unified diff of every changed outcome."""
    for outcome in outcomes:
        stream.write(outcome.diff())


def show_fixes(run: "RunResult", *, machine_output: bool = False, baseline: "Baseline | None" = None) -> None:
    """Print the diff `auditor fix` would make (on stderr when stdout carries a machine format)."""
    outcomes = fix_run(run, select=selection(run.config), baseline=baseline)
    print_diffs(outcomes, sys.stderr if machine_output else sys.stdout)


def run(args: argparse.Namespace) -> int:
    started = time.time()
    run_result, inputs = audit_inputs(args, capped=False)
    if not args.diff:
        _remove_stale_temporaries(run_result, started)
    select = selection(run_result.config, args.fixable, args.unfixable)
    outcomes = fix_run(run_result, unsafe=args.unsafe_fixes, select=select, baseline=load_baseline_option(args))
    failed = unaudited(inputs, args)
    unwritten: list["FixOutcome"] = []
    if args.diff:
        print_diffs(outcomes, sys.stdout)
    else:
        failed_paths = _write(outcomes, run_result, backup=args.backup)
        unwritten = [outcome for outcome in outcomes if outcome.path in failed_paths]
        outcomes = [outcome for outcome in outcomes if outcome.path not in failed_paths]
        failed = failed or bool(unwritten)
    _summarize(outcomes, run_result, dry_run=args.diff, unsafe=args.unsafe_fixes, select=select, unwritten=unwritten)
    if failed:
        return EXIT_ERROR
    if any(not outcome.converged for outcome in outcomes):
        return EXIT_NOT_CONVERGED
    return 1 if args.diff and any(outcome.changed for outcome in outcomes) else 0


def _remove_stale_temporaries(run: "RunResult", started: float) -> None:
    """Clean up what a killed earlier `fix` left beside the files of this run, and say so."""
    from auditor.fix.writing import remove_stale_temporaries

    folders = [os.path.dirname(os.path.realpath(path)) for path in run.sources if path != STDIN_NAME]
    for path in remove_stale_temporaries(folders, started):
        error_line(f"{path}: removed a temporary file left by an interrupted `auditor fix`")


def _write(outcomes: Sequence["FixOutcome"], run: "RunResult", *, backup: bool) -> set[str]:
    """Write each outcome to its file (standard input's to standard output); return the paths that failed."""
    from auditor.fix.writing import WriteError, encode_text, write_source

    unwritten = set()
    for outcome in outcomes:
        source = run.sources[outcome.path]
        if outcome.path == STDIN_NAME:
            _write_stdout(encode_text(source, outcome.text), outcome.text, source.bom)
            continue
        if not outcome.changed:
            continue
        try:
            write_source(source, outcome.text, backup=backup)
        except WriteError as error:
            error_line(str(error))
            unwritten.add(outcome.path)
    return unwritten


def _write_stdout(data: bytes, text: str, bom: bool) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests, embedding): write the decoded text
        sys.stdout.write(("\ufeff" if bom else "") + text)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _summarize(
    outcomes: Sequence["FixOutcome"],
    run: "RunResult",
    *,
    dry_run: bool,
    unsafe: bool,
    select: "FixFilter",
    unwritten: Sequence["FixOutcome"] = (),
) -> None:
    """Print per-rule counts, files not written, convergence failures and what --unsafe-fixes would add, on stderr."""
    from auditor.model import Applicability

    counts: Counter[str] = Counter()
    for outcome in outcomes:
        counts.update(outcome.applied)
    files = sum(1 for outcome in outcomes if outcome.changed)
    verb = "would fix" if dry_run else "fixed"
    total = sum(counts.values())
    if total:
        error_line(f"{verb} {total} finding{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}:")
        for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:>5}  {rule_id:<8} {_rule_name(run, rule_id)}", file=sys.stderr)
    elif not unwritten:
        error_line("nothing to fix")
    for outcome in unwritten:
        error_line(f"{outcome.path}: {outcome.fixed} fix{'es' if outcome.fixed != 1 else ''} not applied: the file was not written")
    remaining = sum(len(outcome.findings) for outcome in outcomes)
    if remaining:
        error_line(f"{remaining} finding{'s' if remaining != 1 else ''} left for an editor (`auditor check` lists them)")
    for outcome in outcomes:
        if not outcome.converged:
            error_line(f"{outcome.path}: failed to converge after {outcome.passes} passes: {', '.join(outcome.unconverged)}")
        if outcome.refused:
            error_line(f"{outcome.path}: fixes of {', '.join(outcome.refused)} not applied: they would leave the text empty")
    if not unsafe:
        hidden = sum(
            1
            for outcome in outcomes
            for f in outcome.findings
            if f.fix is not None and f.fix.applicability == Applicability.UNSAFE and select(f)
        )
        if hidden:
            error_line(f"{hidden} more fix{'es' if hidden != 1 else ''} available with --unsafe-fixes")


def _rule_name(run: "RunResult", rule_id: str) -> str:
    try:
        return run.ruleset.by_id(rule_id).name if run.ruleset is not None else ""
    except KeyError:
        return ""
