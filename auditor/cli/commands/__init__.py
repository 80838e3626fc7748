"""One module per `auditor` subcommand, each with `add_parser(subparsers)` and `run(args) -> int`.

`SUMMARIES` gives each command's one-line help here, so that `auditor --help` lists them all
without importing a single command module (the CLI imports only the one that runs).
"""

SUMMARIES = {
    "check": "audit files and report findings",
    "rules": "list the rules and their documentation",
    "fix": "apply the safe fixes in place (or print them with --diff)",
    "report": "write a self-contained HTML audit report (index, a page per file, summaries)",
    "baseline": "record today's findings so that `check --baseline` reports only new ones",
    "serve": "serve the web page where editors check a draft and act on each finding",
}
