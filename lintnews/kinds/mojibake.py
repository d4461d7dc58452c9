"""mojibake: text that was UTF-8 but got decoded as Windows-1252 or Latin-1.

The detection and repair are ftfy's (a well-kept library that does this far
better than a hand-written table). Only ftfy's *encoding* repair runs: HTML
unescaping, quote uncurling, width and ligature fixes, line-break and
Unicode normalisation stay off, so a fix never touches text that was decoded
correctly. ftfy is imported on first need, because it costs ~100 ms to
import and most documents (all ASCII ones, for a start) never need it.

Each repaired line is compared with the original and every changed run
becomes its own diagnostic, so a fix is as small as the damage.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from lintnews.checks import utf8
from lintnews.diagnostics import Diagnostic
from lintnews.document import Document
from lintnews.kinds.base import (
    Kind,
    Option,
    replacement_diagnostic,
)
from lintnews.rulefile import RuleSpec

# A UTF-8 lead byte (0xC2-0xF4) followed by a continuation byte (0x80-0xBF),
# both seen through Windows-1252 or Latin-1. Every mojibake ftfy can repair
# contains such a pair; correct text almost never does, so this cheap scan
# decides whether ftfy needs to be imported and run at all.
CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# The characters of CONTINUATION above U+00FF, one by one.
HIGH_CONTINUATION = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
# A C1 control character alone is Windows-1252 text read as Latin-1 ("\x93"
# for "“"); ftfy's fix_c1_controls repairs it, so it is a suspect too.
# Written to start with a character class (not an alternation), so that re's
# search skips ahead to lead characters without trying every position: about
# twice as fast as the equivalent `[lead][cont]|\u00c3 |[C1]`.
SUSPECT = re.compile(
    f"[\u0080-\u009f\u00c2-\u00f4](?:(?<=[\u00c2-\u00f4])(?:[{CONTINUATION}]|(?<=\u00c3) )|(?<=[\u0080-\u009f]))"
)

# The same test on the text's UTF-8 bytes, where it needs no character class
# scan (re tests a class at ~50 instructions a character; encoding costs ~12
# and finding a byte ~1). A lead character U+00C2-U+00F4 is the byte 0xC3
# and a second byte 0x82-0xB4, a C1 control 0xC2 and 0x80-0x9F; UTF-8 is
# self-synchronising, so 0xC2 and 0xC3 only ever start those characters and
# a byte match is a character match.
_SUSPECT_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_SUSPECT_LEAD = re.compile(
    rb"\xc3(?:\x83 |[\x82-\xb4](?:\xc2[\x80-\xbf]|"
    + b"|".join(re.escape(c.encode()) for c in HIGH_CONTINUATION)
    + rb"))"
)


def has_suspect(text: str) -> bool:
    """Whether SUSPECT.search(text) finds anything, answered without scanning
    the text for a character class: nearly every document answers no."""
    if text.isascii():
        return False
    data = utf8(text)
    if data is None:  # a huge text: scanned as it is, no copy
        return SUSPECT.search(text) is not None
    return (b"\xc3" in data and _SUSPECT_LEAD.search(data) is not None) or (
        b"\xc2" in data and _SUSPECT_C1.search(data) is not None
    )


ENCODING_NAMES = {
    "sloppy-windows-1252": "Windows-1252",
    "windows-1252": "Windows-1252",
    "latin-1": "Latin-1",
    "iso-8859-1": "Latin-1",
    "sloppy-windows-1251": "Windows-1251",
    "windows-1251": "Windows-1251",
    "macroman": "Mac Roman",
    "cp437": "CP437",
    "sloppy-windows-1250": "Windows-1250",
}


def describe_plan(plan: Sequence[tuple[str, str]]) -> str:
    """Turn ftfy's explanation into words: 'UTF-8 read as Windows-1252 (twice)'.

    Each encode step undoes one wrong decoding; the decode that follows it
    names what the bytes really were (UTF-8, or Windows-1252 when C1
    controls stood for its punctuation)."""
    steps = list(plan)
    readings: list[tuple[str, str]] = []  # (really, read as)
    for i, (action, param) in enumerate(steps):
        if action != "encode":
            continue
        really = next((p for a, p in steps[i + 1 :] if a == "decode"), "utf-8")
        readings.append((ENCODING_NAMES.get(really, "UTF-8" if really.startswith("utf-8") else really),
                         ENCODING_NAMES.get(param, param)))
    if readings:
        really = readings[-1][0]
        names = list(dict.fromkeys(read_as for _, read_as in readings))
        if len(names) == 1:
            times = {1: "", 2: " twice", 3: " three times"}.get(len(readings), f" {len(readings)} times")
            return f"{really} read as {names[0]}{times}"
        return f"{really} read as " + ", then as ".join(names)
    actions = [param for action, param in steps if action in ("apply", "transcode")]
    if "decode_inconsistent_utf8" in actions:
        return "UTF-8 read as Windows-1252 in part of the text"
    if "fix_c1_controls" in actions:
        return "Windows-1252 read as Latin-1"
    return "encoding damage (" + ", ".join(actions or ["ftfy"]) + ")"


class MojibakeRule:
    def __init__(self, spec: RuleSpec, options: dict[str, Any]) -> None:
        self.spec = spec
        self.options = options
        self._config: Any = None

    def _fixer_config(self) -> Any:
        if self._config is None:
            import ftfy  # lazy: see the module docstring

            self._config = ftfy.TextFixerConfig(
                unescape_html=False,
                remove_terminal_escapes=False,
                fix_encoding=True,
                restore_byte_a0=self.options["restore_byte_a0"],
                replace_lossy_sequences=self.options["replace_lossy_sequences"],
                decode_inconsistent_utf8=self.options["decode_inconsistent_utf8"],
                fix_c1_controls=self.options["fix_c1_controls"],
                fix_latin_ligatures=False,
                fix_character_width=False,
                uncurl_quotes=False,
                fix_line_breaks=False,
                fix_surrogates=False,
                remove_control_chars=False,
                normalization=None,
                explain=True,
            )
        return self._config

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        text = doc.text
        if not has_suspect(text):
            return
        import ftfy

        config = self._fixer_config()
        seen_lines: set[int] = set()
        for m in SUSPECT.finditer(text):
            start, content_end, _ = doc.line_span(m.start())
            if start in seen_lines:
                continue
            seen_lines.add(start)
            line = text[start:content_end]
            fixed, plan = ftfy.fix_encoding_and_explain(line, config)
            if fixed == line:
                continue
            cause = describe_plan(plan or [])
            yield from self._diagnose(start, line, fixed, cause)

    def _diagnose(self, offset: int, line: str, fixed: str, cause: str) -> Iterator[Diagnostic]:
        spec = self.spec
        import difflib  # only for a line that really has mojibake

        # Only the part between the unchanged head and tail is compared:
        # SequenceMatcher is quadratic in the length it is given (milliseconds
        # for a long paragraph), and the head and tail are what it would
        # align first anyway.
        head, tail = _common_ends(line, fixed)
        matcher = difflib.SequenceMatcher(None, line[head:len(line) - tail], fixed[head:len(fixed) - tail], autojunk=False)
        for tag, a0, a1, b0, b1 in _merge(matcher.get_opcodes()):
            if tag == "equal":
                continue
            a0, a1, b0, b1 = a0 + head, a1 + head, b0 + head, b1 + head
            # A sequence ftfy could only partly repair ends in the U+FFFD it
            # kept: show it, so the message does not read "should read ''".
            while a1 < len(line) and b1 < len(fixed) and line[a1] == fixed[b1] == "\ufffd":
                a1, b1 = a1 + 1, b1 + 1
            wrong, right = line[a0:a1], fixed[b0:b1]
            yield replacement_diagnostic(spec, offset + a0, offset + a1, wrong, right, cause=cause)


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the longest common prefix of a and b, and of the longest
    common suffix of what is left after it (found by halving: C-speed slice
    comparisons instead of a Python loop over characters)."""
    shorter = min(len(a), len(b))
    low, high = 0, shorter  # the prefix length lies in [low, high]
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    head = low
    low, high = 0, shorter - head
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid:len(a) - low] == b[len(b) - mid:len(b) - low]:
            low = mid
        else:
            high = mid - 1
    return head, low


def _merge(opcodes: Sequence[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Join changed runs separated by a single unchanged character, so one
    garbled character sequence gives one diagnostic, not two."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        tag, a0, a1, b0, b1 = op
        if (
            tag != "equal"
            and len(out) >= 2
            and out[-1][0] == "equal"
            and out[-1][2] - out[-1][1] <= 1
            and out[-2][0] != "equal"
        ):
            prev = out[-2]
            out[-2:] = [("replace", prev[1], a1, prev[3], b1)]
        else:
            out.append(op)
    return out


class MojibakeKind(Kind):
    name = "mojibake"
    description = "Finds UTF-8 text decoded with the wrong codec and repairs it with ftfy's encoding fixer."
    fix_actions = ("replace",)
    options = {
        "restore_byte_a0": Option("boolean", "repair mojibake whose 0xA0 byte became a plain space (ftfy)", default=True),
        "replace_lossy_sequences": Option("boolean", "repair sequences where some bytes were lost, using U+FFFD (ftfy)", default=True),
        "decode_inconsistent_utf8": Option("boolean", "repair mojibake mixed with correct text on one line (ftfy)", default=True),
        "fix_c1_controls": Option("boolean", "turn stray C1 control characters into their Windows-1252 meaning (ftfy)", default=True),
    }

    def build(self, spec: RuleSpec) -> MojibakeRule:
        return MojibakeRule(spec, self.validate(spec))
