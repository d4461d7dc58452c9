"""The JSON Lines splice: a fix replaces the text field's JSON string and
nothing else. Properties over generated records, plus the escaping style."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintnews.formats.jsonl import InvalidRecord, encode_string, parse_record, replace_text, string_span

keys = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=6)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=8)
texts = st.text(max_size=40)


@st.composite
def records(draw: st.DrawFn) -> tuple[str, tuple[str, ...], str]:
    """(a JSON Lines line, the path of its text field, a new text)."""
    nested = draw(st.booleans())
    path = ("meta", "body") if nested else ("text",)
    before = draw(st.dictionaries(keys.filter(lambda k: k not in path), values, max_size=3))
    after = draw(st.dictionaries(keys.filter(lambda k: k not in path), values, max_size=3))
    text = draw(texts)
    inner = {path[-1]: text} if nested else text
    obj = {**before, path[0]: inner, **after}
    line = json.dumps(obj, ensure_ascii=draw(st.booleans()), separators=draw(st.sampled_from([(",", ":"), (", ", ": ")])))
    return line, path, draw(texts)


@settings(max_examples=300, deadline=None)
@given(records())
def test_splice_changes_only_the_text_string(case: tuple[str, tuple[str, ...], str]) -> None:
    line, path, new = case
    start, end = string_span(line, path)
    out = replace_text(line, path, new)
    assert out[:start] == line[:start]
    assert out.endswith(line[end:])
    expected = json.loads(line)
    target = expected
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    assert json.loads(out) == expected
    assert list(json.loads(out)) == list(json.loads(line))  # key order


def test_duplicate_keys_splice_the_last_like_json_loads() -> None:
    line = '{"text": "first", "id": 1, "text": "second"}'
    assert parse_record(line, ("text",), ("id",)) == ("second", "1")
    assert replace_text(line, ("text",), "new") == '{"text": "first", "id": 1, "text": "new"}'


@pytest.mark.parametrize(("line", "expected"), [
    ('{"t": "caf\\u00e9", "text": "x"}', '"caf\\u00e9 \\u2019"'),  # the line escapes: escape
    ('{"t": "café", "text": "x"}', '"café ’"'),  # raw UTF-8 in the line: raw
    ('{"t": "plain", "text": "x"}', '"café ’"'),  # cannot tell: raw UTF-8
])
def test_new_string_follows_the_lines_escaping(line: str, expected: str) -> None:
    start, end = string_span(line, ("text",))
    assert encode_string("café ’", line, start, end) == expected


def test_lone_surrogate_is_escaped() -> None:
    line = '{"text": "x"}'
    assert encode_string("a\ud800", line, *string_span(line, ("text",))) == '"a\\ud800"'


@pytest.mark.parametrize(("line", "why"), [
    ("{", "is not valid JSON"),
    ("3", "is a JSON int, not an object"),
    ('{"text": ["a"]}', "that is list, not a string"),
    ('{"body": "a"}', "has no `text` field"),
])
def test_parse_record_says_what_is_wrong(line: str, why: str) -> None:
    with pytest.raises(InvalidRecord, match=why.replace("`", ".")):
        parse_record(line, ("text",), ("id",))
