"""Ctrl-C during a batch run: the findings of the documents checked so far are written, the run says it was interrupted, exit 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARTICLE = (
    "Foreign Ministry spokeswoman Hua Chunying said the coronavirus spread. Hua Chuning said the corona virus spread. "
    "The the minister said talks would go on, and that  the talks had been useful for both sides. "
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_writes_the_findings_so_far_and_exits_130(tmp_path: Path, jobs: str) -> None:
    # Line 30 is broken: reading it prints an error line, which is when the test presses Ctrl-C,
    # with thousands of documents still to check.
    lines = [json.dumps({"id": f"d{n}", "text": ARTICLE * 20}) for n in range(3000)]
    lines[29] = "{broken"
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    environment = {**os.environ, "CI": "1"}
    command = [sys.executable, "-m", "auditor.cli.main", "check", "--format", "jsonl", "--id-field", "id", "--jobs", jobs, str(corpus)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, start_new_session=True)
    assert process.stderr is not None
    first_error = process.stderr.readline()
    assert f"{corpus}:30: not valid JSON" in first_error
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    message = stderr.strip().splitlines()[-1]
    assert message.startswith("auditor: interrupted: the report holds the findings of the ")
    checked = int(message.split("findings of the ")[1].split()[0])
    assert checked < 2999
    records = [record for record in map(json.loads, stdout.splitlines()) if "rule" in record]
    paths = list(dict.fromkeys(record["path"] for record in records))
    assert paths == [f"{corpus}#d{n}" for n in range(len(paths))]  # a prefix of the corpus, in order
    if jobs == "1":
        assert len(paths) == checked > 0  # documents are read a batch ahead: some were checked before line 30 was read
        assert any(record["rule"] == "NM001" for record in records)
    assert {"path": f"{corpus}:30", "error": f"{corpus}:30: not valid JSON: Expecting property name enclosed in double quotes (column 2); not audited"} in map(
        json.loads, stdout.splitlines()
    )


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from each process's stat line in /proc (any Linux kernel)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            children.add(int(stat.parent.name))
    return children


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads child processes from Linux's /proc")
def test_a_killed_run_leaves_no_process_behind(tmp_path: Path) -> None:
    """SIGKILL gives the parent no chance to stop its workers and merger: they die with it."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{n}", "text": ARTICLE * 20}) + "\n" for n in range(3000)), encoding="utf-8")
    command = [sys.executable, "-m", "auditor.cli.main", "check", "--format", "jsonl", "--id-field", "id", "--jobs", "2", str(corpus)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert process.stdout is None
    children: set[int] = set()
    deadline = time.monotonic() + 120
    while len(children) < 3 and time.monotonic() < deadline:  # two workers and the merger
        time.sleep(0.1)
        children = _children(process.pid)
    assert len(children) >= 3
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{child}").exists() for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{child}").exists() for child in children)
