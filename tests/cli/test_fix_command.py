"""`auditor fix` and `auditor check --show-fixes` on real files, standard input and the seeds."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import auditor.cli.commands.fix as fix_command
from tests.conftest import SEEDS, CliRun
from tests.fix.test_fixes import swap_rule, write_pack


def copy_seeds(folder: Path) -> Path:
    """Copy the seed articles (read-only in the checkout) as writable files."""
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def safe_fixes(report: dict) -> list[tuple[str, dict]]:
    """Return (path, finding) for each finding of a JSON report whose fix is safe."""
    return [(f["path"], finding) for f in report["files"] for finding in f["findings"] if (finding["fix"] or {}).get("applicability") == "safe"]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Thousands of protestors marched.\nThe protestors left.\n", encoding="utf-8")
    return path


def test_fix_writes_the_file_and_counts_fixes_per_rule(cli, article: Path) -> None:
    run = cli("fix", str(article))
    assert run.code == 0
    assert article.read_text(encoding="utf-8") == "Thousands of protesters marched.\nThe protesters left.\n"
    assert "auditor: fixed 2 findings in 1 file:" in run.stderr
    assert "2  ST001    protestors-spelling" in run.stderr
    assert run.stdout == ""


def test_fix_keeps_bom_and_crlf_byte_for_byte_outside_the_edits(cli, tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\nThe protestors left \xe2\x80\x9cquickly\xe2\x80\x9d.\r\n")
    assert cli("fix", str(path)).code == 0
    assert path.read_bytes() == b"\xef\xbb\xbfHeadline\r\n\r\nThe protesters left \xe2\x80\x9cquickly\xe2\x80\x9d.\r\n"


def test_diff_prints_a_unified_diff_writes_nothing_and_exits_1(cli, article: Path) -> None:
    before = article.read_bytes()
    run = cli("fix", "--diff", str(article))
    assert run.code == 1
    assert article.read_bytes() == before
    assert run.stdout.splitlines() == [
        f"--- {article}",
        f"+++ {article}",
        "@@ -1,2 +1,2 @@",
        "-Thousands of protestors marched.",
        "-The protestors left.",
        "+Thousands of protesters marched.",
        "+The protesters left.",
    ]
    assert "would fix 2 findings in 1 file" in run.stderr


def test_diff_without_changes_exits_0(cli, tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("Thousands of protesters marched.\n", encoding="utf-8")
    run = cli("fix", "--diff", str(path))
    assert (run.code, run.stdout) == (0, "")
    assert "nothing to fix" in run.stderr


def test_stdin_is_fixed_to_stdout(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"The protestors left.\r\n"), encoding="utf-8"))
    run = cli("fix", "-")
    assert run.code == 0
    assert run.stdout == "The protesters left.\r\n"
    assert "fixed 1 finding in 1 file" in run.stderr


def test_stdin_without_fixes_is_echoed_unchanged(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"All calm."), encoding="utf-8"))
    assert cli("fix", "-").stdout == "All calm."


def test_backup_keeps_the_original_next_to_the_file(cli, article: Path) -> None:
    before = article.read_bytes()
    assert cli("fix", "--backup", str(article)).code == 0
    assert Path(f"{article}.bak").read_bytes() == before
    assert b"protesters" in article.read_bytes()


def test_read_only_file_gets_one_error_line_and_stays_intact(cli, article: Path) -> None:
    before = article.read_bytes()
    article.chmod(0o444)
    run = cli("fix", str(article))
    assert run.code == 2
    assert f"auditor: {article}: file is read-only; not written" in run.stderr.splitlines()
    # The failed file is not counted as fixed, and the summary does not contradict the error.
    assert "nothing to fix" not in run.stderr and "fixed" not in run.stderr
    assert f"auditor: {article}: 2 fixes not applied: the file was not written" in run.stderr.splitlines()
    assert article.read_bytes() == before


def test_file_changed_between_read_and_write_is_not_overwritten(cli, article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fix_run = fix_command.fix_run

    def fix_run_then_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcomes = real_fix_run(*args, **kwargs)
        article.write_text("A colleague rewrote this.\n", encoding="utf-8")
        return outcomes

    monkeypatch.setattr(fix_command, "fix_run", fix_run_then_edit)
    run = cli("fix", str(article))
    assert run.code == 2
    assert "changed on disk since it was read; not overwritten" in run.stderr
    assert article.read_text(encoding="utf-8") == "A colleague rewrote this.\n"


def fix_with_rules(cli: Callable[..., CliRun], tmp_path: Path, text: str, *rules: str) -> tuple[CliRun, Path]:
    """Write `text` to a file and `rules` to a user pack, then run `auditor fix` with that pack."""
    pack = write_pack(tmp_path / "rules", "".join(rules))
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return cli("fix", "--rules", str(pack), str(path)), path


def test_chained_fixes_converge_through_user_rules(cli, tmp_path: Path) -> None:
    chain = (swap_rule("T001", "Coruna virus", "corona virus"), swap_rule("T002", "corona virus", "coronavirus"))
    run, path = fix_with_rules(cli, tmp_path, "Rumours about the Coruna virus.\n", *chain)
    assert run.code == 0
    assert path.read_text(encoding="utf-8") == "Rumours about the coronavirus.\n"
    assert "fixed 2 findings in 1 file" in run.stderr


def test_rules_that_never_settle_are_reported_as_failing_to_converge(cli, tmp_path: Path) -> None:
    run, path = fix_with_rules(cli, tmp_path, "A colour.\n", swap_rule("T001", "colour", "color"), swap_rule("T002", "color", "colour"))
    assert f"auditor: {path}: failed to converge after 10 passes: T001" in run.stderr


def test_unsafe_fixes_need_the_flag_and_are_announced(cli, tmp_path: Path) -> None:
    run, path = fix_with_rules(cli, tmp_path, "said Fergus Hansen.\n", swap_rule("T001", "Fergus Hansen", "Fergus Hanson", fix="unsafe"))
    assert "1 more fix available with --unsafe-fixes" in run.stderr
    assert path.read_text(encoding="utf-8") == "said Fergus Hansen.\n"
    assert cli("fix", "--unsafe-fixes", "--rules", str(tmp_path / "rules"), str(path)).code == 0
    assert path.read_text(encoding="utf-8") == "said Fergus Hanson.\n"


def test_unfixable_rules_are_left_alone(cli, article: Path) -> None:
    run = cli("fix", "--unfixable", "ST001", str(article))
    assert "nothing to fix" in run.stderr
    assert "protestors" in article.read_text(encoding="utf-8")
    assert cli("fix", "--fixable", "ST", str(article)).code == 0
    assert "protestors" not in article.read_text(encoding="utf-8")


def test_a_file_named_twice_is_fixed_once(cli, article: Path) -> None:
    run = cli("fix", str(article), str(article.parent), str(article.parent / "." / article.name))
    assert run.code == 0
    assert "fixed 2 findings in 1 file:" in run.stderr


def test_missing_path_exits_2(cli, tmp_path: Path) -> None:
    assert cli("fix", str(tmp_path / "nope.txt")).code == 2


def test_check_show_fixes_prints_the_diff_fix_would_make(cli, article: Path) -> None:
    diff = cli("fix", "--diff", str(article)).stdout
    run = cli("check", "--show-fixes", "--fail-on", "never", str(article))
    assert run.stdout.endswith(diff)
    machine = cli("check", "--show-fixes", "--format", "json", str(article))
    assert machine.json()["summary"]["findings"] == 2
    assert machine.stderr.endswith(diff)


def test_seeds_diff_shows_every_safe_fix_and_writes_nothing(cli) -> None:
    before = snapshot(SEEDS)
    report = cli("check", "--format", "json", str(SEEDS)).json()
    run = cli("fix", "--diff", str(SEEDS))
    removed = {line[1:] for line in run.stdout.splitlines() if line.startswith("-") and not line.startswith("---")}
    for path, finding in safe_fixes(report):
        line = Path(path).read_text(encoding="utf-8").split("\n")[finding["line"] - 1]
        assert line in removed, f"{finding['rule']} at {path}:{finding['line']} is not in the diff"
    assert run.code == (1 if safe_fixes(report) else 0)
    assert snapshot(SEEDS) == before


def test_fixing_the_seeds_leaves_no_fixed_finding_and_a_second_fix_changes_nothing(cli, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path / "seeds")
    fixed = {(finding["rule"], finding["text"]) for _, finding in safe_fixes(cli("check", "--format", "json", str(folder)).json())}
    assert cli("fix", str(folder)).code == 0
    after = cli("check", "--format", "json", str(folder)).json()
    assert safe_fixes(after) == []
    remaining = {(finding["rule"], finding["text"]) for f in after["files"] for finding in f["findings"]}
    assert not fixed & remaining
    once = snapshot(folder)
    again = cli("fix", str(folder))
    assert again.code == 0
    assert "nothing to fix" in again.stderr
    assert snapshot(folder) == once


def test_fixing_the_seeds_makes_the_safe_corrections_of_expected_md(cli, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path / "seeds")
    cli("fix", str(folder))
    machine = (folder / "000_6631a8e0a366c5c7.txt").read_text(encoding="utf-8")
    draft = (folder / "002_398bcd745f4edaa2.txt").read_text(encoding="utf-8")
    title = "China claims to be a victim, with Twitter demanding that the attackers be removed\n"
    assert machine.count(title) == 1  # the duplicated title line is dropped
    assert "Previous Post" not in machine and "Leave a Reply" not in draft and "Your email address" not in draft
    assert 'victim of false information."\n' in machine  # the stray closing quote is gone
    assert 'reports they distribute."\n' in machine  # so is the stray " ." after the quote
    assert "the corona virus" not in machine and "the coronavirus is a biological weapon" in machine
    assert "by the Coronavirus" not in machine and "the Coronavirus pandemic" not in draft
    assert "Chinese communist party" not in draft and "Chinese Communist Party" in draft
    assert "Chinese foreign ministry" not in draft and "Chinese Foreign Ministry spokeswoman" in draft
    assert "\u00a0" not in draft
    assert not [line for line in draft.split("\n") if line != line.rstrip()]
    assert "pro-democracy protesters." in draft


@pytest.fixture
def spaced(tmp_path: Path) -> Path:
    """A file with one ST001 finding and one TY009 (non-breaking space) finding."""
    path = tmp_path / "a.txt"
    path.write_text("The protestors\u00a0left.\n", encoding="utf-8")
    return path


def test_config_unfixable_and_fixable_by_rule_name(cli, tmp_path: Path, spaced: Path) -> None:
    path = spaced
    (tmp_path / ".auditor.toml").write_text('unfixable = ["non-breaking-space"]\n', encoding="utf-8")
    assert cli("fix", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == "The protesters\u00a0left.\n"
    path.write_text("The protestors\u00a0left.\n", encoding="utf-8")
    assert cli("fix", "--fixable", "non-breaking-space", "--unfixable", "ST001", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == "The protestors\u00a0left.\n"  # config's unfixable still holds


def test_later_passes_respect_per_file_ignores(cli, tmp_path: Path, spaced: Path) -> None:
    # Pass 1 fixes the space; the re-audit must still ignore ST001 here, or pass 2 would fix it.
    (tmp_path / ".auditor.toml").write_text('[per-file-ignores]\n"a.txt" = ["ST001"]\n', encoding="utf-8")
    assert cli("fix", str(spaced)).code == 0
    assert spaced.read_text(encoding="utf-8") == "The protestors left.\n"


def test_fix_with_a_baseline_fixes_only_new_findings(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Old protestors here.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert cli("baseline", "create", "-o", str(baseline), str(path)).code == 0
    path.write_text("Old protestors here.\n\nA new\u00a0space.\n", encoding="utf-8")
    assert cli("fix", "--baseline", str(baseline), str(path)).code == 0
    assert path.read_text(encoding="utf-8") == "Old protestors here.\n\nA new space.\n"


def test_summary_says_how_many_findings_are_left_for_an_editor(cli, tmp_path: Path) -> None:
    run, _ = fix_with_rules(cli, tmp_path, "The protestors chose a colour.\n", swap_rule("T001", "colour", "color", fix="display-only"))
    assert "fixed 1 finding in 1 file:" in run.stderr
    assert "auditor: 1 finding left for an editor (`auditor check` lists them)" in run.stderr
