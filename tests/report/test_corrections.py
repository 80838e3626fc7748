"""A proposed correction shown in its context, as `auditor check` prints it."""

from __future__ import annotations

from auditor.model import Applicability, Edit, Finding, Fix, Severity, Span
from auditor.report.corrections import Correction, correction_in_context

LINE = "The accounts published misleading information about Hong Kong and the Coruna virus.\nNext line."


def finding_over(text: str, old: str, new: str | None, *, suggestions: tuple[str, ...] = ()) -> Finding:
    start = text.index(old)
    span = Span(start, start + len(old))
    fix = Fix((Edit(span, new),), Applicability.SAFE) if new is not None else None
    return Finding("T001", "test", Severity.WARNING, "test", span, fix, suggestions)


def test_correction_is_shown_with_two_words_of_context_on_each_side() -> None:
    shown = correction_in_context(LINE, finding_over(LINE, "Coruna virus", "coronavirus"))
    assert str(shown) == "... and the Coruna virus. -> ... and the coronavirus."
    assert shown == Correction("... and the ", "Coruna virus", "coronavirus", ".")


def test_context_stops_at_the_line_and_marks_a_cut_on_the_right() -> None:
    text = "Protestors marched through the city centre on Sunday.\n"
    assert str(correction_in_context(text, finding_over(text, "Protestors", "Protesters"))) == (
        "Protestors marched through ... -> Protesters marched through ..."
    )


def test_invisible_characters_in_the_change_are_made_visible() -> None:
    text = "Chinese\u00a0foreign ministry\n"
    shown = correction_in_context(text, finding_over(text, "\u00a0", " "))
    assert str(shown) == "Chinese<U+00A0>foreign ministry -> Chinese foreign ministry"


def test_deleting_trailing_space_shows_the_line_end() -> None:
    text = "any level.   \nNext"
    shown = correction_in_context(text, finding_over(text, "   ", ""))
    assert str(shown) == "any level.   \u23ce -> any level.\u23ce"


def test_deleting_a_whole_line_shows_its_line_break_and_what_follows() -> None:
    text = "Title\nTitle\nBody"
    finding = Finding("T001", "t", Severity.WARNING, "dup", Span(6, 12), Fix((Edit(Span(6, 12), ""),), Applicability.SAFE))
    assert str(correction_in_context(text, finding)) == "Title\u23ceBody -> Body"


def test_long_changes_are_shortened_in_the_middle() -> None:
    text = "x " + "word " * 30 + "end"
    finding = finding_over(text, "word " * 30, "")
    shown = correction_in_context(text, finding)
    assert shown is not None and len(shown.old) == 59 and "\u2026" in shown.old and shown.new == ""


def test_a_suggestion_without_fix_is_shown_over_the_span() -> None:
    text = "said Hua Chuning today"
    shown = correction_in_context(text, finding_over(text, "Hua Chuning", None, suggestions=("Hua Chunying",)))
    assert str(shown) == "said Hua Chuning today -> said Hua Chunying today"


def test_a_finding_that_proposes_nothing_has_no_correction() -> None:
    assert correction_in_context(LINE, finding_over(LINE, "Coruna virus", None)) is None
