"""Characters that do not belong in decoded news text: HTML left undecoded,
control characters, invisible characters, stray byte-order marks, runs of
odd spaces.

Shared idea: a fix is safe only when it cannot change what a reader of the
original page saw (deleting an invisible character, decoding an entity the
browser would have decoded); where it could (collapsing a long run of
no-break spaces that may align a results table), the fix is graded unsafe.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import regex

from lintnews.checks import lazy_re, utf8
from lintnews.document import Document
from lintnews.kinds.base import line_deletion
from lintnews.kinds.mojibake import CONTINUATION
from lintnews.kinds.python import Hit
from lintnews.patterncache import LazyPattern

# --- html-entity -----------------------------------------------------------

# Named and numeric references with their semicolon; numeric ones without it
# too (scrapers often drop it: "&#8217s"), and the five commonest names
# without it when a space follows ("Barnes &amp Noble"). "AT&T", "R&D",
# "Q&A" and "&c" never match: no semicolon and not one of those names.
# A reference escaped again ("&amp;quot;", "&amp;amp;#8217;") is one finding,
# decoded all the way in one fix.
_ENTITY = lazy_re(
    r"&(?:amp;)*(?:(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|#[0-9]{2,7}(?![0-9;])|#[xX][0-9a-fA-F]{2,6}(?![0-9a-fA-F;])"
    r"|(?:amp|nbsp|quot|lt|gt)(?=[ \t]|$))",
    re.MULTILINE,
)


def find_html_entities(text: str) -> Iterator[Hit]:
    """HTML character references a scraper left undecoded. The fix is the
    stdlib's html.unescape of the reference alone, so `&nbsp;` becomes
    U+00A0, exactly what the page showed (the nbsp-run rule judges spacing);
    a reference to a control character or to nothing gets no fix."""
    import html
    from html.entities import html5

    for m in _ENTITY.finditer(text):
        start, ref = m.start(), m.group()
        body = ref[1:]
        while body.startswith("amp;") and len(body) > 4:
            body = body[4:]  # the extra layers of escaping
        if body[0] != "#" and body.endswith(";") and body not in html5:
            if not ref.startswith("&amp;"):
                continue  # "&foo;" is not an entity: leave it
            ref = "&amp;"  # "&amp;foo;": only the escaped ampersand is a reference
            body = "amp;"
        decoded = html.unescape("&" + body)
        if decoded == "&" + body:
            continue
        fixable = decoded != "\ufffd" and not any(_is_control(c) for c in decoded)
        yield Hit(start, start + len(ref), decoded if fixable else None)


def _is_control(c: str) -> bool:
    o = ord(c)
    return (o < 0x20 and c not in "\t\n\r") or 0x7F <= o <= 0x9F


# --- html-tag --------------------------------------------------------------

# A closed list of real HTML element names: "<3", "x < y > z" and "<<" never
# match, and neither do made-up placeholders such as "<your name>".
_INLINE = (
    "a abbr b bdi bdo big cite code data del dfn em font i img input ins kbd label mark q s samp "
    "small span strike strong sub sup time tt u var wbr button select option textarea"
)
_BLOCK = (
    "address article aside audio blockquote body br canvas caption center col colgroup dd details dialog "
    "div dl dt embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html iframe "
    "legend li link main meta nav noscript object ol optgroup p picture pre script section source style "
    "summary table tbody td template tfoot th thead title tr track ul video"
)
BLOCK_TAGS = frozenset(_BLOCK.split())
_NAMES = "|".join(sorted(set(_INLINE.split()) | BLOCK_TAGS, key=len, reverse=True))
# Attributes must hold an "=" ("<div class=x>"): that keeps prose such as
# "if n<p and p>q" out, at the price of missing "<input disabled>".
_TAG = (
    rf"</?(?:{_NAMES})(?=[\s/>])(?:\s+[^<>=\n]*=[^<>\n]*)?\s*/?>"
    r"|<!--[^\n]{0,1000}?-->"
)
_TAG_RUN: regex.Pattern[str] = LazyPattern(
    rf"(?i)<(script|style)\b[^<>\n]*>[^\n]*?</\1\s*>|(?:{_TAG})(?:[ \t]*(?:{_TAG}))*", 0
)  # type: ignore[assignment]
_TAG_NAME = lazy_re(r"</?([A-Za-z][A-Za-z0-9]*)")
_GAP = lazy_re(r">[ \t]+<")


def find_html_tags(text: str) -> Iterator[Hit]:
    """Runs of adjacent HTML tags (and comments; a one-line <script> or
    <style> element with its content). The fix deletes the run; a run with a
    block-level tag (<p>, <br>, <div>, ...) between two words becomes one
    space, since the tag stood for a break and deleting it would glue the
    words. A line holding nothing but tags is deleted whole."""
    runs = list(_TAG_RUN.finditer(text))
    if not runs:
        return
    doc = Document.of(text)
    tag_only: dict[int, list[regex.Match[str]]] = {}
    for m in runs:
        start = doc.line_span(m.start())[0]
        tag_only.setdefault(start, []).append(m)
    whole_lines = {
        start for start in tag_only
        if not _TAG_RUN.sub("", text[start : doc.line_span(start)[1]]).strip()
    }
    deleted = frozenset(whole_lines)
    for line_start in sorted(tag_only):
        if line_start in whole_lines:
            s, e, blank = line_deletion(doc, line_start, deleted)
            shown = text[line_start : doc.line_span(line_start)[1]].strip()
            yield Hit(s, e, blank, {"what": f"a line of HTML tags {shown[:50]!r}"}, deletes_line=line_start)
            continue
        for m in tag_only[line_start]:
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            names = {n.lower() for n in _TAG_NAME.findall(m.group())}
            joins_words = not before.isspace() and not after.isspace()
            # Spaces between the tags of a run were visible: keep one.
            gap = ">" in m.group()[:-1] and bool(_GAP.search(m.group()))
            replacement = " " if joins_words and (names & BLOCK_TAGS or gap) else ""
            yield Hit(m.start(), m.end(), replacement, {"what": f"HTML tag {m.group()[:60]!r}"})


# --- control-character -----------------------------------------------------

# C0 controls but tab, LF and CR; DEL; and the five C1 code points that
# Windows-1252 leaves undefined. The other C1 controls are Windows-1252
# punctuation read as Latin-1 (\x93 for “): the mojibake rule repairs them.
_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_C1_UNDEFINED = "\x81\x8d\x8f\x90\x9d"
_CONTROL = lazy_re(rf"\x1b\[[0-9;?]*[A-Za-z]|[{_C0}]+|[\x80-\x9f]")
# One character class, which the engine scans for much faster than the
# alternation above: most documents have no control character at all.
_ANY_CONTROL = lazy_re(rf"[{_C0}\x1b\x80-\x9f]")
# The same test on the text's UTF-8 bytes: a C0 control or DEL is its own
# byte there (every byte of a longer character is 0x80 or above), a C1
# control is 0xC2 and a byte 0x80-0x9F. Deleting every other byte with
# bytes.translate and finding 0xC2 cost far less than the class scan.
_NOT_C0 = bytes(b for b in range(256) if not (b <= 0x08 or b in (0x0B, 0x0C) or 0x0E <= b <= 0x1F or b == 0x7F))
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


def _has_control(text: str) -> bool:
    """Whether _ANY_CONTROL.search(text) finds anything."""
    data = utf8(text)
    if data is None:  # a huge text: scanned as it is, no copy
        return _ANY_CONTROL.search(text) is not None
    return bool(data.translate(None, _NOT_C0)) or (b"\xc2" in data and _C1_BYTES.search(data) is not None)


# Characters of a mojibake sequence: a C1 control right after one of them is
# part of it ("â€\x9d" is a broken ”), so the mojibake rule reports it.
_MOJIBAKE_CHARS = lazy_re(f"[\u00c2-\u00f4{CONTINUATION}]")
_SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x1f"


def _after_mojibake(text: str, at: int) -> bool:
    """Whether the C1 control at `at` follows a mojibake character. Another
    undefined C1 control does not count: this rule deletes that one too, and
    the verdict must not change once it is gone (fixes settle in one pass)."""
    while at and text[at - 1] in _C1_UNDEFINED:
        at -= 1
    if not (at and _MOJIBAKE_CHARS.match(text, at - 1)):
        return False
    # A lone "Â" + C1 is the UTF-8 of that very control: mojibake's repair is
    # the control, which this rule deletes; flagged now, both go in one pass.
    # After more mojibake ("â€šÂ\x9d") it is a layer of a longer sequence.
    # (An undefined C1 control before it does not count: this rule deletes it.)
    before = text[at - 2] if at > 1 else ""
    return text[at - 1] != "\u00c2" or (before not in _C1_UNDEFINED and _MOJIBAKE_CHARS.match(before) is not None)


def find_control_characters(text: str, leave_c1_to_mojibake: bool = True) -> Iterator[Hit]:
    """Control characters, deleted by the fix. A vertical tab, form feed or
    information separator standing between two words becomes a space (it
    separated them: Word writes a manual line break as \\x0b). An ANSI
    terminal escape sequence ("\\x1b[0m") is deleted whole."""
    if not _has_control(text):
        return  # nearly every document: decided without the class scan
    first = _ANY_CONTROL.search(text)
    if first is None:
        return
    vocabulary: Counter[str] | None = None
    for m in _CONTROL.finditer(text, first.start()):
        found = m.group()
        if "\x80" <= found[0] <= "\x9f" and leave_c1_to_mojibake and (
            found not in _C1_UNDEFINED or _after_mojibake(text, m.start())
        ):
            continue
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        separates = any(c in _SEPARATORS for c in found) and not before.isspace() and not after.isspace()
        if separates and before.isalnum() and after.isalnum():
            if vocabulary is None:
                vocabulary = _vocabulary(text)
            separates = _separates_words(text, m.start(), m.end(), found, vocabulary)
        codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found) if not c.isprintable())
        yield Hit(m.start(), m.end(), " " if separates else "", {"codes": codes})


_WORD_CHARS = lazy_re(r"\w+")
# Word's manual line break (\x0b) and page break (\x0c) stand between words;
# its optional hyphen (\x1f) and non-breaking hyphen (\x1e), and the other
# information separators, are found inside words as often as between them.
_BREAKS = "\x0b\x0c"


def _vocabulary(text: str) -> Counter[str]:
    """The document's words, casefolded, with their counts: the evidence for
    where a control character between two letters stood (built once, only
    when needed). The control characters split words, so the halves of the
    word a character sits in are counted once each by themselves."""
    return Counter(w.casefold() for w in _WORD_CHARS.findall(text))


def _separates_words(text: str, start: int, end: int, found: str, vocabulary: Counter[str]) -> bool:
    """Whether the separator text[start:end], between two letters or digits,
    stood between two words (the fix writes a space) or inside one (the fix
    joins the halves). The document decides when it can: the joined word
    written elsewhere in it means one word ("l\x1eiability" where "liability"
    appears), both halves written elsewhere and the joined word never means
    two ("the\x1fcourt"). Otherwise a line or page break separates, the other
    separators join."""
    left = start
    while left and text[left - 1].isalnum():
        left -= 1
    right = end
    while right < len(text) and text[right].isalnum():
        right += 1
    head, tail = text[left:start].casefold(), text[end:right].casefold()
    if vocabulary[head + tail]:
        return False
    if vocabulary[head] > 1 and vocabulary[tail] > 1:
        return True
    return any(c in _BREAKS for c in found)


# --- zero-width-character and stray-bom ------------------------------------

_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\u180e"
_ZERO_WIDTH = lazy_re(f"[{_INVISIBLE}]+")
# Where a zero-width character is never meant: between letters of the
# scripts written with spaces (Latin, Greek, Cyrillic), digits, punctuation
# and spaces. Next to anything else (an emoji, whose sequences need ZWJ;
# Persian or Hindi, which need ZWNJ and ZWJ; Thai, Khmer or Japanese, where
# U+200B marks word breaks) it is left alone.
_SPACED: regex.Pattern[str] = LazyPattern(
    r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Nd}\p{Zs}\s!-/:-@\[-`{-~\u2010-\u2027\u00a1-\u00bf]", 0
)  # type: ignore[assignment]
_NAMES_OF = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\u00ad": "soft hyphen", "\u180e": "Mongolian vowel separator",
}


def find_zero_width(text: str) -> Iterator[Hit]:
    """Invisible characters inside words of space-separated scripts. The
    fix deletes them: they are invisible, so the text reads the same."""
    for m in _ZERO_WIDTH.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (_SPACED.match(before) and _SPACED.match(after)):
            continue
        names = ", ".join(f"{_NAMES_OF[c]} U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
        yield Hit(m.start(), m.end(), "", {"names": names})


def find_stray_bom(text: str) -> Iterator[Hit]:
    """U+FEFF anywhere but at the very start of the text (files.py already
    keeps a file's own BOM out of the text). Inside a text it is a byte-order
    mark carried along when files were concatenated, or a zero-width no-break
    space, invisible either way; the fix deletes it."""
    at = text.find("\ufeff", 1)
    while at != -1:
        end = at
        while end < len(text) and text[end] == "\ufeff":
            end += 1
        yield Hit(at, end, "")
        at = text.find("\ufeff", end)


# --- nbsp-run --------------------------------------------------------------

_ODD = "\u00a0\u2007\u202f\u3000\u2000-\u200a\u205f\u1680"
# A run of 2+ horizontal spaces holding at least one odd space, between two
# visible characters on one line (indentation and line ends are other rules').
_SPACE_RUN = lazy_re(rf"(?<=[^\s{_ODD}])(?=[ \t{_ODD}]*[{_ODD}])[ \t{_ODD}]{{2,}}(?=[^\s{_ODD}])")
_CJK: regex.Pattern[str] = LazyPattern(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef]", 0
)  # type: ignore[assignment]


def find_space_runs(text: str) -> Iterator[Hit]:
    """Runs of no-break or other odd spaces, or of plain spaces mixed with
    them, inside a line. The fix writes one plain space; it is safe for a
    pair of spaces (the "&nbsp; " or "&nbsp;&nbsp;" of an HTML page, shown
    as double spacing) and unsafe for longer runs or runs with a tab, which
    may align a results table. Runs of ideographic spaces beside CJK text
    are typography and are left alone."""
    for m in _SPACE_RUN.finditer(text):
        run = m.group()
        if set(run) == {"\u3000"} and (_CJK.match(text, m.start() - 1) or _CJK.match(text, m.end())):
            continue
        unsafe = len(run) > 2 or "\t" in run or any(c not in " \u00a0" for c in run)
        codes = "+".join("space" if c == " " else "tab" if c == "\t" else f"U+{ord(c):04X}" for c in run)
        yield Hit(m.start(), m.end(), " ", {"codes": codes}, unsafe=unsafe)
