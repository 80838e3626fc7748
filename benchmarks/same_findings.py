"""Check that a speed change left every finding as it was: the JSON reports of a fixed set of inputs, saved and compared.

    python -m benchmarks.same_findings --save before.json     # at the commit before the change
    python -m benchmarks.same_findings --compare before.json  # after it: exit 1 on any difference

The inputs are the 1 MB benchmark corpus of `make bench` (built when missing), the seeds, the
test data (text, Markdown, HTML and bitext files) and the planted-artifact set, each audited by
`auditor check --format json` in its own process with one job and with all cores; the reports hold
nothing run-specific, so they are compared whole.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench import AUDITOR, MB, build_corpus
from benchmarks.datasets import ROOT, data_dir

def inputs(data: Path) -> list[Path]:
    return [build_corpus(data, MB), ROOT / "seeds", ROOT / "tests" / "data", ROOT / "tests" / "data" / "planted" / "planted.jsonl"]


def report(target: Path, jobs: str) -> Any:
    """Return the JSON report of one input, its paths relative to the project."""
    command = [str(AUDITOR), "check", "--fail-on", "never", "--format", "json", "--jobs", jobs, str(target.relative_to(ROOT))]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout)


def reports(data: Path) -> dict[str, Any]:
    return {f"{target.relative_to(ROOT)} --jobs {jobs}": report(target, jobs) for target in inputs(data) for jobs in ("1", "0")}


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Name each input whose report changed, with its first differing file."""
    changed = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        files_old = {f["path"]: f for f in (old or {}).get("files", [])}
        files_new = {f["path"]: f for f in (new or {}).get("files", [])}
        first = next((path for path in sorted(files_old.keys() | files_new.keys()) if files_old.get(path) != files_new.get(path)), "summary")
        changed.append(f"{name}: differs first at {first}")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", help="evaluation data folder (default: ../shared/eval)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the reports to this file")
    action.add_argument("--compare", type=Path, help="compare the reports with this file; exit 1 on a difference")
    args = parser.parse_args(argv)
    now = reports(data_dir(args.data))
    if args.save:
        args.save.write_text(json.dumps(now, sort_keys=True), encoding="utf-8")
        print(f"{sum(len(r['files']) for r in now.values())} file reports saved to {args.save}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = differences(before, now)
    findings = sum(len(f["findings"]) for r in now.values() for f in r["files"])
    print("\n".join(changed) if changed else f"identical: {len(now)} reports, {findings:,} findings")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
