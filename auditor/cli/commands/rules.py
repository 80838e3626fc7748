"""`auditor rules`: list every rule with its id, name, kind, severity and docs; `--docs` prints (or writes) their pages."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from auditor.cli.commands import SUMMARIES
from auditor.cli.commands.common import load_rules

if TYPE_CHECKING:
    from auditor.kinds.base import Rule


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("rules", help=SUMMARIES["rules"])
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra folder of YAML rule packs")
    parser.add_argument("--config", metavar="FILE", help="config file whose rule-packs to list (default: the nearest one above the current folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--docs", action="store_true", help="print each rule's page: what it flags, why it matters, fix safety, examples")
    parser.add_argument("--out", metavar="DIR", help="with --docs: write one Markdown page per rule and an index into DIR")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    ruleset = load_rules(args)
    if args.docs:
        return _docs(ruleset.rules, args.out)
    from auditor.report.rule_docs import rule_record

    rows = [rule_record(rule) for rule in ruleset.rules]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['id']:<8} {row['name']:<36} {row['kind']:<14} {row['severity']:<8} fix:{row['fix']}")
        if row["docs"]:
            for line in row["docs"].splitlines():
                print(f"         {line}")
    return 0



def _docs(rules: "Sequence[Rule]", out: str | None) -> int:
    from pathlib import Path

    from auditor.report.rule_docs import all_pages, write_pages

    if out is None:
        print("\n".join(page for name, page in all_pages(rules).items() if name != "index.md"), end="")
        return 0
    count = write_pages(rules, Path(out))
    print(f"{count} pages written to {out}")
    return 0
