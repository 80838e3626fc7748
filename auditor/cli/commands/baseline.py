"""`auditor baseline create`: record today's findings so that `check --baseline` reports only new ones."""

from __future__ import annotations

import argparse
from typing import Any

from auditor.cli.commands import SUMMARIES
from auditor.cli.commands.common import EXIT_ERROR, add_input_arguments, audit_inputs, error_line, unaudited


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "baseline",
        help=SUMMARIES["baseline"],
        description="Adopt auditor on an existing archive: record its findings now, then let "
        "`auditor check --baseline FILE` report only findings that are not recorded.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="audit PATHS and write their findings to a baseline file")
    add_input_arguments(create)
    create.add_argument("--output", "-o", required=True, metavar="FILE", help="the baseline file to write (JSON)")
    create.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.findings.baseline import BaselineError, write_baseline

    try:
        run_result, inputs = audit_inputs(args, capped=False)
        count = write_baseline(args.output, run_result.results)
    except BaselineError as error:
        error_line(str(error))
        return 2
    print(f"auditor: recorded {count} findings in {len(run_result.results)} files to {args.output}")
    return EXIT_ERROR if unaudited(inputs, args) else 0
