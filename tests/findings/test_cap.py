"""The cap on findings per rule and document: reports show the first ones and say how many more there are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from auditor.api import audit_text
from auditor.check.ceiling import NOTE_ID
from auditor.findings.cap import DEFAULT_MAX_FINDINGS_PER_RULE
from auditor.packs.load import RuleSet
from tests.findings.test_config import config_error, project

# ST001 (protestors -> protesters) fires four times.
ARTICLE = "The protestors met. The protestors left. The protestors came back. The protestors slept.\n"


def findings_of(cli, *args: str) -> list[dict]:  # type: ignore[type-arg]
    data = cli("check", "--format", "json", "--fail-on", "never", *args).json()
    return [finding for file in data["files"] for finding in file["findings"]]


def test_the_findings_past_the_cap_become_one_note_at_the_first_left_out(cli, tmp_path: Path) -> None:
    project(tmp_path, "max-findings-per-rule = 2\n", files={"article.txt": ARTICLE})
    found = findings_of(cli, str(tmp_path))
    assert [(f["rule"], f["start"]) for f in found] == [("ST001", 4), ("ST001", 24), (NOTE_ID, 45)]
    assert found[2]["severity"] == "info" and found[2]["message"].startswith("2 more findings of ST001 not shown")
    text = cli("check", "--fail-on", "never", str(tmp_path)).stdout
    assert "2 more findings of ST001 not shown (max-findings-per-rule = 2" in text


def test_a_cap_of_zero_reports_everything(cli, tmp_path: Path) -> None:
    project(tmp_path, "max-findings-per-rule = 0\n", files={"article.txt": ARTICLE})
    assert [f["rule"] for f in findings_of(cli, str(tmp_path))] == ["ST001"] * 4


def test_the_default_cap_applies_to_the_api_too(ruleset: RuleSet) -> None:
    text = "The protestors met. " * (DEFAULT_MAX_FINDINGS_PER_RULE + 5)
    found = audit_text(text, ruleset=ruleset).findings
    assert sum(f.rule_id == "ST001" for f in found) == DEFAULT_MAX_FINDINGS_PER_RULE
    assert [f.message.split(" not shown")[0] for f in found if f.rule_id == NOTE_ID] == ["5 more findings of ST001"]


def test_fix_fixes_every_finding_past_the_cap(cli, tmp_path: Path) -> None:
    project(tmp_path, "max-findings-per-rule = 1\n", files={"article.txt": ARTICLE})
    assert cli("fix", str(tmp_path)).code == 0
    assert (tmp_path / "article.txt").read_text(encoding="utf-8") == ARTICLE.replace("protestors", "protesters")


def test_check_show_fixes_shows_every_fix_past_the_cap(cli, tmp_path: Path) -> None:
    project(tmp_path, "max-findings-per-rule = 1\n", files={"article.txt": ARTICLE})
    diff = cli("check", "--show-fixes", "--fail-on", "never", str(tmp_path)).stdout
    assert diff.count("+The protesters met. The protesters left. The protesters came back. The protesters slept.") == 1


def test_a_baseline_records_every_finding_so_none_past_the_cap_looks_new(cli, tmp_path: Path) -> None:
    project(tmp_path, "max-findings-per-rule = 1\n", files={"article.txt": ARTICLE})
    baseline = tmp_path / "baseline.json"
    assert "recorded 4 findings" in cli("baseline", "create", str(tmp_path / "article.txt"), "-o", str(baseline)).stdout
    assert findings_of(cli, "--baseline", str(baseline), str(tmp_path / "article.txt")) == []


def test_a_bad_cap_is_an_error_with_file_and_line(cli, tmp_path: Path) -> None:
    assert ".auditor.toml:2: max-findings-per-rule: must be a whole number" in config_error(cli, tmp_path, 'select = ["ST"]\nmax-findings-per-rule = -1\n')


def test_at_ten_times_the_cap_the_check_stage_stops_asking_a_rule_for_findings(cli, tmp_path: Path, ruleset: RuleSet) -> None:
    from auditor.check.ceiling import CEILING_FACTOR
    from auditor.check.document import check_document, context_for
    from auditor.text.document import Document

    text = "The protestors met. " * (2 * CEILING_FACTOR + 5)
    only = ruleset.select(lambda rule: rule.id == "ST001")
    bounded = check_document(Document(text, "a.txt"), only, replace(context_for(only), ceiling=2 * CEILING_FACTOR))
    assert len(bounded) == 2 * CEILING_FACTOR + 1 and bounded[-1].message.startswith("1 or more findings of ST001")
    project(tmp_path, "max-findings-per-rule = 2\n", files={"article.txt": text})
    found = [f for f in findings_of(cli, str(tmp_path)) if f["rule"] == "ST001" or "of ST001" in f["message"]]
    assert [f["rule"] for f in found] == ["ST001", "ST001", NOTE_ID]
    assert found[2]["message"].startswith(f"{2 * CEILING_FACTOR - 1} or more findings of ST001 not shown")


def test_no_note_counts_findings_that_a_suppression_comment_or_the_baseline_drops(cli, tmp_path: Path) -> None:
    from auditor.check.ceiling import CEILING_FACTOR

    many = "The protestors met. " * (2 * CEILING_FACTOR + 5) + "\n"
    files = {"silenced.txt": "# auditor-disable protestors-spelling\n" + many, "recorded.txt": many}
    project(tmp_path, "max-findings-per-rule = 2\n", files=files)
    assert not [f for f in findings_of(cli, str(tmp_path / "silenced.txt")) if "ST001" in (f["rule"], *f["message"].split())]
    baseline = tmp_path / "baseline.json"
    cli("baseline", "create", str(tmp_path / "recorded.txt"), "-o", str(baseline))
    assert findings_of(cli, "--baseline", str(baseline), str(tmp_path / "recorded.txt")) == []
