"""`--jobs N`: worker processes check the files; the report is the serial one, byte for byte.

A run of one batch (`parallel.BATCH_CHARACTERS`) is checked in the process itself; the tests
make every document a batch of its own, so that worker processes really do the work.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from auditor.check.document import context_for
from auditor.findings.pipeline import audit_documents
from auditor.packs.load import RuleSet
from auditor.text.document import Document
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A few files with findings of their own and across files (a name spelt two ways, counts that differ)."""
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, tmp_path / seed.name)
    shutil.copy(ROOT / "data" / "markup" / "article.md", tmp_path / "article.md")
    (tmp_path / "a.txt").write_text("Foreign Ministry spokeswoman Hua Chunying said talks would go on.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hua Chunying spoke again. Later Hua Chuning  said the the talks ended.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("“Stray quote. Previous Post Next Post\n", encoding="utf-8")
    return tmp_path


@pytest.fixture(autouse=True)
def one_document_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.check import parallel

    monkeypatch.setattr(parallel, "BATCH_CHARACTERS", 1)


@pytest.mark.parametrize("format_", ["json", "text", "sarif", "jsonl"])
def test_jobs_give_the_serial_report(cli, folder: Path, format_: str) -> None:
    serial = cli("check", "--format", format_, "--fail-on", "never", str(folder))
    parallel = cli("check", "--format", format_, "--fail-on", "never", "--jobs", "3", str(folder))
    assert serial.code == parallel.code == 0
    assert parallel.stdout == serial.stdout
    assert "CS001" in serial.stdout  # the cross-file rule, alone or named in `also`


def test_jobs_zero_means_one_per_cpu_and_negative_is_refused(cli, folder: Path) -> None:
    assert cli("check", "--format", "json", "--jobs", "0", str(folder)).code in (0, 1)
    refused = cli("check", "--jobs", "-2", str(folder))
    assert refused.code == 2
    assert "0 (one per CPU) or more" in refused.stderr


def test_audit_documents_with_workers_equals_serial(ruleset: RuleSet) -> None:
    texts = [
        "Hua Chunying said the coronavirus spread.",
        "Hua Chuning said the corona virus spread. It spread  fast.",
        "Hua Chunying repeated that the coronavirus spread.",
    ]
    context = context_for(ruleset)
    serial = audit_documents([Document(t, f"{n}.txt") for n, t in enumerate(texts)], ruleset, context)
    parallel = audit_documents([Document(t, f"{n}.txt") for n, t in enumerate(texts)], ruleset, context, jobs=2)
    assert [(r.path, r.findings, r.readability) for r in parallel] == [(r.path, r.findings, r.readability) for r in serial]
    assert any("CS001" in (f.rule_id, *f.also) for r in serial for f in r.findings)


@pytest.mark.parametrize("spooled_on_disk", [False, True])
def test_workers_are_given_batches_and_return_them_in_input_order(ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch, spooled_on_disk: bool) -> None:
    from auditor.check import parallel, spool

    monkeypatch.setattr(parallel, "BATCH_CHARACTERS", 60)
    if spooled_on_disk:  # the merge runs in a forked process that reads the same temporary file
        monkeypatch.setattr(spool, "IN_MEMORY_BYTES", 0)
    texts = [f"Report {n}: Hua Chunying said the coronavirus spread {n} times." for n in range(40)] + ["Hua Chuning said the corona virus spread."]
    documents = [Document(t, f"{n}.txt") for n, t in enumerate(texts)]
    assert [len(batch) for batch in parallel.batches(documents)][:3] == [2, 2, 2]
    context = context_for(ruleset)
    serial = audit_documents([Document(t, f"{n}.txt") for n, t in enumerate(texts)], ruleset, context)
    parallel_run = audit_documents(documents, ruleset, context, jobs=2)
    assert [r.path for r in parallel_run] == [f"{n}.txt" for n in range(41)]
    assert [(r.path, r.findings, r.readability) for r in parallel_run] == [(r.path, r.findings, r.readability) for r in serial]
    assert any("CS001" in (f.rule_id, *f.also) for f in parallel_run[-1].findings)


def test_jobs_default_to_one_per_cpu() -> None:
    from auditor.check.parallel import available_jobs
    from auditor.cli.main import build_parser

    parser = build_parser()
    for command in ("check", "report", "fix"):
        extra = ["--out", "x"] if command == "report" else []
        assert parser.parse_args([command, *extra]).jobs == available_jobs()


def test_a_worker_killed_mid_run_still_gives_the_serial_report(cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The out-of-memory killer takes a worker: the run finishes in the parent, says so, and reports the same."""
    import os
    import signal

    from auditor.check import parallel

    parent, check = os.getpid(), parallel._check

    def check_but_die_on_the_third_batch(documents: list[Document]) -> object:
        if os.getpid() != parent and documents[0].path.endswith("c.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return check(documents)

    monkeypatch.setattr(parallel, "_check", check_but_die_on_the_third_batch)
    serial = cli("check", "--format", "json", "--fail-on", "never", str(folder))
    killed = cli("check", "--format", "json", "--fail-on", "never", "--jobs", "2", str(folder))
    assert killed.code == serial.code == 0
    assert killed.stdout == serial.stdout
    assert "auditor: a worker process was killed (SIGKILL, perhaps for want of memory); the rest of the run is checked in this process" in killed.stderr


def test_a_run_of_one_long_document_shares_its_rules_among_the_processes(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One seed article is the whole run: its rules, readability and summaries are spread over
    # forked processes, and the report is the one a single process writes.
    from auditor.check import parallel

    monkeypatch.setattr(parallel, "BATCH_CHARACTERS", 10**9)
    monkeypatch.setattr(parallel, "SHARED_DOCUMENT_CHARACTERS", 100)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (tmp_path / "docs").mkdir()
    shutil.copy(seed, tmp_path / "docs" / seed.name)
    runners = tmp_path / "runners"  # which process ran each part, one line each
    run_part = parallel._run_part

    def noted(number: int) -> object:
        with open(runners, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return run_part(number)

    monkeypatch.setattr(parallel, "_run_part", noted)
    serial = cli("check", "--format", "json", "--fail-on", "never", "--jobs", "1", str(tmp_path / "docs"))
    shared = cli("check", "--format", "json", "--fail-on", "never", "--jobs", "2", str(tmp_path / "docs"))
    assert shared.code == serial.code == 0
    assert shared.stdout == serial.stdout and '"rule": "' in serial.stdout
    processes = set(runners.read_text(encoding="utf-8").split())
    assert len(processes) == 2 and str(os.getpid()) not in processes  # both workers, not this process
