"""`make bench-scale`: throughput and the parent's peak memory of batch audits of JSONL corpora, at 1 and 2 jobs and on a 2-worker Dask cluster.

Run as `python -m benchmarks.scale [--data DIR] [--sizes 10 100] [--no-write]`. The corpora
(`.benchmarks/scale-<N>mb.jsonl`, git-ignored) are built deterministically from the evaluation
data, articles repeating in the same order when the data holds less. Each run is
`auditor check --format jsonl` in its own process; its peak memory is the parent process's
own high-water mark (`VmHWM`, polled), and beside it the largest high-water mark of any of its
processes (workers, the merge; not a Dask cluster's). The outputs of the runs of one corpus
are compared: the findings must be identical whoever checked them. Writes the `scale` section
of docs/scale.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench import AUDITOR, CORPUS_DIR, MB, articles
from benchmarks.datasets import ROOT, data_dir
from benchmarks.report import machine_line, replace_section, table

SCALE_MD = ROOT / "docs" / "scale.md"
POLL_SECONDS = 0.05
# Targets of the issue.
TARGET_SPEEDUP = 1.8  # 2 jobs against 1 on 100 MB
TARGET_PEAK_MIB = 300.0
TARGET_PEAK_GROWTH = 1.25  # the 100 MB peak against the 10 MB one (issue 14: the largest process's against 1 MB)
TARGET_LARGEST_MIB = 200.0


@dataclass(frozen=True)
class Measured:
    """One run: how it ran, its wall time, the parent's and the largest process's peak memory and a digest of its findings."""

    size: int
    how: str
    seconds: float
    cpu_seconds: float
    peak_mib: float
    largest_mib: float
    findings: int
    digest: str

    @property
    def mb_per_second(self) -> float:
        return self.size / MB / self.seconds


def build_corpus(data: Path, size: int) -> Path:
    """Write about `size` bytes of articles as one JSON Lines corpus (reused when present) and return it."""
    path = CORPUS_DIR / f"scale-{size // MB}mb.jsonl"
    if path.exists():
        return path
    CORPUS_DIR.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    written, index = 0, 0
    with open(partial, "w", encoding="utf-8") as out:
        while written < size:
            for text in articles(data):
                line = json.dumps({"id": f"a{index:06d}", "text": text.strip()}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                index += 1
                if written >= size:
                    break
    partial.rename(path)
    return path


def _peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def _descendants(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        parent = waiting.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as handle:
                    children = [int(child) for child in handle.read().split()]
            except OSError:
                continue
            found += children
            waiting += children
    return found


def measure(corpus: Path, how: str, options: Sequence[str]) -> Measured:
    """Run `auditor check --format jsonl` on the corpus; return its time, CPU time, parent peak and findings digest."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        command = [str(AUDITOR), "check", "--format", "jsonl", "--fail-on", "never", "--id-field", "id", *options, str(corpus)]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=errors, env={**os.environ, "CI": "1"})
        peak = largest = 0
        while True:
            # VmHWM is a process's own high-water mark: polled until it exits, it is its peak.
            peak = max(peak, _peak_kib(process.pid))
            largest = max(largest, peak, *map(_peak_kib, _descendants(process.pid)))
            waited, status, usage = os.wait4(process.pid, os.WNOHANG)
            if waited:
                break
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-500:]}")
        output.seek(0)
        digest, findings = hashlib.sha256(), 0
        for line in output:
            digest.update(line)
            findings += 1
    cpu = usage.ru_utime + usage.ru_stime  # the process and its worker processes, not a Dask cluster's
    return Measured(corpus.stat().st_size, how, seconds, cpu, peak / 1024, largest / 1024, findings, digest.hexdigest()[:12])


def run_all(corpus: Path, dask: bool) -> list[Measured]:
    """Measure one corpus at 1 and 2 jobs and, with `dask`, on a 2-worker LocalCluster."""
    print(f"timing {corpus.name} ...", file=sys.stderr)
    runs = [measure(corpus, "1 job", ["--jobs", "1"]), measure(corpus, "2 jobs", ["--jobs", "2"])]
    if dask:
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:  # type: ignore[no-untyped-call]
            runs.append(measure(corpus, "Dask, 2 workers", ["--dask", cluster.scheduler_address]))
    for run in runs:
        print(f"  {run.how}: {run.seconds:.1f} s ({run.cpu_seconds:.1f} s CPU), {run.mb_per_second:.2f} MB/s, parent peak {run.peak_mib:.0f} MiB (largest process {run.largest_mib:.0f}), {run.findings:,} lines {run.digest}", file=sys.stderr)
    return runs


def short_corpus(data: Path, documents: int) -> Path:
    """Write `documents` short articles (the first paragraph of each, repeating) as one JSON Lines corpus."""
    path = CORPUS_DIR / f"scale-{documents}-docs.jsonl"
    if path.exists():
        return path
    CORPUS_DIR.mkdir(exist_ok=True)
    written = 0
    with open(path.with_suffix(".partial"), "w", encoding="utf-8") as out:
        while written < documents:
            for text in articles(data):
                paragraph = text.strip().split("\n\n")[0][:600]
                out.write(json.dumps({"id": f"d{written:05d}", "text": paragraph}, ensure_ascii=False) + "\n")
                written += 1
                if written == documents:
                    break
    path.with_suffix(".partial").rename(path)
    return path


def index_load_seconds(data: Path, documents: int, loads: int = 3) -> tuple[float, float, int]:
    """Audit `documents` short documents into an HTML report; return the audit's seconds, the median
    seconds headless Chromium takes to load its index (JavaScript off, as the report needs none) and the index's bytes."""
    import shutil

    from playwright.sync_api import sync_playwright

    corpus = short_corpus(data, documents)
    with tempfile.TemporaryDirectory() as out:
        print(f"auditing {documents:,} documents into an HTML report ...", file=sys.stderr)
        started = time.perf_counter()
        command = [str(AUDITOR), "report", "--id-field", "id", "--out", out, str(corpus)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "CI": "1"})
        audit_seconds = time.perf_counter() - started
        index = Path(out) / "index.html"
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if executable is None:
            raise RuntimeError("Chromium not found: the index load time needs it")
        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for _ in range(loads):
                page = browser.new_page(java_script_enabled=False)
                started = time.perf_counter()
                page.goto(index.as_uri(), wait_until="load")
                times.append(time.perf_counter() - started)
                page.close()
            browser.close()
        return audit_seconds, sorted(times)[len(times) // 2], index.stat().st_size


def render(results: dict[int, list[Measured]], index_load: tuple[int, float, float, int] | None = None) -> str:
    """The `scale` section: one row per run, then the issue's targets."""
    rows = [
        (f"{size // MB} MB", f"{runs[0].findings:,}", run.how, round(run.seconds, 1), round(run.cpu_seconds, 1), round(run.mb_per_second, 3), round(run.peak_mib), round(run.largest_mib), run.digest)
        for size, runs in sorted(results.items())
        for run in runs
    ]
    lines = [
        machine_line() + f" Load average when written: {os.getloadavg()[0]:.1f} (other work shared the CPUs).",
        "",
        table(("corpus", "output lines", "run", "seconds", "CPU seconds", "MB/s", "parent peak MiB", "largest process peak MiB", "findings digest"), rows),
        "",
    ]
    checks = []
    for size, runs in sorted(results.items()):
        same = len({run.digest for run in runs}) == 1
        checks.append(f"- {size // MB} MB: the findings of every run are {'identical' if same else 'NOT identical'} (digest of the JSON Lines output).")
        speedup = runs[0].seconds / runs[1].seconds
        checks.append(f"- {size // MB} MB: 2 jobs are {speedup:.2f}x as fast as 1 (target at 100 MB: >= {TARGET_SPEEDUP}x).")
    if 10 * MB in results and 100 * MB in results:
        for small, large in zip(results[10 * MB], results[100 * MB]):
            growth = large.peak_mib / small.peak_mib
            checks.append(
                f"- {large.how}: parent peak {large.peak_mib:.0f} MiB at 100 MB, {growth:.2f}x the 10 MB run's "
                f"(targets: < {TARGET_PEAK_MIB:.0f} MiB, <= {TARGET_PEAK_GROWTH}x)."
            )
    if 100 * MB in results:
        smallest = min(results)
        for small, large in zip(results[smallest], results[100 * MB]):
            if large.how.startswith("Dask"):
                continue  # the cluster's processes are not the run's
            growth = f", {large.largest_mib / small.largest_mib:.2f}x the {smallest // MB} MB run's" if smallest < 100 * MB else ""
            checks.append(
                f"- {large.how}: largest process peak {large.largest_mib:.0f} MiB at 100 MB{growth} "
                f"(issue 14: < {TARGET_LARGEST_MIB:.0f} MiB, <= {TARGET_PEAK_GROWTH}x the 1 MB run's)."
            )
    if index_load is not None:
        documents, audit_seconds, load_seconds, size = index_load
        checks.append(
            f"- HTML report of {documents:,} short documents (audited in {audit_seconds:.0f} s): index.html is {size / 1024:,.0f} KiB "
            f"and loads in headless Chromium in {load_seconds:.2f} s (median of 3; target < 2 s)."
        )
    return "\n".join(lines + checks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default: $AUDITOR_EVAL_DATA or ../shared/eval)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100], help="corpus sizes in MB (default: 10 100)")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask cluster runs")
    parser.add_argument("--report-documents", type=int, default=10_000, help="documents of the HTML report whose index load is timed (0: none)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/scale.md alone")
    args = parser.parse_args(argv)
    if not AUDITOR.exists():
        print(f"{AUDITOR} not found: run `make bench-scale`", file=sys.stderr)
        return 2
    data = data_dir(args.data)
    results = {size * MB: run_all(build_corpus(data, size * MB), not args.no_dask) for size in sorted(args.sizes)}
    index_load = (args.report_documents, *index_load_seconds(data, args.report_documents)) if args.report_documents else None
    section = render(results, index_load)
    print(section)
    if not args.no_write:
        replace_section(SCALE_MD, "scale", section)
        print(f"wrote {SCALE_MD.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
