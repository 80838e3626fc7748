"""Project config: every key changes what `auditor check` does; every mistake names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.findings.config import Config, compile_glob, load_config
from auditor.model import Applicability, Finding, Severity, Span
from tests.packs.test_packs import GOOD_RULE

# ST001 (protestors) fires on line 1; AU001 (a suppression with nothing to silence) on line 2.
ARTICLE = "The protestors met.\n# auditor-disable-next-line\nCalm words.\n"

def project(tmp_path: Path, config: str, name: str = ".auditor.toml", files: dict[str, str] | None = None) -> Path:
    (tmp_path / name).write_text(config, encoding="utf-8")
    for path, text in (files or {"article.txt": ARTICLE}).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


def rules_found(cli, *args: str) -> list[tuple[str, str]]:
    data = cli("check", "--format", "json", "--fail-on", "never", *args).json()
    return sorted((Path(f["path"]).name, finding["rule"]) for f in data["files"] for finding in f["findings"])


def test_select_runs_only_the_selected_rules(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["AU"]\n')
    assert rules_found(cli, str(tmp_path)) == [("article.txt", "AU001")]


def test_ignore_by_name_drops_a_rule(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["AU001", "ST001"]\nignore = ["protestors-spelling"]\n')
    assert rules_found(cli, str(tmp_path)) == [("article.txt", "AU001")]


def test_extend_select_adds_to_select_by_family(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["AU"]\nextend-select = ["style"]\n')
    assert rules_found(cli, str(tmp_path)) == [("article.txt", "AU001"), ("article.txt", "ST001")]


def test_per_file_ignores_apply_to_matching_files_only(cli, tmp_path: Path) -> None:
    files = {"archive/2019/old.txt": ARTICLE, "new.txt": ARTICLE, "notes.md": "The protestors met.\n"}
    project(tmp_path, 'select = ["AU", "ST"]\n[per-file-ignores]\n"archive/**" = ["ST001"]\n"*.md" = ["style"]\n', files=files)
    assert rules_found(cli, str(tmp_path)) == [("new.txt", "AU001"), ("new.txt", "ST001"), ("old.txt", "AU001")]


def test_severity_override_changes_the_finding_and_the_exit_code(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["ST"]\n[severity]\nST001 = "error"\n')
    run = cli("check", "--format", "json", str(tmp_path))
    assert [f["severity"] for f in run.json()["files"][0]["findings"]] == ["error"]
    assert run.code == 1


def test_fail_on_sets_the_exit_code_and_the_command_line_wins(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["ST"]\nfail-on = "info"\n')
    assert cli("check", str(tmp_path)).code == 1
    assert cli("check", "--fail-on", "never", str(tmp_path)).code == 0


def test_rule_packs_are_loaded_relative_to_the_config(cli, tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "house.yaml").write_text(GOOD_RULE, encoding="utf-8")
    project(tmp_path, 'rule-packs = ["house"]\nselect = ["X001"]\n', files={"a.txt": "We utilise it.\n"})
    assert rules_found(cli, str(tmp_path)) == [("a.txt", "X001")]


def test_accepted_words_are_not_flagged(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["ST"]\naccepted-words = ["Protestors"]\n')
    assert rules_found(cli, str(tmp_path)) == []


def test_accepted_names_join_the_vocabulary_and_reach_the_rules(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, 'accepted-words = ["Xinhua"]\naccepted-names = ["Hua Chunying"]\n') / ".auditor.toml")
    options = config.context_options()
    assert options["accepted_words"] == ("Xinhua", "Hua Chunying")
    assert options["accepted_names"] == ("Hua Chunying",)


def test_an_accepted_name_silences_the_name_and_spelling_rules_on_it(cli, tmp_path: Path) -> None:
    articles = {
        "a.txt": "Chinese spokeswoman Hua Chuning said the accounts were fake.\n",
        "b.txt": "Hua Chunying, the spokeswoman, said so again. Hua Chunying repeated it.\n",
    }
    project(tmp_path, "", files=articles)
    assert ("a.txt", "NM001") in rules_found(cli, str(tmp_path))
    project(tmp_path, 'accepted-names = ["Hua Chuning"]\n', files=articles)
    assert [found for found in rules_found(cli, str(tmp_path)) if found[0] == "a.txt"] == []


def test_profile_reaches_the_rules_unless_the_command_line_names_one(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, 'profile = "plain-english"\n') / ".auditor.toml")
    assert config.context_options()["profile"] == "plain-english"
    assert config.context_options("news")["profile"] == "news"
    assert "profile" not in Config().context_options()


def finding(rule_id: str, name: str = "x", family: str = "style") -> Finding:
    return Finding(rule_id, name, Severity.INFO, "m", Span(0, 1), family=family)


def test_fixable_and_unfixable_decide_what_fix_may_change(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, 'fixable = ["ST", "TY"]\nunfixable = ["TY002", "mangled-term"]\n') / ".auditor.toml")
    assert config.is_fixable(finding("ST001"))
    assert config.is_fixable(finding("TY001"))
    assert not config.is_fixable(finding("TY002"))
    assert not config.is_fixable(finding("TY003", name="mangled-term"))
    assert not config.is_fixable(finding("MT001"))
    assert Config().is_fixable(finding("MT001"))
    assert Applicability.SAFE  # fixable narrows which rules; applicability still decides safe vs unsafe


def test_pyproject_table_is_found_by_walking_up_from_the_paths(cli, tmp_path: Path) -> None:
    project(tmp_path, '[project]\nname = "news"\n\n[tool.auditor]\nselect = ["AU"]\n', name="pyproject.toml", files={"content/a/x.txt": ARTICLE})
    assert rules_found(cli, str(tmp_path / "content" / "a")) == [("x.txt", "AU001")]


def test_pyproject_without_the_table_is_passed_over(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["ST"]\n', files={"sub/x.txt": ARTICLE})
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert rules_found(cli, str(tmp_path / "sub")) == [("x.txt", "ST001")]


def test_config_option_overrides_discovery(cli, tmp_path: Path) -> None:
    project(tmp_path, 'select = ["ST"]\n')
    (tmp_path / "other.toml").write_text('select = ["AU"]\n', encoding="utf-8")
    assert rules_found(cli, "--config", str(tmp_path / "other.toml"), str(tmp_path)) == [("article.txt", "AU001")]


def config_error(cli, tmp_path: Path, config: str, name: str = ".auditor.toml") -> str:
    project(tmp_path, config, name=name)
    run = cli("check", str(tmp_path))
    assert run.code == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr.strip()


def test_unknown_key_is_an_error_with_file_and_line(cli, tmp_path: Path) -> None:
    message = config_error(cli, tmp_path, '[project]\nname = "x"\n\n[tool.auditor]\nselect = ["ST"]\ncolour = "red"\n', "pyproject.toml")
    assert message.startswith(f"auditor: {tmp_path / 'pyproject.toml'}:6: unknown key 'colour'")


def test_bad_glob_is_an_error_with_file_and_line(cli, tmp_path: Path) -> None:
    message = config_error(cli, tmp_path, 'select = ["ST"]\n\n[per-file-ignores]\n"archive/[2019/*.txt" = ["ST001"]\n')
    assert f"{tmp_path / '.auditor.toml'}:4: per-file-ignores: 'archive/[2019/*.txt': bad glob: unclosed '['" in message


def test_bad_severity_is_an_error_with_file_and_line(cli, tmp_path: Path) -> None:
    message = config_error(cli, tmp_path, 'severity = { ST001 = "fatal" }\n')
    assert f".auditor.toml:1: severity: 'ST001': unknown severity 'fatal'" in message


def test_selector_that_matches_no_rule_is_an_error(cli, tmp_path: Path) -> None:
    message = config_error(cli, tmp_path, '# house rules\nignore = [\n  "ST001",\n]\nselect = ["STO01"]\n')
    assert message.endswith(".auditor.toml:5: select: 'STO01' matches no rule")


def test_wrong_type_and_bad_fail_on_are_errors(cli, tmp_path: Path) -> None:
    assert ".auditor.toml:1: select: must be a list" in config_error(cli, tmp_path, 'select = "ST001"\n')
    assert "fail-on: unknown level 'fatal'" in config_error(cli, tmp_path, 'fail-on = "fatal"\n')


def test_broken_toml_is_one_line(cli, tmp_path: Path) -> None:
    assert "invalid TOML" in config_error(cli, tmp_path, 'select = ["ST"\n')


def test_missing_config_file_is_an_error(cli, tmp_path: Path) -> None:
    run = cli("check", "--config", str(tmp_path / "nope.toml"), str(tmp_path))
    assert run.code == 2 and "nope.toml: config file not found" in run.stderr


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("archive/**", "archive/2019/a.txt", True),
        ("archive/**", "news/archive.txt", False),
        ("*.md", "deep/down/a.md", True),
        ("news/*.txt", "news/sub/a.txt", False),
        ("news/**/*.txt", "news/a.txt", True),
        ("[!_]*.txt", "_draft.txt", False),
        ("a?.txt", "ab.txt", True),
    ],
)
def test_globs_match_like_gitignore(glob: str, path: str, matches: bool) -> None:
    assert bool(compile_glob(glob).fullmatch(path)) is matches


@pytest.mark.parametrize("glob", ["", "a/[b", "a]b", "a**/b", "x/**y"])
def test_malformed_globs_are_refused(glob: str) -> None:
    with pytest.raises(ValueError):
        compile_glob(glob)


def test_rules_command_lists_the_rules_of_the_config_packs(cli, tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "house.yaml").write_text(GOOD_RULE, encoding="utf-8")
    project(tmp_path, 'rule-packs = ["house"]\n')
    listed = cli("rules", "--format", "json", "--config", str(tmp_path / ".auditor.toml")).json()
    assert "X001" in {row["id"] for row in listed}
