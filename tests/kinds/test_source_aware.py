"""Source-aware rules (rules/source.yaml) on translations read with their source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.api import audit_text
from auditor.check.document import context_for
from auditor.findings.config import Config
from auditor.kinds.source_numbers import chinese_numeral, english_number
from auditor.model import Finding
from auditor.packs.load import RuleSet
from tests.conftest import CliRun

DATA = Path(__file__).resolve().parent.parent / "data" / "bitext"


def source_findings(ruleset: RuleSet, target: str, source: str, **options: object) -> list[Finding]:
    """Audit a translation with the source-aware rules only: no gazetteer, no monolingual rule."""
    only = ruleset.select(lambda rule: rule.id.startswith("SA"))
    return audit_text(target, source=source, ruleset=only, context=context_for(only, **options), config=Config(max_findings_per_rule=0)).findings


def test_a_name_is_romanised_from_the_source_alone(ruleset: RuleSet) -> None:
    target = "Foreign Ministry spokeswoman Hua Chuning said on Monday that China opposed the move."
    (finding,) = source_findings(ruleset, target, "外交部发言人华春莹周一表示，中方反对这一举动。")
    assert finding.rule_id == "SA002"
    assert target[finding.span.start : finding.span.end] == "Chuning"
    assert finding.suggestions == ("Chunying",)
    assert "Hua Chunying" in finding.message and "华春莹" in finding.message


@pytest.mark.parametrize(
    ("source", "target", "flagged", "suggestion"),
    [
        ("市长王晓明说，新桥明年通车。", "Mayor Wang Xiaomin said the new bridge would open next year.", "Xiaomin", "Xiaoming"),
        ("教授李建国表示反对。", "Professor Jianguo Li said he was against it.", "Jianguo Li", "Li Jianguo"),
    ],
)
def test_a_name_after_a_capitalised_title_is_checked_too(ruleset: RuleSet, source: str, target: str, flagged: str, suggestion: str) -> None:
    (finding,) = source_findings(ruleset, target, source)
    assert target[finding.span.start : finding.span.end] == flagged
    assert finding.suggestions == (suggestion,)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("国务院副总理刘鹤出席会议。", "Vice Premier Liu He attended the meeting."),
        ("王毅同布林肯通电话。", "Wang Yi spoke with Blinken by phone."),
        ("马英九抵达上海。", "Ma Ying-jeou arrived in Shanghai."),
        ("习近平主席发表讲话。", "President Xi Jinping delivered a speech."),
        ("华春莹说。", "Hua Chunying said."),
    ],
)
def test_names_written_as_romanised_or_in_another_convention_stay_silent(ruleset: RuleSet, source: str, target: str) -> None:
    assert not [f for f in source_findings(ruleset, target, source) if f.rule_id == "SA002"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("该市人口为1.5亿。", "The city has 150 million people."),
        ("该项目投资150万元。", "The project cost 1.5 million yuan."),
        ("销售额增长了１５％。", "Sales rose 15%."),
        ("经济增长百分之五点二。", "The economy grew 5.2 percent."),
        ("全国有一千五百万人参加。", "15 million people took part nationwide."),
        ("他在二〇二三年五月三日出生。", "He was born on May 3, 2023."),
        ("共有12,500人参加。", "A total of 12500 people took part."),
        ("وصل ١٢٬٥٠٠ شخص.", "12,500 people arrived."),
        ("比赛持续了三天。", "The match lasted three days."),
        ("一个人走了。", "A man left."),
        ("万一下雨怎么办？", "What if it rains?"),
    ],
)
def test_numbers_carried_over_in_another_notation_stay_silent(ruleset: RuleSet, source: str, target: str) -> None:
    assert not [f for f in source_findings(ruleset, target, source) if f.rule_id == "SA001"]


def test_a_changed_number_is_flagged_with_the_source_value_in_english_form(ruleset: RuleSet) -> None:
    target = "The project cost 15 million yuan."
    (finding,) = [f for f in source_findings(ruleset, target, "该项目投资150万元。") if f.rule_id == "SA001"]
    assert target[finding.span.start : finding.span.end] == "15 million"
    assert finding.suggestions == ("1.5 million",)


def test_a_missing_number_is_flagged_on_the_whole_segment(ruleset: RuleSet) -> None:
    target = "Sales rose.\nThey left."
    (finding,) = [f for f in source_findings(ruleset, target, "销售额增长了１５％。\n他们走了。") if f.rule_id == "SA001"]
    assert target[finding.span.start : finding.span.end] == "Sales rose."
    assert "15%" in finding.message


def test_chinese_numerals_and_english_numbers() -> None:
    assert chinese_numeral("一千五百万") == 15_000_000
    assert chinese_numeral("二〇二三") == 2023
    assert chinese_numeral("三亿五千万") == 350_000_000
    assert chinese_numeral("十五") == 15
    assert chinese_numeral("三四") is None
    assert [english_number(v) for v in (1500, 1_500_000, 2_350_000_000, 0.5, 12)] == ["1,500", "1.5 million", "2.35 billion", "0.5", "12"]


def test_untranslated_source_text_and_identical_target(ruleset: RuleSet) -> None:
    (copied,) = source_findings(ruleset, "He posted on 微博.", "他在微博上发帖。")
    assert (copied.rule_id, copied.span) == ("SA003", copied.span) and "微博" in copied.message
    (identical,) = source_findings(ruleset, "他在微博上发帖。", "他在微博上发帖。")
    assert identical.rule_id == "SA003" and "identical" in identical.message


def test_length_ratio_flags_a_translation_that_drops_most_of_its_source(ruleset: RuleSet) -> None:
    source = "国家统计局周一公布的数据显示，今年国内生产总值同比增长，高于市场预期。"
    assert [f.rule_id for f in source_findings(ruleset, "GDP grew.", source)] == ["SA004"]
    assert not source_findings(ruleset, "Data released on Monday showed that GDP grew year on year, beating market expectations.", source)


def test_tokens_not_carried_over(ruleset: RuleSet) -> None:
    source = "请发邮件至 press@example.org 或访问 https://example.org/news 。"
    findings = source_findings(ruleset, "Please email us or visit https://example.org/news.", source)
    assert [(f.rule_id, "press@example.org" in f.message) for f in findings] == [("SA005", True)]


def test_glossary_csv_terms_come_from_the_config_and_the_command_line(ruleset: RuleSet, tmp_path: Path, cli: Callable[..., CliRun]) -> None:
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\n国家统计局,National Bureau of Statistics\n", encoding="utf-8")
    from auditor.read.glossary import read_glossary

    terms = read_glossary(str(glossary))
    source, target = "国家统计局发布数据。", "The statistics office released data."
    (finding,) = source_findings(ruleset, target, source, glossary=terms)
    assert finding.rule_id == "SA006" and finding.suggestions == ("National Bureau of Statistics",)
    (tmp_path / "zh.txt").write_text(source, encoding="utf-8")
    (tmp_path / "en.txt").write_text(target, encoding="utf-8")
    result = cli("check", str(tmp_path / "en.txt"), "--source", str(tmp_path / "zh.txt"), "--glossary", str(glossary), "--format", "json")
    assert "SA006" in [f["rule"] for f in result.json()["files"][0]["findings"]]
    broken = cli("check", str(tmp_path / "en.txt"), "--glossary", str(tmp_path / "none.csv"))
    assert broken.code == 2 and "none.csv: no such file or directory" in broken.stderr


def test_tbx_term_base_reads_the_first_term_of_each_language(tmp_path: Path) -> None:
    from auditor.read.glossary import read_glossary

    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2" xml:lang="zh"><text><body>'
        '<conceptEntry id="1"><langSec xml:lang="zh"><termSec><term>一带一路</term></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>Belt and Road</term></termSec></langSec></conceptEntry>'
        "</body></text></tbx>",
        encoding="utf-8",
    )
    assert read_glossary(str(tbx)) == (("一带一路", "Belt and Road"),)


def test_segment_consistency_both_ways(ruleset: RuleSet) -> None:
    source = "新闻发布会\n记者招待会\n新闻发布会"
    target = "Press conference\nPress conference\nNews briefing"
    findings = source_findings(ruleset, target, source)
    assert [(f.rule_id, target[f.span.start : f.span.end]) for f in findings] == [
        ("SA007", "Press conference"),
        ("SA007", "News briefing"),
    ]
    assert "another source" in findings[0].message and "differently" in findings[1].message


def test_source_rules_are_silent_without_a_source(ruleset: RuleSet) -> None:
    only = ruleset.select(lambda rule: rule.id.startswith("SA"))
    assert not audit_text("Hua Chuning said 1,200 doctors went to 北京.", ruleset=only).findings


def test_every_report_format_names_the_source_segment(cli: Callable[..., CliRun], tmp_path: Path) -> None:
    pair = ("check", str(DATA / "pair.en.txt"), "--source", str(DATA / "pair.zh.txt"))
    report = cli(*pair, "--format", "json").json()
    number = next(f for f in report["files"][0]["findings"] if f["rule"] == "SA001")
    assert number["source"] == {"segment": "1", "text": "华春莹说，中国将派出1500名医生。"}
    assert "= source [1]: 华春莹说，中国将派出1500名医生。" in cli(*pair).stdout
    sarif = cli(*pair, "--format", "sarif").json()
    assert any(r["properties"].get("source", {}).get("segment") == "2" for r in sarif["runs"][0]["results"])
    jsonl = cli(*pair, "--format", "jsonl").stdout.splitlines()
    assert all('"source": {"segment": ' in line for line in jsonl)
    assert cli("report", *pair[1:], "--out", str(tmp_path / "html")).code == 0
    (page_path,) = (tmp_path / "html" / "files").glob("*pair.en.txt.html")
    page = page_path.read_text(encoding="utf-8")
    assert "Source: <span class=\"quote\">[2] 他们在北京工作。</span>" in page


def test_without_pypinyin_the_name_rule_says_which_extra_to_install(cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from auditor.kinds import source_names

    pair = ("check", str(DATA / "pair.en.txt"), "--source", str(DATA / "pair.zh.txt"), "--format", "concise")
    assert "SA002" in cli(*pair).stdout
    monkeypatch.setitem(sys.modules, "pypinyin", None)
    monkeypatch.setattr(source_names, "_told", [])
    result = cli(*pair)
    assert result.stderr.count("pip install 'auditor[source]'") == 1
    assert "SA001" in result.stdout and "SA002" not in result.stdout


def test_glossary_in_the_config_is_relative_to_it_and_a_broken_one_names_the_file(cli: Callable[..., CliRun], tmp_path: Path) -> None:
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "zh-en.tsv").write_text("source\ttarget\n两会\ttwo sessions\n", encoding="utf-8")
    (tmp_path / ".auditor.toml").write_text('glossary = ["terms/zh-en.tsv"]\n', encoding="utf-8")
    (tmp_path / "rows.tsv").write_text("source\ttarget\n两会开幕。\tThe annual parliamentary meetings opened.\n", encoding="utf-8")
    report = cli("check", str(tmp_path / "rows.tsv"), "--format", "json").json()
    (finding,) = [f for f in report["files"][0]["findings"] if f["rule"] == "SA006"]
    assert finding["suggestions"] == ["two sessions"] and finding["source"] == {"segment": "2", "text": "两会开幕。"}
    (tmp_path / ".auditor.toml").write_text('glossary = "terms/none.csv"\n', encoding="utf-8")
    broken = cli("check", str(tmp_path / "rows.tsv"))
    assert broken.code == 2 and "none.csv: no such file or directory" in broken.stderr
