"""`auditor serve` under load: a 1,000-word article's server time, then many concurrent clients on loopback.

Run as `python -m benchmarks.serve [--data DIR] [--clients 200] [--seconds 30] [--write]`.
It starts a real `auditor serve --port 0` process (the CLI beside this Python), then:

1. the article: `--runs` sequential checks of one 1,000-word OneStopEnglish article; the
   server's own time (`server_ms` of each answer) and the round trip, median and 95th percentile;
2. the load: `--clients` clients on 127.0.0.1, each posting OneStopEnglish articles to
   /api/v1/check one after another until `--seconds` have passed (a request already sent is
   waited for); errors (any answer but 200, any failed connection), latency percentiles,
   requests per second, and the server's resident memory before and after (and its peak).

With `--write` the tables go to docs/performance.md (section `serve`). Traffic goes only to
the loopback address of the server this script started, and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench import AUDITOR, api_samples_ms, news_article
from benchmarks.datasets import ONESTOP, ROOT, data_dir, records
from benchmarks.report import machine_line, replace_section, table

PERFORMANCE_MD = ROOT / "docs" / "performance.md"
TARGET_ARTICLE_MS = 50.0
START_S = 180.0
ARTICLES = 40  # distinct texts the load test sends, so no answer comes from a warm cache alone
CLIENT_TIMEOUT_S = 300.0


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != "200")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def memory_kib(pid: int) -> dict[str, int]:
    """The resident set now (VmRSS) and at its peak (VmHWM) of a process, in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        fields = dict(line.split(":", 1) for line in handle if ":" in line)
    return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}


def start_server(workers: int, queue: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [str(AUDITOR), "serve", "--port", "0", "--workers", str(workers), "--queue", str(queue)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("auditor serve: http://"):
        process.kill()
        raise SystemExit(f"auditor serve did not start: {line!r}")
    return process, line.split()[2]


async def article_times(url: str, text: str, runs: int) -> tuple[list[float], list[float], list[float]]:
    import httpx

    server, cpu, trip = [], [], []
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S) as client:
        for _ in range(runs + 1):
            started = time.perf_counter()
            answer = await client.post(url + "api/v1/check", json={"text": text})
            answer.raise_for_status()
            trip.append(1000 * (time.perf_counter() - started))
            server.append(float(answer.json()["server_ms"]))
            cpu.append(float(answer.json()["cpu_ms"]))
    return server[1:], cpu[1:], trip[1:]  # the first request of a connection is left out


async def load(url: str, texts: Sequence[str], clients: int, seconds: float) -> Load:
    import httpx

    measured = Load()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient, number: int) -> None:
        sent = number
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                answer = await client.post(url + "api/v1/check", json={"text": texts[sent % len(texts)]})
                status = str(answer.status_code)
            except httpx.HTTPError as error:
                status = type(error).__name__
            measured.latencies.append(time.perf_counter() - started)
            measured.statuses[status] += 1
            sent += clients

    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client, number) for number in range(clients)))
        measured.seconds = time.perf_counter() - started
    return measured


def render(article: tuple[list[float], list[float], list[float]], api: list[float], words: int, measured: Load, clients: int, seconds: float, memory: tuple[dict[str, int], dict[str, int]], workers: int, texts: Sequence[str]) -> str:
    server, cpu, trip = article
    before, after = memory
    mean_words = statistics.mean(len(text.split()) for text in texts)
    requests = len(measured.latencies)
    rows = [
        [f"{words:,}-word article, server time (median / p95)", f"{statistics.median(server):.1f} / {percentile(server, 0.95):.1f} ms", f"<= {TARGET_ARTICLE_MS:g} ms"],
        ["the same, CPU time of the audit's thread (median / p95)", f"{statistics.median(cpu):.1f} / {percentile(cpu, 0.95):.1f} ms", f"<= {TARGET_ARTICLE_MS:g} ms"],
        ["the same, round trip on loopback (median / p95)", f"{statistics.median(trip):.1f} / {percentile(trip, 0.95):.1f} ms", "-"],
        ["the same article through `audit_text` in the benchmark's process (median)", f"{statistics.median(api):.1f} ms", "-"],
        [f"load: {clients} clients for {seconds:g} s, requests answered", f"{requests:,} ({requests / measured.seconds:.1f} per second)", "-"],
        ["load: errors (answers other than 200, failed connections)", f"{measured.errors:,} ({', '.join(f'{s}: {n}' for s, n in sorted(measured.statuses.items()))})", "0"],
        ["load: latency p50 / p90 / p99 / max", " / ".join(f"{percentile(measured.latencies, share):.2f}" for share in (0.5, 0.9, 0.99, 1.0)) + " s", "-"],
        ["server memory (RSS) before / after the load; peak", f"{before['VmRSS'] / 1024:.0f} / {after['VmRSS'] / 1024:.0f} MiB; {after['VmHWM'] / 1024:.0f} MiB", "-"],
    ]
    return "\n".join(
        [
            machine_line(),
            "",
            f"`python -m benchmarks.serve`: one `auditor serve` process ({workers} audit workers), clients in another process on "
            f"127.0.0.1 (httpx, one connection each). The load sends {len(texts)} OneStopEnglish articles in turn "
            f"(mean {mean_words:,.0f} words); every client waits for its answer before sending the next.",
            "",
            table(["measure", "measured", "target"], rows),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default: $AUDITOR_EVAL_DATA or ../shared/eval)")
    parser.add_argument("--runs", type=int, default=50, help="sequential checks of the 1,000-word article")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="the server's audit workers")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/performance.md")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    article = news_article(data)
    texts = [record["text"] for record in records(data, ONESTOP)][:ARTICLES]
    process, url = start_server(args.workers, queue=max(256, args.clients))
    try:
        print(f"server at {url}; timing the article x {args.runs} ...", file=sys.stderr)
        times = asyncio.run(article_times(url, article, args.runs))
        api = api_samples_ms(article, args.runs)
        before = memory_kib(process.pid)
        print(f"{args.clients} clients for {args.seconds:g} s ...", file=sys.stderr)
        measured = asyncio.run(load(url, texts, args.clients, args.seconds))
        after = memory_kib(process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    section = render(times, api, len(article.split()), measured, args.clients, args.seconds, (before, after), args.workers, texts)
    print(section)
    if args.write:
        replace_section(PERFORMANCE_MD, "serve", section)
        print(f"wrote {PERFORMANCE_MD.relative_to(ROOT)}", file=sys.stderr)
    return 1 if measured.errors else 0


if __name__ == "__main__":
    sys.exit(main())
