"""The `readability` kind: hard sentences, long paragraphs and hard texts against the profile's targets."""

from __future__ import annotations

from auditor.api import audit_text
from auditor.check.document import context_for
from auditor.model import Finding, Severity
from auditor.packs.load import RuleSet
from tests.conftest import ROOT, SEEDS

SEED_002 = SEEDS / "002_398bcd745f4edaa2.txt"
CLEAN_NEWS = ROOT / "tests" / "data" / "clean_news.txt"


def _readability(text: str, ruleset: RuleSet, profile: str | None = None) -> list[Finding]:
    only = ruleset.select(lambda rule: rule.kind == "readability")
    context = context_for(only, **({"profile": profile} if profile else {}))
    return audit_text(text, ruleset=only, context=context).findings


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_seed_paragraphs_of_131_to_278_words_are_long_and_span_the_whole_paragraph(ruleset: RuleSet) -> None:
    text = SEED_002.read_text(encoding="utf-8")
    long = [f for f in _readability(text, ruleset) if f.rule_name == "long-paragraph"]
    assert [_line(text, f.span.start) for f in long] == [3, 5, 7]
    for finding in long:
        line = text.splitlines()[_line(text, finding.span.start) - 1]
        assert text[finding.span.start : finding.span.end] == line.strip()
        assert finding.severity == Severity.WARNING
    assert [f.message for f in long] == [
        "Long paragraph: 245 words, the general-news target is at most 120",
        "Long paragraph: 131 words, the general-news target is at most 120",
        "Long paragraph: 278 words, the general-news target is at most 120",
    ]


def test_the_44_word_sentence_of_the_seed_is_a_hard_sentence(ruleset: RuleSet) -> None:
    text = SEED_002.read_text(encoding="utf-8")
    hard = [f for f in _readability(text, ruleset) if f.rule_name in ("hard-sentence", "very-hard-sentence")]
    assert len(hard) == 1
    finding = hard[0]
    assert finding.rule_name == "hard-sentence" and finding.severity == Severity.WARNING
    sentence = text[finding.span.start : finding.span.end]
    assert sentence.startswith("The agents of the Chinese communist party") and sentence.endswith("by the United States through its agents.")
    assert _line(text, finding.span.start) == 7
    assert finding.message == "Hard sentence: 44 words, the general-news target is at most 40"


def test_a_sentence_past_the_very_hard_limit_is_only_very_hard(ruleset: RuleSet) -> None:
    sentence = " ".join(["The council said that the plan would go ahead"] * 7) + "."
    findings = _readability(sentence, ruleset)
    assert [(f.rule_name, f.severity) for f in findings if "sentence" in f.rule_name] == [("very-hard-sentence", Severity.ERROR)]
    assert findings[0].span.start == 0 and findings[0].span.end == len(sentence)


def test_profiles_move_the_targets(ruleset: RuleSet) -> None:
    text = SEED_002.read_text(encoding="utf-8")
    names = lambda profile: [f.rule_name for f in _readability(text, ruleset, profile)]  # noqa: E731
    expert = names("expert")
    plain = names("plain-language")
    assert expert.count("long-paragraph") == 2  # 245 and 278 words; 131 is fine for experts
    assert "hard-sentence" not in expert and "hard-to-read-text" not in expert
    assert plain.count("long-paragraph") == 3 and plain.count("hard-sentence") > 3
    assert "Hard to read: consensus grade 14.1, the plain-language target is at most 10.0" in [
        f.message for f in _readability(text, ruleset, "plain-language")
    ]


def test_clean_news_raises_no_readability_warning(ruleset: RuleSet) -> None:
    findings = _readability(CLEAN_NEWS.read_text(encoding="utf-8"), ruleset)
    assert not [f for f in findings if f.severity >= Severity.WARNING]


def test_a_text_written_one_paragraph_per_line_has_a_paragraph_per_line(ruleset: RuleSet) -> None:
    line = "The council approved the budget after a long debate on Monday, and the mayor said buses would run more often. " * 3
    text = "\n".join([line.strip()] * 4)  # 4 lines of 60 words: 240 words, no blank line
    paragraphs = audit_text(text, ruleset=ruleset).readability["paragraphs"]
    assert [(p["start"], p["words"]) for p in paragraphs] == [(i * (len(line.strip()) + 1), 60) for i in range(4)]
    assert not [f for f in _readability(text, ruleset) if f.rule_name == "long-paragraph"]


def test_a_hard_wrapped_paragraph_stays_one_paragraph(ruleset: RuleSet) -> None:
    import textwrap

    words = ("The council approved the budget after a long debate on Monday, and the mayor said buses would run more often. " * 7).strip()
    text = textwrap.fill(words, width=72)  # 140 words on lines of at most 72 characters
    long = [f for f in _readability(text, ruleset) if f.rule_name == "long-paragraph"]
    assert [(f.span.start, f.span.end) for f in long] == [(0, len(text))]
    assert long[0].message == "Long paragraph: 140 words, the general-news target is at most 120"
