"""`auditor report`: write a batch audit as HTML pages with charts, plus summary.json and summary.md."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from auditor.cli.commands import SUMMARIES
from auditor.cli.commands.common import EXIT_ERROR, EXIT_INTERRUPTED, add_input_arguments, add_scale_arguments, audit_inputs, error_line, interrupted, unaudited


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help=SUMMARIES["report"],
        description="Audit files and write OUT/index.html (summary with charts), OUT/files/*.html "
        "(each text with its findings highlighted), OUT/summary.json and OUT/summary.md.",
    )
    add_input_arguments(parser)
    add_scale_arguments(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the report into (created if missing)")
    parser.add_argument("--profile", metavar="NAME", help="readability targets, as for `auditor check` (default: the config's, else general-news)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from auditor.cli.terminal import progress
    from auditor.report.html import write_report

    run_result, inputs = audit_inputs(args)
    out = Path(args.out)
    try:
        with progress(len(run_result.results), "writing report") as advance:
            write_report(run_result, out, on_page=advance)
    except OSError as error:
        error_line(f"{out}: cannot write the report: {error.strerror or error}")
        return 2
    print(f"{len(run_result.results)} files audited; report written to {out / 'index.html'}")
    if run_result.interrupted is not None:
        interrupted(run_result)
        return EXIT_INTERRUPTED
    return EXIT_ERROR if unaudited(inputs, args) else 0
