"""One shared sample run that every report format is tested against (Ruff's habit).

It holds what breaks reporters: an unsafe fix, a zero-width insertion, a span over two
lines, a fix wider than its finding, non-ASCII text and paths, an emoji before a finding
(UTF-16 columns differ from code points), HTML in the audited text, CRLF line endings,
a finding from an engine whose rule no pack defines, a file without findings, readability
figures, and a file that could not be read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.check.document import Result
from auditor.kinds.existence import Existence
from auditor.kinds.substitution import Substitution
from auditor.model import Applicability, Edit, Finding, RelatedLocation, Severity, Span
from auditor.packs.load import RuleSet
from auditor.read.inputs import InputError, SourceFile
from auditor.report.run import RunResult
from auditor.text.document import Document

SNAPSHOTS = Path(__file__).parent / "snapshots"

ARTICLE_PATH = "news/A Coruña.txt"
ARTICLE = (
    "😀 Spokesman Hua Chuning said the Coruna virus spread\n"
    "Leave a Reply\n"
    "Your email address will not be published.\n"
    'Zürich <script>alert("x")</script> & A\u00a0Coruña.\n'
)
REVIEW_PATH = "news/2020: review, part 2.txt"
REVIEW = "The foreign ministry said 100% of protestors left.\r\nAll is well.\r\n"
CLEAN_PATH = "news/clean.txt"
CLEAN = "All quiet.\n"


def _rule(kind: type, **fields: object) -> object:
    return kind(kind=kind.__name__.lower(), **fields)


RULES = {
    "NM001": _rule(Substitution, id="NM001", name="misspelled-person-name", family="names", severity=Severity.ERROR,
                   fix=Applicability.UNSAFE, message="'{match}' looks like a misspelling of '{replacement}'",
                   docs="Names of known people, misspelled by translation.", swap={"Hua Chuning": "Hua Chunying"}),
    "MT001": _rule(Substitution, id="MT001", name="mangled-coronavirus", family="mistranslation", severity=Severity.ERROR,
                   fix=Applicability.SAFE, message="'{match}' is a mangled form of 'coronavirus'",
                   docs="Machine translation mangles 'coronavirus'.\nThe fix is safe.", swap={"coruna virus": "coronavirus"}),
    "PU001": _rule(Existence, id="PU001", name="missing-final-period", family="typography", severity=Severity.WARNING,
                   fix=Applicability.SAFE, message="The sentence has no final period", tokens=("x",)),
    "BP001": _rule(Existence, id="BP001", name="comment-form-boilerplate", family="boilerplate", severity=Severity.WARNING,
                   fix=Applicability.SAFE, message="Scraped comment-form text: '{match}'", docs="Web page furniture.",
                   tokens=("Leave a Reply",)),
    "MK001": _rule(Existence, id="MK001", name="markup-in-text", family="markup", severity=Severity.INFO,
                   message="Markup {match} in the text", tokens=("<script>",)),
    "TY009": _rule(Existence, id="TY009", name="non-breaking-space", family="typography", severity=Severity.WARNING,
                   fix=Applicability.SAFE, message="Non-breaking space between words", tokens=("\u00a0",)),
    "CAP001": _rule(Substitution, id="CAP001", name="institution-capitals", family="capitalization", severity=Severity.WARNING,
                    fix=Applicability.UNSAFE, message="Write '{replacement}' with capitals",
                    swap={"foreign ministry": "Foreign Ministry"}),
    "ST003": _rule(Substitution, id="ST003", name="percent-sign", family="style", severity=Severity.INFO,
                   fix=Applicability.SAFE, message="Write '{replacement}' for '{match}' (100% means 'per cent')",
                   swap={"100%": "100 per cent"}),
    "ST001": _rule(Substitution, id="ST001", name="protestors-spelling", family="style", severity=Severity.INFO,
                   fix=Applicability.SAFE, message="News style writes '{replacement}', not '{match}'",
                   swap={"protestors": "protesters"}),
}  # fmt: skip


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle))


def _article_findings() -> list[Finding]:
    text = ARTICLE
    name, virus = _span(text, "Hua Chuning"), _span(text, "Coruna virus")
    end_of_line = text.index("\n")
    boilerplate = _span(text, "Leave a Reply\nYour email address will not be published.")
    script = _span(text, '<script>alert("x")</script>')
    nbsp = _span(text, "\u00a0")
    spread = _span(text, "spread")
    return [
        RULES["NM001"].finding(name, "Hua Chunying", match="Hua Chuning", replacement="Hua Chunying"),
        RULES["MT001"].finding(virus, "coronavirus", match="Coruna virus"),
        Finding("LT001", "verb-agreement", Severity.INFO, "Did you mean 'spreads'?", spread,
                suggestions=("spreads", "spread out"), engine="languagetool", family="grammar"),
        RULES["PU001"].finding(Span(end_of_line, end_of_line), edits=(Edit(Span(end_of_line, end_of_line), "."),)),
        RULES["BP001"].finding(boilerplate, edits=(Edit(Span(boilerplate.start, boilerplate.end + 1), ""),),
                               match="Leave a Reply"),
        RULES["MK001"].finding(script, match=text[script.start : script.end]),
        RULES["TY009"].finding(nbsp, " "),
    ]


def _review_findings() -> list[Finding]:
    text = REVIEW
    ministry = _span(text, "foreign ministry")
    related = RelatedLocation(_span(ARTICLE, "Coruña"), "the other file of the batch", path=ARTICLE_PATH)
    return [
        RULES["CAP001"].finding(ministry, "Foreign Ministry", related=(related,), replacement="Foreign Ministry"),
        RULES["ST003"].finding(_span(text, "100%"), "100 per cent", match="100%", replacement="100 per cent"),
        RULES["ST001"].finding(_span(text, "protestors"), "protesters", match="protestors", replacement="protesters"),
    ]


ARTICLE_READABILITY = {
    "profile": "news",
    "document": {"grade": 9.4, "flesch_reading_ease": 61.2, "flesch_kincaid_grade": 8.9, "words": 25, "sentences": 3},
    "paragraphs": [
        {"start": 0, "end": 53, "grade": 11.2, "words": 9, "sentences": 1},
        {"start": 54, "end": 110, "grade": 6.1, "words": 10, "sentences": 2},
        {"start": 111, "end": 158, "grade": 13.5, "words": 6, "sentences": 1},
    ],
}


def sample_run() -> RunResult:
    """Return the shared sample run (a fresh one: RunResult is mutable)."""
    documents = [Document(ARTICLE, ARTICLE_PATH), Document(REVIEW, REVIEW_PATH), Document(CLEAN, CLEAN_PATH)]
    results = [
        Result(documents[0], _article_findings(), readability=ARTICLE_READABILITY),
        Result(documents[1], _review_findings()),
        Result(documents[2], [], readability={"profile": "news", "document": {"grade": 2.1, "flesch_reading_ease": 100.2, "words": 2, "sentences": 1}, "paragraphs": []}),
    ]
    sources = {doc.path: SourceFile(doc.path, doc.original, raw=doc.original.encode("utf-8")) for doc in documents}
    return RunResult(
        results=results,
        input_errors=[InputError("news/broken.bin", "binary file (contains NUL bytes), not audited")],
        sources=sources,
        ruleset=RuleSet(rules=tuple(RULES.values())),
    )


@pytest.fixture
def sample() -> RunResult:
    return sample_run()
