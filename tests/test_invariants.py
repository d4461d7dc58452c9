""""Nothing lost", as properties: every shipped rule on, arbitrary text.

The generated texts mix arbitrary Unicode (astral characters, combining
marks, controls and NUL, U+00A0, U+FEFF, U+FFFD, every line ending) with
fragments that trigger every shipped rule. The fragments are the rules' own
`examples.flag` texts, read from the YAML files, so a new rule is fuzzed as
soon as it ships with an example. On those texts:

- lint never raises, and no rule reports a crash or a timeout;
- fixing is idempotent, with safe fixes and with unsafe fixes too;
- fixing changes nothing outside the first pass's fix spans, across every
  pass of the fixer's loop (a character's path is followed pass by pass);
- after fixing, no diagnostic with an applicable fix remains, and the fixer
  always settles on the shipped rules;
- every position is inside the document, on a line/column pair that an
  independent line count agrees with, and the text at a span is what the
  rule's message says it matched;
- the CLI gives the same findings and the same fixed bytes with --jobs 1
  and --jobs 2 (a seeded corpus), and a second --fix changes nothing;
- the file layer gives back the bytes it read (BOM, CRLF, CR).

The number of examples comes from the hypothesis profile (tests/conftest.py):
"default" for the test run, HYPOTHESIS_PROFILE=long for a long search;
benchmarks/fuzz_long.py runs these same checks for a given time.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from lintnews.checks._text import DELETED_ELSEWHERE
from lintnews.config import Settings
from lintnews.diagnostics import Diagnostic, Edit, Fix
from lintnews.document import Document
from lintnews.engine import lint_document
from lintnews.files import encode, read_document
from lintnews.fixer import DEFAULT_RUNAWAY_LIMIT, allowed, apply_fixes, fix_document
from lintnews.kinds.base import Rule, preview
from lintnews.registry import build_ruleset
from lintnews.runner import Job, check_file, place

RULESET = build_ruleset(Settings())
RULES = list(RULESET.rules.values())
SPECS = RULESET.specs


# --- strategies ------------------------------------------------------------------


def flag_fragments() -> list[str]:
    """Every flag example of every shipped rule, whole and line by line
    (a line alone, or glued into other text, meets rules in a new context)."""
    found: set[str] = set()
    for spec in SPECS.values():
        for ex in (*spec.flag_examples, *spec.known_failures):
            found.add(ex.text)
            found.update(line for line in re.split(r"\r\n|\r|\n", ex.text) if line.strip())
    return sorted(found)


FRAGMENTS = flag_fragments()
# Near misses and variants written for these tests: defects the examples do
# not show, and look-alikes that must be left alone.
DEFECTS = [
    "See also\u00a0 Some headline about the port",
    "Read more: Why the tram line closed early",
    "Leave a Reply",
    "Cancel reply",
    "enablePagination: false",
    "Kiev",
    "Kyiv",
    "Anthony Blinken",
    "Xi Jingping",
    "added. .",
    "ministerâ€™s",
    "cafÃ©",
    "a Amazing",
    "arrivalHe",
    "Marta Kowalczyk/AFP/Getty Images",
    "Photo: Tom Reyes/Reuters",
    "...",
    "ALSO READ: Storm shuts the mountain road",
    "Your email address will not be published.",
    "maxItemsPerPage = 10;",
    "Kiev and Kyiv",
    "KIEV",
    "Odessa",
    "Odesa",
    "Chicken Kiev",
    "Odessa, Texas",
    "ended early..",
    "Paris,, Lyon",
    ",, ,",
    ". . .",
    "councilÃ¢â‚¬â„¢s",
    "â€œnoâ€\x9d",
    "A unusual",
    "a Ukrainian",
    "Photo: JosÃ© Ruiz/Reuters",
    "“quoted”",
    "ﬁnal",
    "Ａ",
    "cafe\u0301",
    "…",
]
WORDS = ["the", "council", "met", "on", "Tuesday", "said", "a", "an", "A", "It", "He", ".", ",", ":", "/"]
# Characters that have broken text tools before: every line ending (and the
# Unicode ones lintnews does not count as such), spaces, BOM, replacement
# character, controls, combining marks, astral characters, characters whose
# case mapping changes the length of the text (İ, ß, ﬁ), mojibake lead bytes.
SPECIALS = [
    "\n", "\r", "\r\n", "\n\n", "\r\n\r\n", "\r\r", "\n\r",
    " ", "  ", "\t", "\u00a0", "\u2028", "\u2029", "\x85", "\x0b", "\x0c",
    "\ufeff", "\ufffd", "\x00", "\x01", "\x1b", "\x7f", "\x9d", "\x81",
    "\u0301", "\u0308", "\u200b", "\u200d",
    "\U0001f4f0", "\U00010348", "\U0001d400",
    "İ", "ß", "ﬁ", "ǅ", "ẞ",
    "Ã", "Â", "â€", "Ã©", "..", ". .", ",,",
]
NEWLINES = ["\n", "\r\n", "\r"]

any_char = st.characters(exclude_categories=("Cs",))  # every code point but surrogates
noise = st.text(any_char, max_size=8)


def with_newline(fragment: str, newline: str) -> str:
    return re.sub(r"\r\n|\r|\n", newline, fragment)


def spliced(fragment: str, at: int, inserted: str) -> str:
    at %= len(fragment) + 1
    return fragment[:at] + inserted + fragment[at:]


def mojibaked(text: str, codec: str, times: int) -> str:
    """`text` encoded as UTF-8 and decoded with the wrong codec, `times` times:
    fresh mojibake of every kind, not only the examples' (bytes that
    Windows-1252 leaves undefined are read as Latin-1, as browsers do)."""
    for _ in range(times):
        raw = text.encode("utf-8")
        text = "".join(raw[i:i + 1].decode(codec, errors="ignore") or raw[i:i + 1].decode("latin-1") for i in range(len(raw)))
    return text


fragments = st.builds(with_newline, st.sampled_from(FRAGMENTS + DEFECTS), st.sampled_from(NEWLINES))
pieces = st.one_of(
    fragments,
    # A fragment on a line of its own, for the line-scope rules.
    st.builds(lambda nl, f, end: nl + f + end, st.sampled_from(NEWLINES + ["\n\n", "\r\n\r\n"]), fragments,
              st.sampled_from(NEWLINES + ["\n\n", ""])),
    # A fragment with a character pushed into it: edges of patterns.
    st.builds(spliced, fragments, st.integers(0, 200), st.one_of(st.sampled_from(SPECIALS), st.text(any_char, min_size=1, max_size=2))),
    st.sampled_from(WORDS),
    st.sampled_from(SPECIALS),
    noise,
    st.builds(mojibaked, st.text(any_char, min_size=1, max_size=6) | st.sampled_from(["’s", "“no”", "café", "–", "€5"]),
              st.sampled_from(["cp1252", "latin-1"]), st.integers(1, 2)),
)
texts = st.one_of(st.lists(pieces, max_size=24).map("".join), st.text(any_char))


# --- the checks (also run by benchmarks/fuzz_long.py) ----------------------------


def independent_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) counted character by character, without Document:
    "\\r\\n", "\\r" and "\\n" end a line, nothing else does."""
    line, start, i = 1, 0, 0
    while i < offset:
        c = text[i]
        if c == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            if i + 1 == offset:  # a position between \r and \n: counted as the line's end
                break
            i += 2
            line, start = line + 1, i
            continue
        i += 1
        if c in "\r\n":
            line, start = line + 1, i
    return line, offset - start + 1


def template_regex(message: str) -> regex.Pattern[str] | None:
    """A pattern for a rule's message with {match} as a group, or None if the
    message does not show the match."""
    if "{match}" not in message:
        return None
    parts = re.split(r"(\{\w+\})", message)
    body = "".join(
        "(?P<match>.*)" if p == "{match}" else ".*" if re.fullmatch(r"\{\w+\}", p) else regex.escape(p)
        for p in parts
    )
    return regex.compile(body, regex.DOTALL)


TEMPLATES = {rule_id: template_regex(spec.message) for rule_id, spec in SPECS.items()}


def shown(text: str) -> str:
    """What preview() makes of text, without its length limit."""
    return preview(text, limit=len(text) * 2 + 2)


def check_positions(doc: Document, diagnostics: Sequence[Diagnostic]) -> None:
    text = doc.text
    for d in diagnostics:
        assert 0 <= d.start <= d.end <= len(text), d
        finding = place(doc, d)
        offsets = [(finding.line, finding.column, d.start), (finding.end_line, finding.end_column, d.end)]
        for e, placed in zip(d.fix.edits if d.fix else (), finding.edits):
            assert d.start <= e.start <= e.end <= d.end, (d, e)
            offsets += [(placed.line, placed.column, e.start), (placed.end_line, placed.end_column, e.end)]
        for line, column, offset in offsets:
            # A boundary inside a CRLF pair would split a line ending in two.
            assert not (0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"), (d, offset)
            assert (line, column) == independent_position(text, offset), (d, offset)
            assert 1 <= line <= len(doc.line_starts)
        pattern = TEMPLATES[d.rule_id]
        if pattern is None:
            continue
        m = pattern.fullmatch(d.message)
        assert m is not None, (d.message, SPECS[d.rule_id].message)
        matched = text[d.start:d.end]
        if getattr(RULESET.rules[d.rule_id], "skip_invisible", False):
            matched = DELETED_ELSEWHERE.sub("", matched)  # the rule saw the text without them
        said, span = m.group("match"), shown(matched)
        if said.endswith("…") and len(said) == 60:  # preview() cut it short
            said = said[:-1]
            assert said in span, (d, said, span)
        elif d.fix is not None and d.fix.deletes_line is not None:
            assert said in span, (d, said, span)  # the match lies in the deleted line
        else:
            assert said == span, (d, said, span)  # a replacement, or a flag, covers the match exactly


def check_lint(text: str) -> list[Diagnostic]:
    doc = Document(text)
    diagnostics, errors = lint_document(doc, RULES)
    assert errors == [], errors  # a rule that crashed or timed out on this text
    check_positions(doc, diagnostics)
    return diagnostics


def check_idempotent(text: str, unsafe: bool) -> None:
    once = fix_document(Document(text), RULES, unsafe=unsafe)
    assert once.converged, once.errors
    twice = fix_document(Document(once.text), RULES, unsafe=unsafe)
    assert twice.text == once.text
    assert twice.fixed == Counter() and twice.converged and twice.errors == []


def check_nothing_fixable_left(text: str, unsafe: bool) -> None:
    outcome = fix_document(Document(text), RULES, unsafe=unsafe)
    # The loop gives up (and keeps the original) only when fixes fight or run
    # away: for the shipped rules that is always a bug.
    assert outcome.converged, outcome.errors
    assert outcome.errors == []
    assert [d for d in outcome.diagnostics if allowed(d.fix, unsafe)] == []
    remaining, _ = lint_document(Document(outcome.text), RULES)
    assert outcome.diagnostics == remaining  # reported in the fixed text's positions


INSERTED = -1
# Kinds whose verdict on one place depends on the text around it beyond the
# span: consistency looks at the whole document, and ftfy (mojibake) judges a
# whole run of suspicious text by its "badness", so deleting a control
# character a few characters away can tip a repair.
DOCUMENT_KINDS = {"consistency", "mojibake"}
# Rules of other kinds that weigh the whole document: stray-capital asks whether
# the document writes a word in lower case elsewhere, or whether the part of a
# token before its capital is a word of the document (two words run together,
# not a stray capital), so deleting a chrome line elsewhere can change a verdict.
# mixed-line-endings converts to the ending most lines use: deleting lines can
# change which that is. repeated-paragraph compares paragraphs across the
# document: a fix in one copy ("m\x0binister") makes a distant one a repeat.
DOCUMENT_RULES = {"stray-capital", "mixed-line-endings", "repeated-paragraph"}


def check_changes_inside_first_spans(
    text: str, unsafe: bool, rules: Sequence[Rule] = RULES, cascades: bool = True
) -> None:
    """Replay the fixer's loop pass by pass, following every character of the
    original text (`origin[i]`: the original offset of the current text's
    i-th character, or INSERTED), and check where each pass's edits land.

    The first pass's edits are what check mode reports. A later pass may
    finish what the first pass reported (an edit skipped because it
    overlapped another, a fix that needs two passes): its edit must then lie,
    in original offsets, inside the merged first-pass edits. With
    `cascades`, a later edit may also act where an earlier fix changed the
    text (mojibake repaired in a credit line lets photo-credit see it), or,
    for a rule that judges the whole document, anywhere once an earlier fix
    changed something: that defect did not exist, as such, before. What is never allowed is a change
    to text that neither the first pass reported nor an earlier fix touched.
    Surviving characters must be unchanged and in order.
    """
    doc = Document(text)
    kinds = {rule.spec.id: rule.spec.kind for rule in rules}
    diagnostics, _ = lint_document(doc, rules)
    first = [e for d in diagnostics if allowed(d.fix, unsafe) for e in d.fix.edits]  # type: ignore[union-attr]
    merged = merge_spans(first)
    current, origin = text, list(range(len(text)))
    for attempt in range(DEFAULT_RUNAWAY_LIMIT):
        candidates = [d for d in diagnostics if allowed(d.fix, unsafe)]
        if not candidates:
            break
        new, applied = apply_fixes(current, [d.fix for d in candidates])  # type: ignore[misc]
        by_rule = sorted(((e, candidates[i].rule_id) for i in applied for e in candidates[i].fix.edits),  # type: ignore[union-attr]
                         key=lambda p: (p[0].start, p[0].end))
        edits = [e for e, _ in by_rule]
        rebuilt, new_origin, cursor = [], [], 0
        for e, rule_id in by_rule:
            assert cursor <= e.start, "applied edits overlap"
            if attempt:
                a, b = original_stretch(origin, len(text), e.start, e.end)
                inside = any(s <= a and b <= t for s, t in merged)
                # A consistency rule judges the whole document: a fix anywhere
                # (mojibake repaired in "KyivÂ\x80" makes "Kyiv" a word) can
                # make a distant spelling inconsistent, so for it any earlier
                # change explains a later edit.
                whole = kinds[rule_id] in DOCUMENT_KINDS or rule_id in DOCUMENT_RULES
                assert inside or (cascades and (whole or touches_change(origin, e.start, e.end, len(text)))), (
                    f"pass {attempt + 1} changed text outside the first pass's fix spans: {current[e.start:e.end]!r} "
                    f"(original {text[a:b]!r} at {a}..{b}) -> {e.replacement!r}; first-pass edits {first}"
                )
            rebuilt += [current[cursor:e.start], e.replacement]
            new_origin += origin[cursor:e.start] + [INSERTED] * len(e.replacement)
            cursor = e.end
        rebuilt.append(current[cursor:])
        new_origin += origin[cursor:]
        assert "".join(rebuilt) == new  # apply_fixes builds what its edits say
        check_lines_kept(current, new, edits)
        current, origin = new, new_origin
        diagnostics, _ = lint_document(Document(current), rules)
    assert fix_document(doc, rules, unsafe=unsafe).text == current  # the replay is the fixer's loop
    kept = [(i, o) for i, o in enumerate(origin) if o != INSERTED]
    assert all(current[i] == text[o] for i, o in kept)
    assert all(a[1] < b[1] for a, b in zip(kept, kept[1:]))


def check_lines_kept(old: str, new: str, edits: Sequence[Edit]) -> None:
    """Every line no edit touches is still a line of its own, with the same
    content: an edit next to it must not join it to its neighbour (a deletion
    that leaves a bare "\r" before a "\n" turns two line breaks into one)."""
    before, after = Document(old), Document(new)
    new_starts = set(after.line_starts)
    for start, content_end, end in before.lines():
        if start == end:
            continue
        touched = any(e.start < end and start < e.end if e.start != e.end else start < e.start < end for e in edits)
        if touched:
            continue
        shift = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= start and (e.start, e.end) != (start, start))
        at = start + shift
        assert at in new_starts and after.line_span(at)[:2] == (at, at + content_end - start), (
            f"line {old[start:end]!r} is no longer a line of its own after the edits {list(edits)}: {new!r}"
        )


def original_stretch(origin: Sequence[int], length: int, start: int, end: int) -> tuple[int, int]:
    """The stretch [a, b) of the original text that current[start:end] stands
    for: between the nearest surviving characters on either side. (Text an
    earlier pass deleted next to the edit is included; it lay in a first-pass
    span already, so including it never hides a change.)"""
    before = next((o for o in reversed(origin[:start]) if o != INSERTED), -1)
    after = next((o for o in origin[end:] if o != INSERTED), length)
    return before + 1, after


def touches_change(origin: Sequence[int], start: int, end: int, length: int | None = None) -> bool:
    """Whether current[start:end] (or the point `start` for an insertion)
    holds an inserted character or a seam where an earlier edit deleted text.
    With the original `length`, the end of the text is a seam too when an
    earlier edit deleted the original's tail (a deleted last line leaves the
    blank line before it trailing, which trailing-blank-lines then removes);
    so is the start when one deleted its head ("Â\x81" before a CMS line)."""
    def seam(p: int) -> bool:  # between current[p-1] and current[p]
        if p <= 0:
            return length is not None and p == 0 and bool(origin) and origin[0] not in (0, INSERTED)
        if p >= len(origin):
            return length is not None and p == len(origin) and origin[p - 1] != length - 1
        return origin[p - 1] == INSERTED or origin[p] == INSERTED or origin[p - 1] + 1 != origin[p]

    if any(o == INSERTED for o in origin[start:end]):
        return True
    return any(seam(p) for p in range(start, end + 1))


def check_each_rule_settles_in_one_pass(text: str, unsafe: bool) -> None:
    """On its own, every rule reports all of its damage at once: its later
    passes stay inside its first-pass spans (no cascade onto itself), so the
    report of check mode is complete for that rule."""
    for rule in RULES:
        check_changes_inside_first_spans(text, unsafe, [rule], cascades=False)


def merge_spans(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """Edit spans joined where they overlap or touch (closed intervals, so an
    insertion at a span's edge is inside it)."""
    merged: list[tuple[int, int]] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if merged and e.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e.end))
        else:
            merged.append((e.start, e.end))
    return merged


def check_file_round_trip(text: str, bom: bool, newline: str, folder: str) -> None:
    """Bytes read are the bytes written back when nothing is fixed, and a
    fix rewrites only the text: BOM and line endings stay."""
    text = with_newline(text, newline)
    raw = encode(text, bom)
    path = os.path.join(folder, "article.txt")
    with open(path, "wb") as handle:
        handle.write(raw)
    loaded = read_document(path)
    if "\x00" in text[:8192]:
        assert not hasattr(loaded, "document")  # refused as binary, never decoded
        return
    assert not hasattr(loaded, "code"), loaded
    assert loaded.raw == raw  # type: ignore[union-attr]
    # A text that itself starts with U+FEFF reads back as a BOM: same bytes.
    assert loaded.bom == (bom or text.startswith("\ufeff"))  # type: ignore[union-attr]
    assert encode(loaded.document.text, loaded.bom) == raw  # type: ignore[union-attr]
    decoded = loaded.document.text  # type: ignore[union-attr]
    expected = fix_document(Document(decoded), RULES).text
    result = check_file(path, "article.txt", RULESET, Job(Settings(), fix=True))
    assert result.errors == []
    with open(path, "rb") as handle:
        assert handle.read() == encode(expected, loaded.bom)  # type: ignore[union-attr]
    assert result.written == (expected != decoded)


# --- the properties --------------------------------------------------------------


@given(texts)
@example("\r\n\u00a0See also  Kyiv\r\n")
def test_lint_never_raises_and_positions_hold(text: str) -> None:
    check_lint(text)


@given(texts, st.booleans())
def test_fix_is_idempotent(text: str, unsafe: bool) -> None:
    check_idempotent(text, unsafe)


@given(texts, st.booleans())
@example("x\nPhoto: JosÃ© Ruiz/Reuters\n", False)  # a cascade: mojibake hid the credit
@example("Kiev and KyivÂ\x80", False)  # a cascade: mojibake hid the word "Kyiv", far from "Kiev"
@example("A\rLeave a Reply\n\nB", False)  # the empty line after the deleted one was lost
@example("A\rLeave a Reply\nComment *\n\nB", False)
@example("X\r\rLeave a Reply\n\n\nB", False)
# a cascade at the end: the deleted last line leaves a trailing blank line
@example("A lone \x9d control and a DEL\x7f.\u00f1\u2013\u2018\u20200", False)  # ftfy's context
@example('\x1b[1mBREAKING\x1b[0m: the strike is over.\n\x9d\n\n(This story has been published.)\n', False)
@example("\nAustralia's Antony Albanese flew to the Phillipines.\r\nAustralia's Antony Albanese flew to the Phillipines.\n\nAustralia's Antony Albanese flew to the Phillipines.\n", True)
@example("\x9d\x8d", False)  # two undefined C1 controls: both go in the first pass
@example('\u00c2\x81"We will not sign," he said.', False)  # mojibake of a C1 control: both parts in pass 1
@example("\x9d\u00c2\x9d0", False)  # the same after a control this rule deletes
@example("The strike is over.\n\u200d\n\nTalks resume.\n", False)  # a line of a zero-width joiner is blank
@example('\x00"adSlotId": "top-banner",\nText.\n', False)  # a line behind a control character: found in pass 1
@example('\u00c2\x81"adSlotId": "top-banner",\nText.\n', False)  # behind mojibake: found once the head is repaired
@example("The court \x0bissued Arrest warrant against the former minister.", True)  # no cascade: one pass
@example("S\ntory continues below advertisementStory continues below\n advertisement", True)  # stray-capital weighs the document
@example('\x1b[1mBREAKING\x1b[0m: the strike is over.\n\n"adSlotId": "top-banner",\n', False)
def test_fix_changes_only_the_first_pass_spans(text: str, unsafe: bool) -> None:
    check_changes_inside_first_spans(text, unsafe)


@given(texts, st.booleans())
@example(",, ,", False)
@example("It ended.. .", False)
@example("It was a a Amazing day.", True)
# a paragraph of two repeated lines before a repeat that ends the text: one deletion
@example("\nThe ferry to the island was cancelled for a third day.\n\n" + "The ferry to the island was cancelled for a third day.\n" * 2
         + "\nThe ferry to the island was cancelled for a third day.\n", True)
# a block that repeats an earlier one once its repeated last line is gone
@example("NEW YORK, Nov 23 (Reuters) - Stocks rose.\n\nNEW YORK, Nov 23 (Reuters) - Bonds fell.\n\n"
         "The harbour reopened on Monday morning.\nFerries to the island resumed at noon.\n\n\n"
         "The harbour reopened on Monday morning.\nFerries to the island resumed at noon.\n"
         "NEW YORK, Nov 23 (Reuters) - Bonds fell.", True)
def test_each_rule_reports_all_its_damage_in_the_first_pass(text: str, unsafe: bool) -> None:
    check_each_rule_settles_in_one_pass(text, unsafe)


@given(texts, st.booleans())
def test_nothing_fixable_is_left_after_fixing(text: str, unsafe: bool) -> None:
    check_nothing_fixable_left(text, unsafe)


@given(texts, st.booleans(), st.sampled_from(NEWLINES))
@example("\ufeff", False, "\n")
@example("\ufeffSee also  A headline\r\nText.\r\n", True, "\r\n")
def test_file_layer_round_trips(tmp_path_factory: pytest.TempPathFactory, text: str, bom: bool, newline: str) -> None:
    folder = tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp())
    try:
        check_file_round_trip(text, bom, newline, folder)
    finally:
        shutil.rmtree(folder)


def test_the_fragments_trigger_every_rule() -> None:
    # The strategy is only as good as its fragments: each rule must fire on them.
    fired = {d.rule_id for f in FRAGMENTS for d in check_lint(f)}
    assert fired == set(RULESET.rules)


def test_deleting_a_line_after_a_bare_cr_keeps_the_empty_line_after_it() -> None:
    # Found by the fuzzer: "A\r" + deleted line + "\n" read as one CRLF, and the
    # blank line between the paragraphs was gone.
    for text in ("A\rLeave a Reply\n\nB", "A\rLeave a Reply\nComment *\n\nB", "A\rLeave a Reply\r\n\nB"):
        # Only the deleting rule: the layout rules would also even out the
        # mixed line endings, which is not what this test is about.
        fixed = fix_document(Document(text), [RULESET.rules["comment-form-boilerplate"]]).text
        assert fixed == "A\r\n\nB"
        assert [fixed[s:c] for s, c, _ in Document(fixed).lines()] == ["A", "", "B"]


def test_independent_position_counts_lines_like_a_reader() -> None:
    text = "ab\r\ncd\re\nf"
    assert [independent_position(text, o) for o in (0, 2, 4, 7, 9, 10)] == [(1, 1), (1, 3), (2, 1), (3, 1), (4, 1), (4, 2)]


def test_replay_catches_a_cascade_of_one_rule_onto_itself(tmp_path: Path) -> None:
    # The check must be able to fail: with these rules the second pass
    # reaches text the first pass did not report ("a b" -> "a a" -> "c").
    from helpers import make_rule

    rules = [
        make_rule(tmp_path, "b-to-a", "extends: substitution\nswap: {b: a}\nfix: {action: replace}\n"),
        make_rule(tmp_path, "a-a-to-c", "extends: substitution\nswap: {'a a': c}\nfix: {action: replace}\n"),
    ]
    check_changes_inside_first_spans("x b", unsafe=False, rules=rules, cascades=False)  # one pass, inside its span
    check_changes_inside_first_spans("a b", unsafe=False, rules=rules)  # a cascade where the first fix landed
    with pytest.raises(AssertionError, match="outside the first pass"):
        check_changes_inside_first_spans("a b", unsafe=False, rules=rules, cascades=False)


class SecondThoughts:
    """A rule that flags "b" at first, then something far away: a change
    neither reported nor caused by an earlier fix."""

    def __init__(self, spec) -> None:
        self.spec = spec
        self.calls = 0

    def check(self, doc: Document):
        self.calls += 1
        at = doc.text.find("b") if self.calls == 1 else doc.text.find("x")
        if at != -1:
            yield Diagnostic(self.spec.id, at, at + 1, "m", fix=Fix((Edit(at, at + 1, "y"),)))


def test_replay_catches_a_change_nothing_explains(tmp_path: Path) -> None:
    from helpers import make_rule

    spec = make_rule(tmp_path, "fickle", "extends: existence\npatterns: [b]\n").spec
    with pytest.raises(AssertionError, match="outside the first pass"):
        check_changes_inside_first_spans("x b", unsafe=False, rules=[SecondThoughts(spec)])


# --- the CLI: --jobs 1 and --jobs 2 agree ------------------------------------------


def random_corpus(root: Path, files: int, seed: int) -> None:
    """Seeded articles built from the same pieces as the strategies, plus a
    few files the reader must refuse (invalid UTF-8, NUL bytes)."""
    rng = random.Random(seed)
    pool = FRAGMENTS + DEFECTS + WORDS + SPECIALS
    for n in range(files):
        parts = []
        for _ in range(rng.randint(0, 30)):
            r = rng.random()
            if r < 0.5:
                parts.append(with_newline(rng.choice(FRAGMENTS + DEFECTS), rng.choice(NEWLINES)))
            elif r < 0.9:
                parts.append(rng.choice(pool))
            else:
                parts.append("".join(chr(rng.choice([rng.randint(1, 0x2FF), rng.randint(0x300, 0xD7FF), rng.randint(0xE000, 0x10FFFF)])) for _ in range(rng.randint(1, 4))))
        text = "".join(parts).replace("\x00", "")
        data = encode(text, bom=rng.random() < 0.1)
        if n % 50 == 7:
            data += b"\xff\xfe broken"  # not UTF-8
        elif n % 50 == 23:
            data = b"\x00" + data
        (root / f"article-{n:04d}.txt").write_bytes(data)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def compare_jobs(run_cli, root: Path, jobs: int, extra: Sequence[str] = ()) -> None:
    """Lint, then --fix twice, with --jobs 1 and --jobs `jobs`: the findings
    (JSON), the exit status, the messages and the fixed bytes must agree."""
    args = ["--isolated", "--select", "ALL", "--output-format", "json", *extra]
    one = run_cli(*args, "--jobs", "1", ".", cwd=root)
    many = run_cli(*args, "--jobs", str(jobs), ".", cwd=root)
    assert one.returncode in (1, 2), one.stderr
    assert (many.returncode, json.loads(many.stdout), many.stderr) == (one.returncode, json.loads(one.stdout), one.stderr)
    copies = {}
    for n in (1, jobs):
        copy = root.parent / f"{root.name}-fix-{n}"
        shutil.copytree(root, copy)
        copies[n] = (copy, run_cli(*args, "--fix", "--jobs", str(n), ".", cwd=copy))
    (copy1, fix1), (copyn, fixn) = copies[1], copies[jobs]
    assert (fixn.returncode, json.loads(fixn.stdout), fixn.stderr) == (fix1.returncode, json.loads(fix1.stdout), fix1.stderr)
    assert snapshot(copyn) == snapshot(copy1)
    assert snapshot(copy1) != snapshot(root)  # the corpus had things to fix
    # A second --fix finds nothing more to fix: same bytes, same findings left.
    before = snapshot(copyn)
    again = run_cli(*args, "--fix", "--jobs", str(jobs), ".", cwd=copyn)
    assert snapshot(copyn) == before
    assert json.loads(again.stdout) == json.loads(fixn.stdout)
    assert again.returncode == fixn.returncode
    assert "fixed" not in again.stderr.replace("not fixed", "")


@pytest.mark.skipif(sys.platform == "win32", reason="process-pool start-up makes this slow on Windows")
def test_jobs_1_and_2_agree_on_a_random_corpus(run_cli, tmp_path: Path) -> None:
    # Safe fixes only here; benchmarks/fuzz_long.py also runs --unsafe-fixes.
    root = tmp_path / "corpus"
    root.mkdir()
    random_corpus(root, files=200, seed=20261123)
    compare_jobs(run_cli, root, 2)
