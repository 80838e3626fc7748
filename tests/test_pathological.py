"""A budget per document: no input shape makes a kind cost more than linear time (issue 11).

Each shape of benchmarks/pathological.py, 1 MB on (mostly) one line, goes through `audit_text`
with every built-in rule; the bound is the test process's own CPU time, generous enough for a
slow CI machine, yet a quadratic path takes minutes at this size. Wall time and memory through
the CLI are measured by `make bench-pathological`.
"""

from __future__ import annotations

import time

import pytest

from auditor.api import audit_text
from auditor.packs.load import RuleSet
from benchmarks.pathological import SHAPES

SIZE = 1_000_000
CPU_SECONDS = 60.0
# Linear but slow (a quarter of a millisecond per distinct unknown word): measured by the benchmark only.
BENCHMARK_ONLY = {"many words, none English"}


@pytest.mark.parametrize("shape", [name for name in SHAPES if name not in BENCHMARK_ONLY])
def test_every_pathological_shape_of_1_mb_is_audited_in_bounded_cpu_time(ruleset: RuleSet, shape: str) -> None:
    suffix, build = SHAPES[shape]
    text = build(SIZE)
    start = time.process_time()
    result = audit_text(text, path=f"shape{suffix}", ruleset=ruleset)
    assert time.process_time() - start < CPU_SECONDS
    assert all(0 <= f.span.start <= f.span.end <= len(text) for f in result.findings)
