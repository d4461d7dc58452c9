"""JSON Lines: read records line by line, and splice a fixed text back in.

A fix changes only the JSON string of the text field: the rest of the line
(other fields, key order, spacing, number formatting) is copied unchanged,
and lines whose text did not change are copied byte for byte. The new
string is escaped in the style the line already uses: raw UTF-8 if the
line holds any, `\\uXXXX` escapes if it escapes non-ASCII characters, raw
UTF-8 (what datatrove/dolma writers produce) when it cannot tell.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any, cast

from lintnews.formats import MissingExtra

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


class InvalidRecord(Exception):
    """A line that is not a usable record; the message says why."""


def open_lines(path: str, compression: str) -> IO[bytes]:
    """A binary stream of the decompressed file; iterate it for lines."""
    if compression == "gzip":
        import gzip

        return cast(IO[bytes], gzip.open(path, "rb"))
    handle = open(path, "rb")  # noqa: SIM115 (returned to the caller)
    if compression == "zstd":
        zstandard = _zstandard()
        reader = zstandard.ZstdDecompressor().stream_reader(handle, closefd=True, read_across_frames=True)
        return io.BufferedReader(reader, buffer_size=1 << 20)
    return handle


def open_writer(raw: IO[bytes], compression: str) -> IO[bytes]:
    """Wrap the temporary file in the input's compression (closing the
    result finishes the stream but leaves `raw` open)."""
    if compression == "gzip":
        import gzip

        # mtime=0 and no name: the output depends only on the content.
        return cast(IO[bytes], gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0))
    if compression == "zstd":
        return _zstandard().ZstdCompressor(level=3).stream_writer(raw, closefd=False)  # type: ignore[no-any-return]
    return cast(IO[bytes], _Unclosing(raw))


class _Unclosing(io.RawIOBase):
    """Writes through to a stream that the caller closes itself."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self._raw.write(data)


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise MissingExtra("a zstd-compressed JSON Lines file", "zstandard", "zstd") from None
    return zstandard


def lookup(obj: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    """(found, value) of a dotted path in a parsed record."""
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return False, None
        obj = obj[key]
    return True, obj


def parse_record(line: str, text_path: tuple[str, ...], id_path: tuple[str, ...]) -> tuple[str, str | None]:
    """(text, id) of one line, or InvalidRecord saying what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(f"is not valid JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError as exc:  # e.g. a number too long to convert
        raise InvalidRecord(f"is not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise InvalidRecord(f"is a JSON {type(obj).__name__ if obj is not None else 'null'}, not an object")
    name = ".".join(text_path)
    found, text = lookup(obj, text_path)
    if not found:
        raise InvalidRecord(f"has no `{name}` field (see --text-field)")
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        raise InvalidRecord(f"has a `{name}` field that is {kind}, not a string")
    found, ident = lookup(obj, id_path)
    return text, id_text(ident) if found else None


def id_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def string_span(line: str, path: tuple[str, ...]) -> tuple[int, int]:
    """Start and end offsets of the JSON string at `path` in `line` (the
    quotes included). Like json.loads, the last of duplicate keys wins.
    Only called on lines parse_record accepted."""
    pos = _skip(line, 0)
    for depth, key in enumerate(path):
        last = depth == len(path) - 1
        if line[pos] != "{":
            raise InvalidRecord(f"`{'.'.join(path[: depth + 1])}` is not inside an object")
        pos = _skip(line, pos + 1)
        target = -1
        while line[pos] != "}":
            name, pos = json.decoder.scanstring(line, pos + 1)  # type: ignore[attr-defined]
            pos = _skip(line, pos)
            pos = _skip(line, pos + 1)  # the colon
            if name == key:
                target = pos
            _, pos = _DECODER.raw_decode(line, pos)
            pos = _skip(line, pos)
            if line[pos] == ",":
                pos = _skip(line, pos + 1)
        if target < 0:
            raise InvalidRecord(f"has no `{'.'.join(path)}` field")
        pos = target
        if last:
            _, end = _DECODER.raw_decode(line, pos)
            return pos, end
    raise AssertionError("empty field path")


def _skip(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in _WHITESPACE:
        pos += 1
    return pos


def encode_string(text: str, line: str, start: int, end: int) -> str:
    """`text` as a JSON string in the escaping style of `line`."""
    token = line[start:end]
    if any(ord(c) > 127 for c in token):
        ascii_only = False
    elif _escapes_non_ascii(token):
        ascii_only = True
    elif any(ord(c) > 127 for c in line):
        ascii_only = False
    else:
        ascii_only = _escapes_non_ascii(line)
    out = json.dumps(text, ensure_ascii=ascii_only)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only an escape can carry it
        out = json.dumps(text, ensure_ascii=True)
    return out


def _escapes_non_ascii(token: str) -> bool:
    index = token.find("\\u")
    while index != -1:
        # \u0080 and above; an escaped backslash before "u" is not an escape,
        # but counting it only errs towards ASCII output, which stays valid.
        if token[index + 2 : index + 6].lower() >= "0080":
            return True
        index = token.find("\\u", index + 2)
    return False


def replace_text(line: str, path: tuple[str, ...], text: str) -> str:
    start, end = string_span(line, path)
    return line[:start] + encode_string(text, line, start, end) + line[end:]


def split_terminator(raw: bytes) -> tuple[bytes, bytes]:
    """(content, terminator) of a raw line."""
    if raw.endswith(b"\r\n"):
        return raw[:-2], b"\r\n"
    if raw.endswith(b"\n"):
        return raw[:-1], b"\n"
    return raw, b""


def batches(stream: IO[bytes], first_line: int = 1) -> Iterator[tuple[int, list[bytes]]]:
    """(line number of the first, raw lines) in batches of about
    BATCH_RECORDS lines or BATCH_BYTES bytes, terminators kept."""
    from lintnews.formats import BATCH_BYTES, BATCH_RECORDS

    number = first_line
    batch: list[bytes] = []
    size = 0
    for raw in stream:
        batch.append(raw)
        size += len(raw)
        if len(batch) >= BATCH_RECORDS or size >= BATCH_BYTES:
            yield number, batch
            number += len(batch)
            batch, size = [], 0
    if batch:
        yield number, batch
