"""`auditor fix` killed at any moment: every file holds its old or its new content, and the next
run removes the temporary files the killed one left (and only those).

`AUDITOR_KILL_RUNS` sets how many random kill points the test tries (default 3; `make fuzz` runs more).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from auditor.fix.writing import TEMPORARY_SUFFIX

KILL_RUNS = int(os.environ.get("AUDITOR_KILL_RUNS", "3"))
FILES = 12
# A slow disk: each fsync takes 40 ms, so the write phase is long enough for kill points to land in it.
AUDITOR = [
    sys.executable,
    "-c",
    "import os, sys, time\n"
    "fsync = os.fsync\n"
    "os.fsync = lambda descriptor: (time.sleep(0.04), fsync(descriptor))[1]\n"
    "from auditor.cli.main import main\n"
    "sys.exit(main())",
]


def make_articles(folder: Path) -> None:
    folder.mkdir()
    for number in range(FILES):
        body = f"Report {number}: thousands of protestors marched, and the protestors left at 100% of the route.\n" * (1 + number * 40)
        (folder / f"article{number:02}.txt").write_text(body, encoding="utf-8")


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".txt"}


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMPORARY_SUFFIX))


def fix(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AUDITOR, "fix", str(folder)], capture_output=True, text=True, timeout=300)


def test_fix_killed_at_random_moments_never_loses_a_file(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    make_articles(pristine)
    old = contents(pristine)
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference)
    started = time.monotonic()
    assert fix(reference).returncode == 0
    duration = time.monotonic() - started
    new = contents(reference)
    assert all(new[name] != old[name] for name in old)
    chooser = random.Random(11)
    left_behind = 0
    for run in range(KILL_RUNS):
        folder = tmp_path / f"run{run}"
        shutil.copytree(pristine, folder)
        process = subprocess.Popen([*AUDITOR, "fix", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Most kill points fall late in the run, where the files are written.
        time.sleep(duration * chooser.choice([chooser.uniform(0.0, 1.0), chooser.uniform(0.7, 1.05)]))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, data in contents(folder).items():
            assert data in (old[name], new[name]), f"run {run}: {name} is neither the old nor the new content"
        left_behind += len(temporaries(folder))
        time.sleep(0.01)  # the next run starts strictly after the killed one's files were made
        again = fix(folder)
        assert again.returncode == 0, again.stderr
        assert contents(folder) == new
        assert temporaries(folder) == []
        shutil.rmtree(folder)
    print(f"{KILL_RUNS} kill points, {left_behind} temporary files left by killed runs and removed by the next")


def test_next_run_removes_stale_temporaries_of_its_own_naming_only(cli, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The protestors left.\n", encoding="utf-8")
    stale = tmp_path / ".a.txt.k3j_x9q2.auditor-tmp"
    stale.write_text("The protesters left.\n", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    not_ours = tmp_path / ".a.txt.notes.auditor-tmp.keep"
    not_ours.write_text("mine\n", encoding="utf-8")
    too_new = tmp_path / ".a.txt.abcdefgh.auditor-tmp"
    too_new.write_text("being written\n", encoding="utf-8")
    future = time.time() + 3600  # written after this run started, by another run
    os.utime(too_new, (future, future))
    run = cli("fix", str(article))
    assert run.code == 0
    assert f"auditor: {stale}: removed a temporary file left by an interrupted `auditor fix`" in run.stderr.splitlines()
    assert not stale.exists() and not_ours.exists() and too_new.exists()
    assert article.read_text(encoding="utf-8") == "The protesters left.\n"
