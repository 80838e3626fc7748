"""`auditor check`: audit files and print findings; the exit code says whether any reach --fail-on."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from auditor.cli.commands import SUMMARIES
from auditor.cli.commands.common import EXIT_ERROR, EXIT_INTERRUPTED, add_input_arguments, add_scale_arguments, audit_inputs, interrupted, unaudited
from auditor.findings.config import FAIL_LEVELS


def add_parser(subparsers: Any) -> None:
    from auditor.report.formats import FORMATS

    parser = subparsers.add_parser("check", help=SUMMARIES["check"])
    add_input_arguments(parser)
    add_scale_arguments(parser)
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        help="output format: text (code frames, default), concise (one line per finding), grouped (by file), "
        "json, jsonl, sarif, junit, github, rdjson, csv, markdown",
    )
    parser.add_argument("--fail-on", choices=FAIL_LEVELS, help="lowest severity that makes the exit code 1 (default: the config's fail-on, else error)")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE (see `auditor baseline create`)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--show-fixes", action="store_true", help="also print the diff that `auditor fix` would make")
    parser.add_argument(
        "--profile", metavar="NAME", help="readability targets: general-news (default), plain-language, expert or a pack's own"
    )
    parser.add_argument("--sentence-scores", action="store_true", help="add every sentence's readability scores to the report")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.cli.terminal import wants_color
    from auditor.model import Severity
    from auditor.report.formats import is_terminal_format, streams, write

    # A format that writes as results come (jsonl, sarif, json) holds none of them: memory stays flat.
    run_result, inputs = audit_inputs(args, streamed=streams(args.format) and not (args.show_fixes or args.sentence_scores))
    if args.sentence_scores:
        from auditor.check.document import add_sentence_scores

        add_sentence_scores(run_result.results)
    color = not args.output and wants_color(sys.stdout)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            write(args.format, run_result, handle, color=color)
    else:
        write(args.format, run_result, sys.stdout, color=color)
    if args.show_fixes:
        from auditor.cli.commands.common import load_baseline_option
        from auditor.cli.commands.fix import show_fixes

        show_fixes(run_result, machine_output=not is_terminal_format(args.format) and not args.output, baseline=load_baseline_option(args))
    if run_result.interrupted is not None:
        interrupted(run_result)
        return EXIT_INTERRUPTED
    if unaudited(inputs, args):
        return EXIT_ERROR
    fail_on = args.fail_on or (run_result.config and run_result.config.fail_on) or "error"
    if fail_on != "never" and run_result.at_or_above(Severity.parse(fail_on)):
        return 1
    return 0
