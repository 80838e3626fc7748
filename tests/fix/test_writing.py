"""Safe writing: bytes outside the edits survive, and no failure ever loses the original."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from auditor.fix.writing import WriteError, write_source
from auditor.read.inputs import read_source


def leftovers(folder: Path) -> list[str]:
    """Return the temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".auditor-tmp"))


def test_crlf_and_bom_are_kept_byte_for_byte_outside_the_edit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nThe protestors\xc2\xa0left.\r\nEnd   \r\n")
    source = read_source(str(path))
    write_source(source, source.text.replace("protestors", "protesters"))
    assert path.read_bytes() == b"\xef\xbb\xbfTitle\r\n\r\nThe protesters\xc2\xa0left.\r\nEnd   \r\n"
    assert leftovers(tmp_path) == []


def test_legacy_encoding_is_written_back_in_that_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    original = "Caf\u00e9 owners said the protestors were \u00ab peaceful \u00bb, na\u00efvely.\n" * 3
    path.write_bytes(original.encode("cp1252"))
    source = read_source(str(path))
    assert source.encoding != "utf-8"
    write_source(source, source.text.replace("protestors", "protesters"))
    assert path.read_bytes() == original.replace("protestors", "protesters").encode("cp1252")


def test_text_the_encoding_cannot_hold_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    raw = ("Caf\u00e9 owners said the protestors were peaceful, na\u00efvely.\n" * 3).encode("cp1252")
    path.write_bytes(raw)
    source = read_source(str(path))
    with pytest.raises(WriteError, match=r"latin\.txt: the fixed text has '\u4e2d' \(U\+4E2D\)") as error:
        write_source(source, source.text + "\u4e2d")
    assert "\n" not in str(error.value)
    assert path.read_bytes() == raw


def test_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("protestors\n", encoding="utf-8")
    path.chmod(0o640)
    write_source(read_source(str(path)), "protesters\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_read_only_file_is_refused_and_left_intact(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("protestors\n", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(WriteError) as error:
        write_source(read_source(str(path)), "protesters\n")
    assert str(error.value) == f"{path}: file is read-only; not written"
    assert path.read_text(encoding="utf-8") == "protestors\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_file_changed_on_disk_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("protestors\n", encoding="utf-8")
    source = read_source(str(path))
    path.write_text("protestors, edited meanwhile by a colleague\n", encoding="utf-8")
    with pytest.raises(WriteError, match="changed on disk since it was read; not overwritten"):
        write_source(source, "protesters\n")
    assert path.read_text(encoding="utf-8") == "protestors, edited meanwhile by a colleague\n"


def test_file_removed_since_it_was_read_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("protestors\n", encoding="utf-8")
    source = read_source(str(path))
    path.unlink()
    with pytest.raises(WriteError, match="was removed since it was read"):
        write_source(source, "protesters\n")
    assert not path.exists()


def test_failed_rename_leaves_the_original_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("protestors\n", encoding="utf-8")
    source = read_source(str(path))

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError) as error:
        write_source(source, "protesters\n")
    assert str(error.value) == f"{path}: cannot write: No space left on device; the file is unchanged"
    assert path.read_text(encoding="utf-8") == "protestors\n"
    assert leftovers(tmp_path) == []


def test_write_interrupted_midway_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("protestors\n", encoding="utf-8")
    source = read_source(str(path))

    def interrupted_fsync(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_source(source, "protesters\n")
    assert path.read_text(encoding="utf-8") == "protestors\n"
    assert leftovers(tmp_path) == []


def test_backup_keeps_the_original_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"protestors\r\n")
    backup = write_source(read_source(str(path)), "protesters\r\n", backup=True)
    assert backup == f"{path}.bak"
    assert Path(backup).read_bytes() == b"protestors\r\n"
    assert path.read_bytes() == b"protesters\r\n"


def test_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("protestors\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_source(read_source(str(link)), "protesters\n")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "protesters\n"
