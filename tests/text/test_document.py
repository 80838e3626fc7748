"""Document: lazily computed segments, and releasing them once a batch run is done with a file."""

from __future__ import annotations

from auditor.check.document import context_for
from auditor.findings.pipeline import audit_documents
from auditor.model import Span
from auditor.packs.load import RuleSet
from auditor.text.document import Document


def test_release_drops_segments_and_they_come_back_on_demand() -> None:
    document = Document("The minister spoke. The vote was close.")
    words = document.words
    assert "words" in document.__dict__
    document.release()
    assert "words" not in document.__dict__
    assert document.words == words


def test_release_keeps_the_paragraphs_markup_gave() -> None:
    given = [Span(0, 9)]
    document = Document("# Heading\nBody text here.", paragraphs=given)
    document.release()
    assert document.paragraphs is given


def test_audited_documents_hold_no_segments(ruleset: RuleSet) -> None:
    documents = [Document("Twitter removed the accounts on Thursday.", "a.txt"), Document("Twitter said more.", "b.txt")]
    results = audit_documents(documents, ruleset, context_for(ruleset))
    assert [r.path for r in results] == ["a.txt", "b.txt"]
    assert all("words" not in d.__dict__ and "sentences" not in d.__dict__ for d in documents)
