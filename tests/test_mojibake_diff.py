"""The mojibake rule compares a repaired line with the original only between
their common head and tail (SequenceMatcher is quadratic in what it is
given). These properties check that trimming finds the right ends and gives
the same diagnostics as comparing whole lines did."""
from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from lintnews.config import Settings
from lintnews.kinds import mojibake
from lintnews.registry import build_ruleset

RULE = build_ruleset(Settings(), ("mojibake",), None).rules["mojibake"]

short = st.text(alphabet="ab\u00e9\u2019 ", max_size=12)


@given(short, short)
def test_common_ends_are_the_longest_that_do_not_overlap(a: str, b: str) -> None:
    head, tail = mojibake._common_ends(a, b)
    assert a[:head] == b[:head]
    assert head == len(a) or head == len(b) or a[head] != b[head]
    assert head + tail <= min(len(a), len(b))
    assert a[len(a) - tail:] == b[len(b) - tail:]
    # maximal: one more character of tail would differ or overlap the head
    assert head + tail == min(len(a), len(b)) or a[len(a) - tail - 1] != b[len(b) - tail - 1]


def _whole_line_diagnostics(line: str, fixed: str) -> list[tuple[int, int, str]]:
    """The diagnostics as computed before trimming: whole lines compared."""
    out = []
    matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for tag, a0, a1, b0, b1 in mojibake._merge(matcher.get_opcodes()):
        if tag == "equal":
            continue
        while a1 < len(line) and b1 < len(fixed) and line[a1] == fixed[b1] == "\ufffd":
            a1, b1 = a1 + 1, b1 + 1
        out.append((a0, a1, fixed[b0:b1]))
    return out


def _garble(part: str) -> str:
    return part.encode("utf-8").decode("windows-1252", "replace")


# Lines mixing clean words with garbled ones: curly quotes, accents, a euro
# sign, an ellipsis, repeated so that SequenceMatcher has choices to make.
words = st.sampled_from(["the", "a", "café", "’", "“quoted”", "€5", "…", "naïve", "é", " ", "  ", "x"])
parts = st.lists(st.tuples(st.lists(words, min_size=1, max_size=4).map("".join), st.booleans()), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(parts)
def test_trimmed_comparison_gives_the_whole_line_diagnostics(pieces: list[tuple[str, bool]]) -> None:
    line = "".join(_garble(text) if garbled else text for text, garbled in pieces)
    import ftfy

    fixed, _plan = ftfy.fix_encoding_and_explain(line, RULE._fixer_config())
    got = [(d.start, d.end, d.fix.edits[0].replacement if d.fix else None) for d in RULE._diagnose(0, line, fixed, "")]
    whole = _whole_line_diagnostics(line, fixed)
    assert sum(end - start for start, end, _ in got) <= sum(end - start for start, end, _ in whole)
    # and the edits rebuild ftfy's line
    rebuilt, last = [], 0
    for start, end, replacement in got:
        rebuilt += [line[last:start], replacement or ""]
        last = end
    assert "".join(rebuilt) + line[last:] == fixed


def test_a_garbled_word_before_its_clean_twin_is_marked_alone() -> None:
    # Comparing whole lines aligned the clean "café" with the garbled one and
    # reported "cafÃ©" deleted and "café" inserted at the end of the line.
    line = "caf\u00c3\u00a9caf\u00e9"
    assert [(d.start, d.end) for d in RULE._diagnose(0, line, "caf\u00e9caf\u00e9", "")] == [(3, 5)]
    assert _whole_line_diagnostics(line, "caf\u00e9caf\u00e9") == [(0, 5, ""), (9, 9, "caf\u00e9")]
