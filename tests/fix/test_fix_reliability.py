"""Reproducers of issue 11: fixes never fight, never delete real text, never empty a text;
unread files fail the run; the canonical spelling wins over the frequent one."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest

from auditor import audit_text, fix_text
from auditor.cli.commands.common import EXIT_ERROR, EXIT_NOT_CONVERGED
from auditor.fix.apply import converge
from auditor.model import Applicability
from auditor.packs.load import RuleSet
from tests.fix.test_fixes import finding, swap_rule, write_pack

ARTICLE = """Social media firms face new rules

The government announced new rules for social media companies on Monday, saying they must remove harmful posts within a day.

Twitter and Facebook

Both companies said they would study the proposals. Twitter said it already removes most such posts quickly.

YouTube

The video site said it welcomed the rules but warned about the cost of compliance for smaller firms.
"""


def test_unsafe_fixing_of_a_split_term_converges_on_the_dictionary_form(ruleset: RuleSet) -> None:
    text = "The coronavirus spread. Officials said the corona virus was new."
    outcome = fix_text(text, ruleset=ruleset, unsafe=True)
    assert outcome.converged
    assert outcome.text == "The coronavirus spread. Officials said the coronavirus was new."


def test_consistency_rule_never_proposes_a_form_another_rule_calls_wrong(ruleset: RuleSet) -> None:
    text = "The coronavirus spread. Officials said the corona virus was new."
    findings = audit_text(text, ruleset=ruleset).findings
    wrong = {text[f.span.start : f.span.end].casefold() for f in findings if f.rule_id != "CS001" and f.fix is not None}
    proposed = {e.replacement.casefold() for f in findings if f.rule_id == "CS001" and f.fix is not None for e in f.fix.edits}
    assert "corona virus" in wrong and not proposed & wrong


def test_gazetteer_spelling_wins_over_a_misspelling_used_more_often(ruleset: RuleSet) -> None:
    text = (
        "The WHO chief Tedros Adhanom Ghebreyesus spoke on Monday. Later, Dr Gebreyesus said the virus "
        "was spreading, and Dr Gebreyesus asked for calm.\n"
    )
    found = [f for f in audit_text(text, ruleset=ruleset).findings if f.rule_id == "CS001"]
    assert [text[f.span.start : f.span.end] for f in found] == ["Gebreyesus", "Gebreyesus"]
    assert all(f.suggestions == ("Ghebreyesus",) for f in found)


def test_subheadings_of_names_in_an_article_are_not_furniture(ruleset: RuleSet) -> None:
    assert [f for f in audit_text(ARTICLE, ruleset=ruleset).findings if f.rule_id == "BP001"] == []
    outcome = fix_text(ARTICLE, ruleset=ruleset)
    assert "Twitter and Facebook\n" in outcome.text and "\nYouTube\n" in outcome.text


def test_guessed_furniture_between_paragraphs_is_shown_but_never_deleted(ruleset: RuleSet) -> None:
    text = "The minister resigned on Monday.\n\nSponsored links\n\nHer deputy takes over the ministry this week."
    (found,) = [f for f in audit_text(text, ruleset=ruleset).findings if f.rule_id == "BP001"]
    assert found.fix is not None and found.fix.applicability == Applicability.DISPLAY_ONLY
    assert "Sponsored links" in fix_text(text, ruleset=ruleset, unsafe=True).text


def test_fixing_a_text_of_names_never_empties_it(ruleset: RuleSet) -> None:
    outcome = fix_text("Twitter and Twiter", ruleset=ruleset, unsafe=True)
    assert outcome.text.strip()
    assert outcome.text == "Twitter and Twitter"


def test_fix_engine_refuses_a_pass_that_would_empty_the_text() -> None:
    text = "Share this\n"
    deletion = finding("BP001", 0, len(text), "")
    (outcome,) = converge(["a.txt"], [text], lambda texts: [[deletion] if texts[0] else []])
    assert outcome.text == text and outcome.refused == ("BP001",) and outcome.converged


def test_stdin_of_names_is_not_emptied_by_unsafe_fixes(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Twitter and Twiter"), encoding="utf-8"))
    run = cli("fix", "--unsafe-fixes", "-")
    assert run.code == 0 and run.stdout == "Twitter and Twitter"


def test_fix_that_does_not_converge_exits_non_zero(cli, tmp_path: Path) -> None:
    rules = write_pack(tmp_path / "rules", swap_rule("T001", "colour", "color") + swap_rule("T002", "color", "colour"))
    article = tmp_path / "a.txt"
    article.write_text("A colour.\n", encoding="utf-8")
    run = cli("fix", "--rules", str(rules), str(article))
    assert run.code == EXIT_NOT_CONVERGED
    assert "failed to converge" in run.stderr


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_with_a_bom_is_audited_and_fixed_in_its_encoding(cli, tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + "Thousands of protestors marched.\n".encode(codec))
    report = cli("check", "--format", "json", str(path))
    assert [f["text"] for f in report.json()["files"][0]["findings"]] == ["protestors"]
    assert cli("fix", str(path)).code == 0
    assert path.read_bytes() == bom + "Thousands of protesters marched.\n".encode(codec)


def test_broken_utf16_is_one_error_line_and_fails_the_run(cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    run = cli("check", str(path))
    assert run.code == EXIT_ERROR
    assert run.stderr.strip() == f"auditor: {path}: not valid UTF-16-LE (byte 6); not audited"


@pytest.mark.parametrize("format_name", ["text", "concise", "grouped", "json", "jsonl", "sarif", "junit", "github", "rdjson", "csv", "markdown"])
def test_unread_file_fails_the_run_and_is_in_every_report_format(cli, tmp_path: Path, format_name: str) -> None:
    (tmp_path / "good.txt").write_text("Thousands marched.\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    run = cli("check", "--format", format_name, str(tmp_path))
    assert run.code == EXIT_ERROR
    assert "image.txt" in run.stdout
    if format_name == "sarif":
        (invocation,) = run.json()["runs"][0]["invocations"]
        assert not invocation["executionSuccessful"]
        assert "image.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    skipped = cli("check", "--skip-unreadable", "--format", format_name, str(tmp_path))
    assert skipped.code == 0 and "image.txt" in skipped.stdout


def test_skip_unreadable_does_not_skip_a_missing_path(cli, tmp_path: Path) -> None:
    assert cli("check", "--skip-unreadable", str(tmp_path / "nowhere.txt")).code == EXIT_ERROR
