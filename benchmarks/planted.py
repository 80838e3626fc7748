"""Recall and right-fix per family on the planted artifacts of tests/data/planted/planted.jsonl.

Run as `python -m benchmarks.planted`. Each line is one short text with one planted artifact:
`family`, `text`, `bad` (the faulty text, found at its first occurrence) and `fix` (its
correction, or null when only finding it counts). A finding covers the artifact when its span
overlaps it (readability findings do not count); its fix is right when its first suggestion,
applied to its span, gives the text with `bad` replaced by `fix`. Other findings in the text
are counted as false alarms.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from auditor.api import audit_text, load_ruleset
from auditor.model import Span

PLANTED = Path(__file__).resolve().parent.parent / "tests" / "data" / "planted" / "planted.jsonl"
NOT_ERRORS = frozenset({"readability"})


def main() -> None:
    ruleset = load_ruleset()
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # items, found, with fix, right fix, false alarms
    for line in PLANTED.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text, bad, fix = item["text"], item["bad"], item["fix"]
        start = text.index(bad)
        planted = Span(start, start + len(bad))
        wanted = None if fix is None else text[:start] + fix + text[planted.end :]
        findings = [f for f in audit_text(text, ruleset=ruleset).findings if f.family not in NOT_ERRORS]
        covering = [f for f in findings if f.span.overlaps(planted) or f.span == planted]
        row = tally[item["family"]]
        row[0] += 1
        row[1] += bool(covering)
        row[2] += fix is not None
        row[3] += any(f.suggestions and text[: f.span.start] + f.suggestions[0] + text[f.span.end :] == wanted for f in covering)
        row[4] += len(findings) - len(covering)
    print(f"{'family':<20} {'recall':>8} {'right fix':>10} {'false alarms':>13}")
    for family, (items, found, fixable, right, alarms) in tally.items():
        print(f"{family:<20} {found:>3}/{items:<4} {right:>4}/{fixable:<5} {alarms:>13}")


if __name__ == "__main__":
    main()
