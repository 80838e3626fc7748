"""Bad input gets one clear line naming the file and the right exit code, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path


def test_missing_path_exits_2_and_the_rest_is_still_audited(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Thousands of protestors marched.\n", encoding="utf-8")
    run = cli("check", "--format", "json", str(tmp_path / "nope.txt"), str(good))
    assert run.code == 2
    assert f"{tmp_path / 'nope.txt'}: no such file or directory" in run.stderr
    assert [f["path"] for f in run.json()["files"]] == [str(good)]
    assert "Traceback" not in run.stderr


def test_empty_file_is_reported_and_not_an_error(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    run = cli("check", str(empty))
    assert run.code == 0
    assert f"{empty}: empty file, nothing to audit" in run.stderr


def test_binary_file_is_refused_with_one_line(cli, tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    run = cli("check", str(binary))
    assert run.stderr.strip() == f"auditor: {binary}: binary file (contains NUL bytes), not audited"
    assert run.code == 2  # a file that was not audited fails the run
    assert "0 files audited, 1 not audited" in run.stdout
    skipped = cli("check", "--skip-unreadable", str(binary))
    assert skipped.code == 0 and f"not audited: {binary}: binary file" in skipped.stdout


def test_latin1_file_is_detected_and_audited(cli, tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café était fermé, and the protestors waited outside the café in the rain.\n".encode("latin-1"))
    run = cli("check", "--format", "json", str(latin))
    findings = run.json()["files"][0]["findings"]
    assert [f["text"] for f in findings] == ["protestors"]


def test_bom_is_stripped_and_offsets_count_from_the_text(cli, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffThe protestors left.\r\nThen more came.\r\n".encode("utf-8"))
    finding = cli("check", "--format", "json", str(path)).json()["files"][0]["findings"][0]
    assert (finding["start"], finding["line"], finding["column"]) == (4, 1, 5)


def test_symlink_loop_in_a_folder_ends(cli, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("The protestors left.\n", encoding="utf-8")
    os.symlink(folder, folder / "loop")
    run = cli("check", "--format", "json", str(folder))
    assert [f["path"] for f in run.json()["files"]] == [str(folder / "a.txt")]


def test_include_and_exclude_globs_pick_files(cli, tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.rst", "skip.txt"):
        (tmp_path / name).write_text("Fine text.\n", encoding="utf-8")
    run = cli("check", "--format", "json", "--include", "*.txt", "--include", "*.rst", "--exclude", "skip.*", str(tmp_path))
    assert sorted(Path(f["path"]).name for f in run.json()["files"]) == ["a.txt", "c.rst"]


def test_stdin_is_read_with_a_dash(cli, monkeypatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"The protestors left.\n")))
    run = cli("check", "--format", "json", "-")
    assert run.json()["files"][0]["path"] == "<stdin>"
    assert run.json()["files"][0]["findings"][0]["text"] == "protestors"
