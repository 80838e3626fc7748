"""Rule packs load strictly: every mistake stops with path:line:col and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.api import load_ruleset
from auditor.kinds.helpers.linear import catastrophic_construct
from auditor.packs.load import PackError

GOOD_RULE = """\
pack: mine
rules:
  - id: X001
    name: no-utilise
    kind: substitution
    message: "Write '{replacement}'"
    docs: Plain words.
    swap: {utilise: use}
    examples:
      - bad: "We [utilise] it."
        fix: "We use it."
      - good: "We use it."
"""


def write_pack(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> PackError:
    path = write_pack(tmp_path / "packs", text)
    with pytest.raises(PackError) as caught:
        load_ruleset([path.parent])
    return caught.value


def test_user_pack_loads_and_its_rule_runs(tmp_path: Path) -> None:
    write_pack(tmp_path / "packs", GOOD_RULE)
    ruleset = load_ruleset([tmp_path / "packs"])
    assert ruleset.by_id("X001").name == "no-utilise"


def test_unknown_key_is_reported_with_line_and_column(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD_RULE.replace("    docs: Plain words.\n", "    docs: Plain words.\n    colour: red\n"))
    assert (error.line, error.column) == (8, 5)
    assert "unknown key 'colour'" in str(error)
    assert str(error).startswith(str(tmp_path / "packs" / "pack.yaml") + ":8:5:")


def test_broken_yaml_is_reported_with_its_position(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD_RULE.replace("swap: {utilise: use}", "swap: {utilise: use"))
    assert "invalid YAML" in str(error)
    assert error.line >= 8


def test_unclosed_quote_is_reported_where_it_opens_not_at_the_end_of_the_file(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD_RULE.replace('message: "Write', 'message: Write').replace('good: "We use it."', 'good: "We use it.'))
    assert (error.line, error.column) == (12, 15)
    assert str(error).endswith(":12:15: invalid YAML: a quoted scalar opened here is never closed")


def test_wrong_type_is_reported(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD_RULE.replace("swap: {utilise: use}", "swap: [utilise]"))
    assert "'swap' must be a mapping" in str(error)
    assert error.line == 8


def test_bad_regex_is_reported(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD_RULE.replace("swap: {utilise: use}", "regex: true\n    swap: {'utili(se': use}"))
    assert "bad regex" in str(error)


def test_failing_example_stops_loading(tmp_path: Path) -> None:
    error = load_error(tmp_path, GOOD_RULE.replace('fix: "We use it."', 'fix: "We employ it."'))
    assert "example fails" in str(error)
    assert error.line == 10


def test_rule_without_examples_is_refused(tmp_path: Path) -> None:
    text = GOOD_RULE.split("    examples:")[0]
    error = load_error(tmp_path, text)
    assert "has no examples" in str(error)


def test_unknown_kind_and_duplicate_id(tmp_path: Path) -> None:
    assert "unknown rule kind 'spelling'" in str(load_error(tmp_path, GOOD_RULE.replace("kind: substitution", "kind: spelling")))
    duplicate = GOOD_RULE + GOOD_RULE.split("rules:\n")[1]
    assert "already defined" in str(load_error(tmp_path, duplicate))


def test_cli_prints_one_line_and_exits_2_for_a_broken_pack(cli, tmp_path: Path) -> None:
    write_pack(tmp_path / "packs", GOOD_RULE.replace("kind: substitution", "kind: substitution\n    severity: fatal"))
    target = tmp_path / "a.txt"
    target.write_text("Fine.\n", encoding="utf-8")
    run = cli("check", "--rules", str(tmp_path / "packs"), str(target))
    assert run.code == 2
    assert "unknown severity 'fatal'" in run.stderr.splitlines()[0]
    assert "Traceback" not in run.stderr


def test_user_pattern_that_backtracks_exponentially_is_rejected_where_it_is_written(tmp_path: Path) -> None:
    """Reproducer of issue 11 item 5: `(a+)+$` on 37 "a"s and "!" never returned."""
    pack = GOOD_RULE.replace("kind: substitution", "kind: substitution\n    regex: true").replace("{utilise: use}", "{'(a+)+$': use}")
    error = load_error(tmp_path, pack)
    assert (error.line, error.column) == (9, 5)
    assert "is not linear-time: nested quantifiers" in str(error)


@pytest.mark.parametrize(
    ("pattern", "accepted"),
    [(r"(a+)+$", False), (r"(\w+\s?)*x", False), (r"\s*\s*x", False), (r"[ ]*\u00a0[ \u00a0]*(?![ \u00a0]*\n)", False),
     (r"(\w+\s+)+x", True), (r"[ ]*+\u00a0[ \u00a0]*+(?!\n)", True), (r"(a++)+$", True), (r"colou?r", True)],
)
def test_linear_time_check_rejects_catastrophic_constructs_only(pattern: str, accepted: bool) -> None:
    assert (catastrophic_construct(pattern) is None) == accepted


def test_every_built_in_pattern_is_accepted_by_the_linear_time_check() -> None:
    """Loading checks each regex entry; count them so that the check is known to have run on them."""
    ruleset = load_ruleset()
    checked = [entry for rule in ruleset.rules if getattr(rule, "regex", False) for entry in _entries(rule)]
    assert len(checked) > 20
    assert [entry for entry in checked if catastrophic_construct(entry)] == []


def _entries(rule: object) -> list[str]:
    return [str(entry) for key in ("tokens", "swap", "patterns") for entry in (getattr(rule, key, None) or ())]
