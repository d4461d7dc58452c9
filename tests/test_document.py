"""Document: the line index, positions, line spans and the dominant newline."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lintnews.document import Document, dominant_newline, fold_utf8


def positions(text: str) -> list[tuple[int, int]]:
    doc = Document(text)
    return [doc.position(i) for i in range(len(text) + 1)]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("", [0]),
        ("one line", [0]),
        ("one\n", [0, 4]),
        ("one\ntwo", [0, 4]),
        ("one\ntwo\n", [0, 4, 8]),
        ("one\r\ntwo\r\n", [0, 5, 10]),
        ("one\rtwo\r", [0, 4, 8]),
        ("a\r\nb\nc\rd", [0, 3, 5, 7]),
        ("\n\n", [0, 1, 2]),
        ("\r\n\r\n", [0, 2, 4]),
        ("a\n\rb", [0, 2, 3]),  # "\n\r" is two line ends, not one
        ("a\r\r\nb", [0, 2, 4]),
    ],
)
def test_line_starts(text: str, starts: list[int]) -> None:
    assert list(Document(text).line_starts) == starts


def test_positions_with_lf() -> None:
    assert positions("ab\ncd\n") == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1)]


def test_positions_with_crlf_count_the_terminator_as_part_of_its_line() -> None:
    # offsets 2 and 3 are the "\r" and "\n" of line 1
    assert positions("ab\r\ncd") == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3)]


def test_positions_with_lone_cr() -> None:
    assert positions("ab\rcd") == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]


def test_positions_with_mixed_line_ends() -> None:
    text = "a\r\nb\nc\rd"
    doc = Document(text)
    assert doc.position(text.index("b")) == (2, 1)
    assert doc.position(text.index("c")) == (3, 1)
    assert doc.position(text.index("d")) == (4, 1)


def test_position_of_empty_text() -> None:
    assert Document("").position(0) == (1, 1)


def test_position_after_final_newline_is_on_a_new_line() -> None:
    assert Document("last\n").position(5) == (2, 1)


def test_columns_count_characters_not_bytes() -> None:
    text = "Zürich “said” ﬁne\nnext"
    doc = Document(text)
    assert doc.position(text.index("ﬁne")) == (1, 15)
    assert doc.position(text.index("next")) == (2, 1)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("", [(0, 0, 0)]),
        ("no newline", [(0, 10, 10)]),
        ("one\n", [(0, 3, 4)]),  # no empty line after a final newline
        ("one\ntwo", [(0, 3, 4), (4, 7, 7)]),
        ("one\r\ntwo\r\n", [(0, 3, 5), (5, 8, 10)]),
        ("one\rtwo", [(0, 3, 4), (4, 7, 7)]),
        ("\n", [(0, 0, 1)]),
        ("\n\n", [(0, 0, 1), (1, 1, 2)]),
        ("a\r\n\rb\n", [(0, 1, 3), (3, 3, 4), (4, 5, 6)]),
        ("x\n\ny", [(0, 1, 2), (2, 2, 3), (3, 4, 4)]),
    ],
)
def test_lines(text: str, spans: list[tuple[int, int, int]]) -> None:
    assert list(Document(text).lines()) == spans


def test_lines_cover_the_text_exactly() -> None:
    text = "Title\r\n\r\nBody one.\nBody two.\rEnd"
    spans = list(Document(text).lines())
    assert "".join(text[s:e] for s, _c, e in spans) == text
    assert [text[s:c] for s, c, _e in spans] == ["Title", "", "Body one.", "Body two.", "End"]


def test_line_span() -> None:
    text = "first\r\nsecond\nthird"
    doc = Document(text)
    assert doc.line_span(0) == (0, 5, 7)
    assert doc.line_span(5) == (0, 5, 7)  # on the "\r"
    assert doc.line_span(6) == (0, 5, 7)  # on the "\n"
    assert doc.line_span(7) == (7, 13, 14)
    assert doc.line_span(text.index("third")) == (14, 19, 19)
    assert doc.line_span(len(text)) == (14, 19, 19)


def test_line_span_at_end_after_final_newline_is_an_empty_line() -> None:
    doc = Document("one\n")
    assert doc.line_span(4) == (4, 4, 4)


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        ("", "\n"),
        ("no line end", "\n"),
        ("a\nb\n", "\n"),
        ("a\r\nb\r\n", "\r\n"),
        ("a\rb\r", "\r"),
        ("a\r\nb\r\nc\n", "\r\n"),  # majority
        ("a\nb\nc\r\n", "\n"),
        ("a\r\nb\n", "\n"),  # a tie goes to "\n"
        ("a\rb\n", "\n"),
    ],
)
def test_dominant_newline(text: str, newline: str) -> None:
    assert dominant_newline(text) == newline
    assert Document(text).newline == newline


def test_folded_and_with_text() -> None:
    doc = Document("Straße KYIV", path="a.txt", record=3, doc_id="x7")
    assert doc.folded == "strasse kyiv"
    other = doc.with_text("new\r\ntext")
    assert (other.path, other.record, other.doc_id) == ("a.txt", 3, "x7")
    assert other.text == "new\r\ntext"
    assert list(other.line_starts) == [0, 5]
    assert other.newline == "\r\n"
    assert doc.text == "Straße KYIV"


@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=60) | st.sampled_from(
    ["plain ascii TEXT", "“Curly” quotes — and café", "KİEV", "Straße", "ﬁne", "ǅemal", "\ud800 lone", "Ωmega", "µs"]))
def test_folding_bytes_equals_str_casefold(text: str) -> None:
    # The fast path (ASCII letters lowered as bytes) must give exactly what
    # str.casefold gives, lone surrogates (from JSON records) included, or
    # say it cannot.
    folded = fold_utf8(text.encode("utf-8", "surrogatepass"))
    if folded is not None:
        assert folded.decode("utf-8", "surrogatepass") == text.casefold()
    else:
        assert any(c.casefold() != c for c in text if not c.isascii())
    assert Document(text).folded == text.casefold()


@pytest.mark.parametrize("head", ["“Curly” — plain\r\n", "ÉCOLE — capitals fold as str\r\n", "ascii only\r\n"])
def test_lines_of_literals_found_by_the_shared_scan(head: str) -> None:
    # The scan runs on UTF-8 bytes when bytes can fold the text (offsets in
    # bytes), on the str otherwise: the lines are the same either way.
    pytest.importorskip("ahocorasick_rs")
    from lintnews.literals import LiteralIndex

    text = head + "second “x” published\rthird\r\nfourth PUBLISHED é\n\nsixth ad\n"
    index = LiteralIndex(["published", "ad\n", "é", "missing"])
    doc = Document(text, utf8=text.encode("utf-8"))
    doc.share_literals(index)
    assert doc.lines_containing(["published"]) == [1, 3]
    assert doc.lines_containing(["ad\n"]) == [5]
    assert doc.lines_containing(["é"]) == ([0] if "É" in head else []) + [3]
    assert doc.which_of(("missing", "published", "é")) == [1, 2]
    assert doc.contains("fourth") and not doc.contains("fifth")  # literals outside the index
