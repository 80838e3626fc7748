"""Property-based tests (Hypothesis) over `audit_text` and `fix_text`: no input crashes them,
every finding lies inside its text, fixing is idempotent and unsafe fixing converges or says not.

The default suite tries a few hundred texts; `make fuzz` (HYPOTHESIS_PROFILE=fuzz,
AUDITOR_FUZZ_EXAMPLES, default 25,000 per test) runs the long mode: docs/RELIABILITY.md.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor import audit_text, fix_text
from auditor.api import load_ruleset
from auditor.fix.apply import MAX_PASSES
from auditor.packs.load import RuleSet
from auditor.report.formats.json_report import finding_record

settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,  # the default suite is reproducible; `make fuzz` explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "25000")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

RULES: RuleSet = load_ruleset()

# Words the rules react to, so that random texts reach fixes and not only the early exits.
WORDS = (
    "the government said protestors Coruna virus coronavirus corona virus Twitter Twiter goverment "
    "Hua Chunying Hua Chuning Ghebreyesus Gebreyesus Share this article Leave a Reply Advertisement "
    "100% foreign ministry Facebook YouTube «» “quoted” 'single' ... -- — – ( ) [ ] ; : , . ! ?"
).split()
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(min_size=1, max_size=12),  # any code point but surrogates
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates, as from bad decoding
    st.text(st.characters(categories=["Mn", "Me"]), min_size=1, max_size=6),  # combining marks
    st.text(st.sampled_from("\u05d0\u05d1\u0627\u0644\u200f\u200e\u202e\u2066\u2069"), min_size=1, max_size=8),  # RTL and bidi controls
    st.text(st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF), min_size=1, max_size=4),  # astral
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=4),  # controls, separators
    st.sampled_from([" ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\f", "\ufeff"]),
    st.builds(lambda letter, size: letter * size, st.sampled_from("aeXZ-.'\u00e9"), st.integers(20, 300)),  # long tokens
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=60).map(" ".join),
    st.lists(PIECES, max_size=40).map("".join),
    st.text(st.sampled_from(" \t\n\r\u00a0\u2028\u3000\f\v"), max_size=200),  # whitespace only
    st.lists(st.sampled_from(WORDS), min_size=200, max_size=800).map(" ".join),  # one long line
)
PATHS = st.sampled_from(["<text>", "a.md", "a.html"])


def check_findings(text: str, path: str) -> None:
    result = audit_text(text, path=path, ruleset=RULES)
    original = result.document.original
    assert original == text
    for finding in result.findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text), finding
        assert finding_record(result, finding)["text"] == text[finding.span.start : finding.span.end]
        if finding.fix is not None:
            assert all(0 <= e.span.start <= e.span.end <= len(text) for e in finding.fix.edits), finding


@given(TEXTS, PATHS)
@example("\r\xa0", "a.md")  # a lone carriage return once broke the Markdown line map
def test_audit_never_fails_and_every_finding_lies_in_its_text(text: str, path: str) -> None:
    check_findings(text, path)


@given(TEXTS, PATHS)
def test_fixing_twice_is_fixing_once(text: str, path: str) -> None:
    once = fix_text(text, path=path, ruleset=RULES)
    if not once.converged:
        pytest.fail(f"safe fixes did not converge on {text!r}: {once.unconverged}")
    assert fix_text(once.text, path=path, ruleset=RULES).text == once.text
    if text.strip():
        assert once.text.strip(), "a fix emptied the text"


@given(TEXTS, PATHS)
def test_unsafe_fixing_converges_or_says_which_rules_did_not(text: str, path: str) -> None:
    outcome = fix_text(text, path=path, ruleset=RULES, unsafe=True)
    assert outcome.passes <= MAX_PASSES
    assert outcome.converged or (outcome.unconverged and outcome.passes == MAX_PASSES)
    if text.strip():
        assert outcome.text.strip(), "a fix emptied the text"
    check_findings(outcome.text, path)


def test_huge_lower_case_token_is_audited() -> None:
    check_findings("The " + "e" * 8000 + " said.", "<text>")
