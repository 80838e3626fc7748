from auditor.text.source import SourceText


def test_position_is_one_based_and_counts_code_points() -> None:
    source = SourceText("first line\nsecond é line\n")
    assert source.position(0) == (1, 1)
    assert source.position(11) == (2, 1)
    assert source.position(18) == (2, 8)
    assert source.offset(2, 8) == 18


def test_crlf_lines_keep_offsets_true_to_the_file() -> None:
    source = SourceText("one\r\ntwo\r\n")
    assert source.position(5) == (2, 1)
    assert source.line_text(1) == "one"


def test_utf16_offsets_count_astral_characters_twice() -> None:
    source = SourceText("a😀b\n😀😀c")
    assert source.utf16_offset(2) == 3
    assert source.utf16_column(6) == 5
    for offset in range(len(source.text) + 1):
        assert source.from_utf16(source.utf16_offset(offset)) == offset
