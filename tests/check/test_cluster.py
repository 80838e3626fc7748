"""`--dask SCHEDULER_ADDRESS`: the same two phases on a Dask cluster give the local run's findings, cross-document ones included."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.check.document import context_for
from auditor.findings.pipeline import audit_documents, audit_stream
from auditor.packs.load import RuleSet
from auditor.text.document import Document
from tests.conftest import SEEDS

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Foreign Ministry spokeswoman Hua Chunying said the coronavirus spread.",
    "Hua Chuning said the corona virus spread. It spread  fast.",
    "Hua Chunying repeated that the coronavirus spread.",
]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A two-worker cluster in worker processes, on the loopback interface, without a dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def one_document_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.check import parallel

    monkeypatch.setattr(parallel, "BATCH_CHARACTERS", 1)


def test_cluster_run_gives_the_local_findings_in_input_order(scheduler: str, ruleset: RuleSet, one_document_per_batch: None) -> None:
    from auditor.check.cluster import DaskMapper, connect

    texts = TEXTS * 4 + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    context = context_for(ruleset)
    local = audit_documents([Document(t, f"{n}.txt") for n, t in enumerate(texts)], ruleset, context)
    client = connect(scheduler)
    try:
        remote = list(audit_stream((Document(t, f"{n}.txt") for n, t in enumerate(texts)), ruleset, context, mapper=DaskMapper(client)))
    finally:
        client.close()
    assert [r.path for r in remote] == [f"{n}.txt" for n in range(len(texts))]
    assert [(r.path, r.findings, r.readability) for r in remote] == [(r.path, r.findings, r.readability) for r in local]
    cross_file = [f for f in remote[1].findings if "CS001" in (f.rule_id, *f.also)]
    assert cross_file and any(related.path == "0.txt" for f in cross_file for related in f.related)


def test_check_dask_option_prints_the_local_report(cli, scheduler: str, tmp_path: Path, one_document_per_batch: None) -> None:
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, tmp_path / seed.name)
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"n{n}", "text": text}) + "\n" for n, text in enumerate(TEXTS)), encoding="utf-8")
    args = ("check", "--format", "sarif", "--fail-on", "never", "--id-field", "id", str(tmp_path), str(corpus))
    local = cli(*args, "--jobs", "1")
    remote = cli(*args, "--dask", scheduler)
    assert local.code == remote.code == 0
    assert remote.stdout == local.stdout
    assert "CS001" in remote.stdout


def test_an_unreachable_scheduler_is_one_line_and_exit_2(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.check import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    (tmp_path / "a.txt").write_text("Hua Chunying said so.\n", encoding="utf-8")
    run = cli("check", "--dask", "tcp://127.0.0.1:9", str(tmp_path))
    assert run.code == 2
    assert run.stderr.startswith("auditor: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(run.stderr.strip().splitlines()) == 1
