"""A budget per document: no input shape makes a kind cost more than linear time (issue 11).

Each shape of benchmarks/pathological.py goes through `audit_text` with every built-in rule and
no cap on findings (as `fix` audits) at two sizes, `SIZE` and `GROWTH` times `SIZE` (mostly one
line); the test process's own CPU time must grow about as the text does. Linear work grows 8
times, quadratic work 64 times: the bound (`MAX_RATIO` times, plus `SLACK` seconds for timer
noise) leaves room for a slow or loaded machine, yet a path whose quadratic part is a quarter
of the work at `SIZE` fails it. Wall time and memory at 1 MB through the CLI are measured by
`make bench-pathological` (docs/RELIABILITY.md).
"""

from __future__ import annotations

import time

import pytest

from auditor.api import audit_text
from auditor.findings.config import Config
from auditor.packs.load import RuleSet
from benchmarks.pathological import SHAPES

SIZE = 25_000
GROWTH = 8
MAX_RATIO = 16.0
SLACK = 0.25
UNCAPPED = Config(max_findings_per_rule=0)


def _cpu_seconds(text: str, path: str, ruleset: RuleSet) -> float:
    start = time.process_time()
    result = audit_text(text, path=path, ruleset=ruleset, config=UNCAPPED)
    elapsed = time.process_time() - start
    assert all(0 <= f.span.start <= f.span.end <= len(text) for f in result.findings)
    return elapsed


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_pathological_shape_costs_linear_cpu_time(ruleset: RuleSet, shape: str) -> None:
    suffix, build = SHAPES[shape]
    path = f"shape{suffix}"
    _cpu_seconds(build(1_000), path, ruleset)  # load what the rules load once per process
    small = _cpu_seconds(build(SIZE), path, ruleset)  # once: a text audited again hits caches
    large = _cpu_seconds(build(SIZE * GROWTH), path, ruleset)
    assert large <= MAX_RATIO * small + SLACK, f"{shape}: {small:.3f} s at {SIZE:,} characters, {large:.3f} s at {SIZE * GROWTH:,}"
