from auditor.text.document import Document


def sentence_texts(text: str) -> list[str]:
    document = Document(text)
    return [document.slice(span) for span in document.sentences]


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    assert sentence_texts('Dr. Smith paid $2.5 million to the U.S. Treasury on Jan. 5. "It is done." She left!') == [
        "Dr. Smith paid $2.5 million to the U.S. Treasury on Jan. 5.",
        '"It is done."',
        "She left!",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    assert sentence_texts('He said "no." Then he left.') == ['He said "no."', "Then he left."]


def test_paragraphs_are_blocks_between_blank_lines() -> None:
    document = Document("Title\n\nFirst para. Two.\n \nSecond para.\n")
    assert [document.slice(p) for p in document.paragraphs] == ["Title", "First para. Two.", "Second para."]


def test_word_tokens_keep_hyphens_and_apostrophes() -> None:
    document = Document("China's pro-democracy protesters, U.S. allies.")
    assert [document.slice(w) for w in document.words] == ["China's", "pro-democracy", "protesters", "U.S", "allies"]
