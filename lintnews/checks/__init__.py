"""Checks for python-kind rules that a pattern alone cannot express.

Each function is named by a rule file (`function: "lintnews.checks.encoding:find_html_entities"`),
takes the document text plus the rule's `arguments`, and yields spans or
`Hit`s (see lintnews/kinds/python.py). The modules import only the standard
library and `regex`, and compile each pattern once, on first use.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import regex


# The methods a lazy pattern binds as attributes once compiled: __getattr__
# runs only when ordinary lookup fails, and going through it (an
# AttributeError raised and caught, a Python call) cost ~0.4 µs on every use.
BOUND_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyRe:
    """A stdlib `re` pattern compiled on first use. Importing these modules
    happens on every run (the rules are built at start-up) while most
    documents never reach a check, so compiling ~20 patterns up front would
    cost a one-file run several milliseconds for nothing."""

    __slots__ = ("_args", "_compiled", *BOUND_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
            for method in BOUND_METHODS:
                setattr(self, method, getattr(self._compiled, method))
        return getattr(self._compiled, name)


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return LazyRe(pattern, flags)  # type: ignore[return-value]


# Characters that other rules delete (control-character, zero-width-character,
# stray-bom). Vertical tabs, form feeds and information separators are left:
# they are whitespace to str.isspace() and str.strip() already. (Stdlib re: it
# scans for a character class five times faster than the regex module.)
# One by one they are literals of the engine's shared scan, which then tells
# whether a document holds one (lintnews.engine).
DELETED_CHARS = tuple(
    chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0xA0), 0xAD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
)
DELETED_ELSEWHERE = lazy_re("[" + "".join(DELETED_CHARS) + "]")


def lazy_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """The same for a pattern that needs the `regex` module (\\p{..} classes,
    variable-width look-behinds): compiling one costs milliseconds."""
    from lintnews.patterncache import LazyPattern

    return LazyPattern(pattern, flags)  # type: ignore[return-value]


# Up to this many characters a text is tested as bytes; beyond, the callers
# scan the str instead: a second copy of a 100 MB text is not worth it.
BYTE_TESTS_UP_TO = 1 << 20


def utf8(text: str) -> bytes | None:
    """text.encode("utf-8", "surrogatepass"): the bytes of the document the
    engine is checking (read from its file, or encoded once and shared by
    every check and the literal scan), or of `text` encoded now; None for a
    text longer than BYTE_TESTS_UP_TO. Checks that test bytes (a byte find
    or a bytes.translate costs a fraction of a character-class scan of the
    text) take them from here. A lone surrogate becomes three bytes of 0xED
    and 0x80-0xBF: it never looks like a character below U+0800."""
    if len(text) > BYTE_TESTS_UP_TO:
        return None
    from lintnews.document import Document

    return Document.of(text).utf8()
