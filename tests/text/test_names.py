"""Name-like spans: capitalised runs with particles, any space, sentence-initial words left out."""

from __future__ import annotations

from auditor.text.names import compact, fold, is_capitalised, name_spans


def _texts(text: str) -> list[str]:
    return [run.text for run in name_spans(text)]


def test_non_breaking_space_joins_a_name() -> None:
    text = "spokeswoman Hua\u00a0Chunying said"
    (run,) = name_spans(text)
    assert run.text == "Hua Chunying"
    assert text[run.span.start : run.span.end] == "Hua\u00a0Chunying"


def test_sentence_initial_function_word_is_left_out() -> None:
    assert _texts("The Chinese government spoke. In Beijing, officials agreed.") == ["Chinese", "Beijing"]


def test_particles_join_names_but_do_not_end_them() -> None:
    text = "Ursula von der Leyen met Mohammed bin Salman and the Communist Party of China."
    assert _texts(text) == ["Ursula von der Leyen", "Mohammed bin Salman", "Communist Party of China"]


def test_possessive_and_full_stop_end_a_run_but_abbreviations_do_not() -> None:
    assert _texts("Hong Kong's policies. U.S. Secretary Mike Pompeo met Mr. Hua.") == [
        "Hong Kong",
        "U.S Secretary Mike Pompeo",
        "Mr Hua",
    ]


def test_line_break_ends_a_run() -> None:
    assert _texts("Previous Post\nHua Chunying") == ["Previous Post", "Hua Chunying"]


def test_sentence_initial_flag_marks_a_possibly_grammatical_capital() -> None:
    runs = name_spans("Chunying claimed it. He met Hua.")
    assert [(r.text, r.sentence_initial) for r in runs] == [("Chunying", True), ("Hua", False)]


def test_prefixed_arabic_names_count_as_capitalised() -> None:
    assert is_capitalised("al-Assad") and not is_capitalised("co-operate")
    assert _texts("President Bashar al-Assad spoke.") == ["President Bashar al-Assad"]


def test_fold_and_compact_ignore_case_diacritics_and_spacing() -> None:
    assert fold("Recep  Tayyip\u00a0Erdoğan") == "recep tayyip erdogan"
    assert compact("Corona-Virus") == compact("coronavirus")
