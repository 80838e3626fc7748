"""Fixes change only what is wrong, and every fix is shown as a suggestion (issue 17, items 8 and 9).

Over every rule example, the clean and seed texts and the planted artifacts: a finding with a
fix lists a suggestion ("" for a deletion); its first suggestion, applied to its span, changes
no word outside the span; and a fuzzy correction (a near-miss term or name) never drops or
alters a sound word of its span that it does not spell itself ("a vacine" -> "vaccine" would
lose the article).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from auditor.api import audit_text
from auditor.examples import parse_marked
from auditor.model import Finding
from auditor.packs.load import RuleSet
from auditor.resources.wordfreqs import frequencies

ROOT = Path(__file__).resolve().parent
WORD = re.compile(r"\w+")
FUZZY_KINDS = frozenset({"mangled-term", "known-name", "spelling-consistency"})
SOUND_ZIPF_FREQUENCY = 1e-5  # Zipf 4: a word this frequent is spelt right


def _texts(ruleset: RuleSet) -> list[str]:
    texts = [parse_marked(example.bad)[0] for rule in ruleset.rules for example in rule.examples if example.bad]
    texts += [path.read_text(encoding="utf-8") for path in [ROOT / "data" / "clean_news.txt", *sorted((ROOT.parent / "seeds").glob("*.txt"))]]
    planted = ROOT / "data" / "planted" / "planted.jsonl"
    texts += [json.loads(line)["text"] for line in planted.read_text(encoding="utf-8").splitlines()]
    return texts


def _letters(words: list[str]) -> str:
    return "".join(words).casefold()


def _lost_sound_words(original: list[str], fixed: list[str]) -> list[str]:
    """Words of `original` that `fixed` neither keeps nor spells at the edge of a joined word."""
    lost = []
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in original], b=[w.casefold() for w in fixed], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or _letters(original[i1:i2]) == _letters(fixed[j1:j2]):
            continue
        joined = _letters(fixed[j1:j2])
        for index in range(i1, i2):
            word = original[index].casefold()
            at_edge = (index == i1 and joined.startswith(word)) or (index == i2 - 1 and joined.endswith(word))
            if frequencies().get(word, 0.0) >= SOUND_ZIPF_FREQUENCY and not at_edge and len(fixed[j1:j2]) < i2 - i1:
                lost.append(original[index])
    return lost


def _check(text: str, finding: Finding, kind: str) -> list[str]:
    problems = []
    if finding.fix is not None and not finding.suggestions:
        problems.append("a fix without a suggestion")
    if not finding.suggestions:
        return problems
    fixed = text[: finding.span.start] + finding.suggestions[0] + text[finding.span.end :]
    before, after = WORD.findall(text[: finding.span.start]), WORD.findall(fixed[: finding.span.start + len(finding.suggestions[0])])
    if WORD.findall(text[finding.span.end :]) != WORD.findall(fixed[finding.span.start + len(finding.suggestions[0]) :]) or before != after[: len(before)]:
        problems.append("changes words outside its span")
    if kind in FUZZY_KINDS:
        lost = _lost_sound_words(WORD.findall(text[finding.span.start : finding.span.end]), WORD.findall(finding.suggestions[0]))
        if lost:
            problems.append(f"drops or alters {lost}")
    return problems


def test_fixes_change_only_the_faulty_words_and_always_show_a_suggestion(ruleset: RuleSet) -> None:
    kinds = {rule.id: rule.kind for rule in ruleset.rules}
    problems = []
    for text in _texts(ruleset):
        for finding in audit_text(text, ruleset=ruleset).findings:
            for problem in _check(text, finding, kinds.get(finding.rule_id, "")):
                problems.append(f"{finding.rule_id} {text[finding.span.start : finding.span.end]!r} -> {finding.suggestions[:1]}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        ("They had a vacine ready.", []),  # the word alone is corrected, the article stays
        ("the corona virus", []),
    ],
)
def test_a_near_miss_after_an_article_keeps_the_article(ruleset: RuleSet, text: str, lost: list[str]) -> None:
    found = [f for f in audit_text(text, ruleset=ruleset).findings if f.suggestions]
    assert found
    for finding in found:
        assert _lost_sound_words(WORD.findall(text[finding.span.start : finding.span.end]), WORD.findall(finding.suggestions[0])) == lost
        assert WORD.findall(text[: finding.span.start] + finding.suggestions[0] + text[finding.span.end :])[0].casefold() in ("they", "the")


def test_the_check_catches_a_dropped_article() -> None:
    assert _lost_sound_words(["a", "vacine"], ["vaccine"]) == ["a"]
    assert _lost_sound_words(["Coruna", "virus"], ["coronavirus"]) == []
