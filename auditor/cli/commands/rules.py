"""`auditor rules`: list every rule with its id, name, kind, severity and docs."""

from __future__ import annotations

import argparse
from typing import Any

from auditor.cli.commands.common import load_rules


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("rules", help="list the rules and their documentation")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra folder of YAML rule packs")
    parser.add_argument("--config", metavar="FILE", help="config file whose rule-packs to list (default: the nearest one above the current folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    ruleset = load_rules(args)
    rows = [
        {
            "id": rule.id,
            "name": rule.name,
            "kind": rule.kind,
            "family": rule.family,
            "severity": rule.severity.label,
            "fix": rule.fix.label,
            "pack": rule.pack,
            "docs": rule.docs.strip(),
        }
        for rule in ruleset.rules
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['id']:<8} {row['name']:<36} {row['kind']:<14} {row['severity']:<8} fix:{row['fix']}")
        if row["docs"]:
            for line in row["docs"].splitlines():
                print(f"         {line}")
    return 0
